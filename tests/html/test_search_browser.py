"""Real queries in headless Chromium against the built test archive on 127.0.0.1.

Skipped, with the reason shown by ``make test``, when Chromium or playwright
is missing; CI installs Chromium, so they run there.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from browser import browser_required, build_site, requested_paths, serve

from benchmarks.search_metrics import SETTLED, search_url

pytestmark = browser_required()

SEED = "Organizations demand justice for Central American migrants"
SPANISH = "Comunicado sobre la migración forzada"
DEFENDERS_2013 = "Protect the water defenders"
RIGHTS_2017 = "Rights of communities in the mining struggle"


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build_site(rootdir, tmp_path_factory, "search", strict=True)


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


@pytest.fixture
def page(context):
    tab = context.new_page()
    yield tab
    tab.close()


def titles(page) -> list[str]:
    return page.locator(".statement-search-result h2").all_inner_texts()


def open_search(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector(SETTLED)
    assert page.get_attribute("#statement-search", "data-status") == "results"
    return titles(page)


def test_carsi_finds_the_seed_statement(page, base):
    assert open_search(page, search_url(base, "CARSI")) == [SEED]
    result = page.locator(".statement-search-result").first
    assert "19 January 2016" in result.inner_text()
    assert "San Salvador, El Salvador" in result.inner_text()
    assert "Voices on the Border" in result.locator(".statement-search-signatories").inner_text()
    assert "CARSI" in result.locator(".statement-search-excerpt mark").first.inner_text()
    result.locator("h2 a").click()
    page.wait_for_load_state()
    assert page.url.endswith("statements/2016/2016-01-19-seed.html")


@pytest.mark.parametrize("query", ["migracion", "MIGRACION", "triangulo norte"])
def test_spanish_statement_found_without_accents(page, base, query):
    assert open_search(page, search_url(base, query)) == [SPANISH]


def open_filters(page) -> None:
    """Open the filter panel, as a reader would, and wait for its counts."""
    page.click("#statement-search-filter-panel > summary")
    page.wait_for_selector("#statement-search-filters input[type=checkbox]")


def test_signatory_filter_narrows_results(page, base):
    everyone = open_search(page, search_url(base, "human rights"))
    assert {DEFENDERS_2013, RIGHTS_2017} <= set(everyone)
    open_filters(page)
    # Each signatory shows how many of these results it has.
    voices = page.locator("#statement-search-filters label", has=page.locator("input[value='Voices on the Border']"))
    assert voices.locator(".statement-search-count").inner_text() == "(1)"
    # Ticking a signatory narrows the results and puts the filter in the URL.
    voices.locator("input").check()
    page.wait_for_function("document.location.search.includes('signatory')")
    page.wait_for_selector(SETTLED)
    page.wait_for_function("document.querySelectorAll('.statement-search-result').length === 1")
    assert titles(page) == [DEFENDERS_2013]
    params = parse_qs(urlsplit(page.url).query)
    assert params == {"q": ["human rights"], "signatory": ["Voices on the Border"]}
    # The same URL, opened afresh, gives the same results.
    assert open_search(page, page.url) == [DEFENDERS_2013]


def test_year_range_excludes_statements_outside_it(page, base):
    assert {DEFENDERS_2013, RIGHTS_2017} <= set(open_search(page, search_url(base, "human rights")))
    within = open_search(page, search_url(base, "human rights", **{"from": "2016", "to": "2017"}))
    assert RIGHTS_2017 in within and DEFENDERS_2013 not in within
    assert open_search(page, search_url(base, "human rights", **{"from": "2014", "to": "2016"})) == []
    assert page.inner_text("#statement-search-status") == "No statement matches this search."


def test_quoted_phrase_matches_only_that_phrase(page, base):
    assert {DEFENDERS_2013, RIGHTS_2017} <= set(open_search(page, search_url(base, "human rights defenders")))
    assert open_search(page, search_url(base, '"human rights defenders"')) == [DEFENDERS_2013]


def search_from_the_theme_box(page, start_url: str, words: str) -> None:
    """Follow the header's search link, type into the search page's box, as a reader would, and press Enter."""
    page.goto(start_url)
    page.locator("a.archive-search-link:visible").click()
    box = page.locator("#statement-search-query")
    box.fill(words)
    box.press("Enter")
    page.wait_for_selector(SETTLED)


def test_theme_search_box_leads_to_the_search(page, base):
    search_from_the_theme_box(page, base + "statements/2013/2013-03-08-defenders.html", "CARSI")
    assert urlsplit(page.url).path == "/search.html"
    assert titles(page) == [SEED]


MORAZAN = "Las comunidades de Morazán y la memoria"


def paragraph_links(page) -> list[tuple[str, str]]:
    links = page.locator(".statement-search-result").first.locator(".statement-search-paragraph")
    return [(link.inner_text(), link.get_attribute("href")) for link in links.all()]


def test_a_word_of_paragraph_7_lists_that_paragraph_and_lands_on_it(page, base):
    # "cafetaleros" is only in paragraph 7 of the Morazán statement.
    assert open_search(page, search_url(base, "cafetaleros")) == [MORAZAN]
    [(text, href)] = paragraph_links(page)
    assert text == "¶ 7" and href.endswith("statements/2014/2014-11-20-morazan.html#p7")
    result = page.locator(".statement-search-result").first
    assert "Found in ¶ 7" in result.inner_text()
    # The excerpt is cut from paragraph 7 and marks the word.
    excerpt = result.locator(".statement-search-excerpt")
    assert excerpt.inner_text().startswith("En Perquín, los cafetaleros")
    assert excerpt.locator("mark").all_inner_texts() == ["cafetaleros"]
    result.locator(".statement-search-paragraph").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).fragment == "p7"
    assert page.evaluate("document.querySelector(':target').id") == "p7"
    assert page.locator("#p7").is_visible()


def test_words_in_several_paragraphs_list_each(page, base):
    # "radio" is in paragraphs 2 and 6, "Centroamérica" in 3; the excerpt comes from the first.
    assert open_search(page, search_url(base, "radio")) == [MORAZAN]
    assert [text for text, _ in paragraph_links(page)] == ["¶ 2", "¶ 6"]
    assert page.inner_text(".statement-search-excerpt").startswith("La radio transmite")


def test_a_phrase_points_to_the_paragraph_that_holds_it(page, base):
    # Paragraph 2 has "radio" and "comunitaria" apart; only paragraph 6 has the phrase.
    assert open_search(page, search_url(base, '"radio comunitaria"')) == [MORAZAN]
    assert [text for text, _ in paragraph_links(page)] == ["¶ 6"]
    excerpt = page.locator(".statement-search-excerpt")
    assert excerpt.locator("mark").all_inner_texts() == ["radio", "comunitaria"]
    assert "Pedimos que la radio comunitaria" in excerpt.inner_text()


def test_a_first_query_loads_only_what_it_needs(context, base):
    """No filter counts until the panel opens; only the languages a query can match."""
    with requested_paths(context) as (tab, requested):
        assert open_search(tab, search_url(base, "CARSI")) == [SEED]
        # CARSI is a glossary term: its statements are found by the term filter, one file of
        # the English index's filters; the other filters wait for the panel.
        assert len([path for path in requested if path.startswith("/pagefind/filter/")]) == 1
        # "CARSI" starts no word of the Spanish statements: only the English index is loaded.
        assert [path for path in requested if path.startswith("/pagefind/wasm.")] == ["/pagefind/wasm.en.pagefind"]
        assert not [path for path in requested if path.startswith("/pagefind/pagefind.es_")]
        assert not tab.locator("#statement-search-filters input").count()
        open_filters(tab)
        assert [path for path in requested if path.startswith("/pagefind/filter/")]
        assert "/pagefind/wasm.es.pagefind" in requested  # the counts cover every language
        voices = tab.locator("#statement-search-filters label", has=tab.locator("input[value='Voices on the Border']"))
        assert voices.locator(".statement-search-count").inner_text() == "(1)"
        # A Spanish word loads the Spanish index.
        requested.clear()
        assert open_search(tab, search_url(base, "cafetaleros")) == [MORAZAN]
        assert "/pagefind/wasm.es.pagefind" in requested and "/pagefind/wasm.en.pagefind" not in requested


def test_filters_in_the_address_open_the_panel(page, base):
    open_search(page, search_url(base, "human rights", signatory="Voices on the Border"))
    assert page.get_attribute("#statement-search-filter-panel", "open") is not None
    assert page.is_checked("#statement-search-filters input[value='Voices on the Border']")
    assert titles(page) == [DEFENDERS_2013]


def test_served_search_loads_nothing_of_the_search_from_disk(context, base):
    tab = context.new_page()
    requested = []
    tab.on("request", lambda request: requested.append(request.url))
    try:
        assert open_search(tab, search_url(base, "CARSI")) == [SEED]
    finally:
        tab.close()
    assert any("/pagefind/" in url for url in requested)
    assert not [url for url in requested if "search-offline" in url]


# -- the site opened from disk (file://) -------------------------------------------------


def test_opened_from_disk_the_search_box_searches(page, site):
    search_from_the_theme_box(page, (site / "source/index.html").as_uri(), "CARSI")
    assert page.get_attribute("#statement-search", "data-status") == "results"
    assert page.evaluate("window.statementSearch.offline") is True
    assert titles(page) == [SEED]
    assert [text for text, _ in paragraph_links(page)] == ["¶ 1"]


def from_disk(site, query: str = "", **filters) -> str:
    return search_url((site / "").as_uri() + "/", query, **filters)


def test_from_disk_an_unaccented_spanish_word_and_a_signatory_filter(page, site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    # "centroamerica" is written "Centroamérica" in both Spanish statements.
    assert set(open_search(page, from_disk(site, "centroamerica"))) == {SPANISH, MORAZAN}
    assert not [url for url in requested if "/pagefind/" in url]  # nothing of Pagefind is tried
    open_filters(page)
    share = page.locator("#statement-search-filters label", has=page.locator("input[value='SHARE Foundation (SHARE)']"))
    assert share.locator(".statement-search-count").inner_text() == "(1)"
    share.locator("input").check()
    page.wait_for_function("document.location.search.includes('signatory')")
    page.wait_for_function("document.querySelectorAll('.statement-search-result').length === 1")
    assert titles(page) == [SPANISH]
    assert parse_qs(urlsplit(page.url).query) == {"q": ["centroamerica"], "signatory": ["SHARE Foundation (SHARE)"]}
    assert open_search(page, page.url) == [SPANISH]


@pytest.mark.parametrize("query", ["migracion", "MIGRACION", "triangulo norte", "migraciones"])
def test_from_disk_accents_and_case_are_ignored(page, site, query):
    assert open_search(page, from_disk(site, query)) == [SPANISH]


def test_from_disk_phrases_filters_years_and_order(page, site):
    assert {DEFENDERS_2013, RIGHTS_2017} <= set(open_search(page, from_disk(site, "human rights defenders")))
    assert open_search(page, from_disk(site, '"human rights defenders"')) == [DEFENDERS_2013]
    assert open_search(page, from_disk(site, '"radio comunitaria"')) == [MORAZAN]
    assert [text for text, _ in paragraph_links(page)] == ["¶ 6"]
    assert open_search(page, from_disk(site, "cafetaleros")) == [MORAZAN]
    assert [text for text, _ in paragraph_links(page)] == ["¶ 7"]
    within = open_search(page, from_disk(site, "rights", **{"from": "2016", "to": "2017"}))
    assert RIGHTS_2017 in within and DEFENDERS_2013 not in within
    voices = {"signatory": "Voices on the Border"}
    assert open_search(page, from_disk(site, sort="oldest", **voices)) == [DEFENDERS_2013, SEED]
    assert open_search(page, from_disk(site, sort="newest", **voices)) == [SEED, DEFENDERS_2013]
    assert open_search(page, from_disk(site, term="CARSI")) == [SEED]
    # The editorial note and the cite boxes are left out there too.
    assert open_search(page, from_disk(site, "Permanent")) == []


def test_filters_alone_and_order_by_date(page, base):
    voices = {"signatory": "Voices on the Border"}
    assert open_search(page, search_url(base, sort="oldest", **voices)) == [DEFENDERS_2013, SEED]
    assert open_search(page, search_url(base, sort="newest", **voices)) == [SEED, DEFENDERS_2013]
    assert open_search(page, search_url(base, term="CARSI")) == [SEED]


@pytest.mark.parametrize("query", ["editors", "checking", "Permanent"])
def test_notes_and_cite_boxes_are_not_searched(page, base, query):
    # "editors" and "checking" are only in the seed's editorial note,
    # "Permanent" only in its cite box.
    assert open_search(page, search_url(base, query)) == []


# -- a first query in the interface's language, the others on request -----------------

WATER_EN = [f"Water statement {n}" for n in range(1, 12)]
AGUA_ES = "La coalición y el agua"


@pytest.fixture(scope="module")
def waters(rootdir, tmp_path_factory):
    """The search test archive with eleven more English statements and a Spanish one, all about water."""

    def add_statements(srcdir):
        for n, title in enumerate(WATER_EN, start=1):
            (srcdir / f"statements/2013/2013-04-{n:02d}-water-{n}.md").write_text(
                f"---\ntitle: {title}\ndate: 2013-04-{n:02d}\nplace: Washington, United States\n"
                "signatories:\n  - voices\nlanguage: en\nkind: press release\n---\n\n"
                f"The water of the river belongs to the communities ({n}).\n",
                encoding="utf-8",
            )
        (srcdir / "statements/2014/2014-12-01-agua.md").write_text(
            f"---\ntitle: {AGUA_ES}\ndate: 2014-12-01\nplace: San Salvador, El Salvador\n"
            "signatories:\n  - cispes\nlanguage: es\nkind: communiqué\n---\n\n"
            "La Water Justice Coalition defiende el agua de las comunidades.\n",
            encoding="utf-8",
        )

    with serve(build_site(rootdir, tmp_path_factory, "search", prepare=add_statements, strict=True)) as url:
        yield url


def test_a_full_page_in_the_interface_language_offers_the_other_languages(context, waters):
    """'water' fills a page in English: the Spanish index is loaded only when the reader asks."""
    with requested_paths(context) as (tab, requested):
        shown = open_search(tab, search_url(waters, "water"))
        assert len(shown) == 10 and set(shown) <= set(WATER_EN) | {DEFENDERS_2013}
        assert tab.inner_text("#statement-search-status") == "12 statements found in English."
        assert [path for path in requested if path.startswith("/pagefind/wasm.")] == ["/pagefind/wasm.en.pagefind"]
        offer = tab.locator("#statement-search-languages")
        assert offer.is_visible() and offer.inner_text() == "Search the statements in Spanish too"
        offer.click()
        tab.wait_for_function("document.location.search.includes('languages=all')")
        tab.wait_for_function("document.getElementById('statement-search-status').textContent === '13 statements found.'")
        assert "/pagefind/wasm.es.pagefind" in requested
        assert not offer.is_visible()
        tab.click("#statement-search-more")
        tab.wait_for_function("document.querySelectorAll('.statement-search-result').length === 13")
        assert AGUA_ES in titles(tab)
        # The address keeps the choice: opened afresh, both languages at once.
        requested.clear()
        assert len(open_search(tab, tab.url)) == 10
        assert tab.inner_text("#statement-search-status") == "13 statements found."
        assert {"/pagefind/wasm.en.pagefind", "/pagefind/wasm.es.pagefind"} <= set(requested)


def test_fewer_than_a_page_in_the_interface_language_searches_the_others_at_once(context, waters):
    with requested_paths(context) as (tab, requested):
        # "justice": the seed statement in English, and an English name in the Spanish one.
        shown = open_search(tab, search_url(waters, "justice"))
        assert SEED in shown and AGUA_ES in shown
        assert tab.inner_text("#statement-search-status") == f"{len(shown)} statements found."
        assert {"/pagefind/wasm.en.pagefind", "/pagefind/wasm.es.pagefind"} <= set(requested)
        assert not tab.locator("#statement-search-languages").is_visible()


def test_ordered_by_date_every_language_is_searched(page, waters):
    shown = open_search(page, search_url(waters, "water", sort="newest"))
    assert shown[0] == AGUA_ES  # 2014, newer than every English one
    assert page.inner_text("#statement-search-status") == "13 statements found."


# -- results below the first page that the page's order brings up ---------------------------

COMMUNITY_EN = [f"Community statement {n}" for n in range(1, 12)]
COMMUNITIES = "A long statement that names the communities once"


@pytest.fixture(scope="module")
def communities(rootdir, tmp_path_factory):
    """Eleven short statements saying "community" often, and a long one saying "communities" once:
    Pagefind ranks the long one below them for "communities"; the page brings it up (the word itself)."""

    def add_statements(srcdir):
        for n, title in enumerate(COMMUNITY_EN, start=1):
            (srcdir / f"statements/2015/2015-05-{n:02d}-community-{n}.md").write_text(
                f"---\ntitle: {title}\ndate: 2015-05-{n:02d}\nplace: Washington, United States\n"
                "signatories:\n  - voices\nlanguage: en\nkind: press release\n---\n\n"
                + "The community and the community radio of the community. " * 3
                + f"({n})\n",
                encoding="utf-8",
            )
        filler = " ".join(f"Paragraph {n} speaks of elections, of courts and of the budget." for n in range(1, 60))
        (srcdir / "statements/2015/2015-06-30-communities.md").write_text(
            f"---\ntitle: {COMMUNITIES}\ndate: 2015-06-30\nplace: Washington, United States\n"
            "signatories:\n  - voices\nlanguage: en\nkind: press release\n---\n\n"
            f"{filler}\n\nWe stand with the communities.\n",
            encoding="utf-8",
        )

    with serve(build_site(rootdir, tmp_path_factory, "search", prepare=add_statements, strict=True)) as url:
        yield url


def test_a_result_below_the_first_page_comes_first_when_it_holds_the_word_itself(context, communities):
    """The first page is read as far as its order needs: here the records of the page (each holds
    "community" only) leave room for one below that holds the word itself, so those are read too."""
    with requested_paths(context) as (tab, requested):
        shown = open_search(tab, search_url(communities, "communities"))
        # Pagefind ranks both statements holding "communities" below ten of "community".
        assert set(shown[:2]) == {COMMUNITIES, RIGHTS_2017} and len(shown) == 10
        assert len([path for path in requested if path.startswith("/pagefind/fragment/")]) > 10
        assert tab.problems == []
