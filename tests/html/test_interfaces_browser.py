"""Every interactive page, in the English and the Spanish interface, as a reader uses it.

One module drives the search (a query, each filter, the years, the order by
date, the offer of the other language, the theme's search box), the search
from disk, the cite box and its copy buttons, the pin cites, and the language
switch, in each interface; every tab fails the test on a console error, an
uncaught exception, a failed request or an error response. What the pages
say is read from the package's catalog, so each interface is checked in its
own words.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import browser_required, build_site, serve, watched_tab, words

from benchmarks.search_metrics import SETTLED, search_url
from solidarity_archive.core.languages import language_name

pytestmark = browser_required()

INTERFACES = ["en", "es"]
OTHER = {"en": "es", "es": "en"}

SEED = "Organizations demand justice for Central American migrants"
SPANISH = "Comunicado sobre la migración forzada"
DEFENDERS_2013 = "Protect the water defenders"
RIGHTS_2017 = "Rights of communities in the mining struggle"
MORAZAN = "Las comunidades de Morazán y la memoria"
WATER_EN = [f"Water statement {n}" for n in range(1, 12)]
AGUA_ES = [f"Declaración sobre el agua {n}" for n in range(1, 12)]
COALICION = "La coalición de las comunidades"
AGUA_EN = "The agua campaign"
#: A query that fills a page in the interface's language and finds one statement in the other.
FULL_PAGE_QUERY = {"en": "water", "es": "agua"}


@pytest.fixture(scope="module", params=INTERFACES)
def interface(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def t(interface):
    return words(interface)


@pytest.fixture
def tab(context):
    """A tab that fails the test on any console error, uncaught exception or failed request."""
    with watched_tab(context) as watched:
        yield watched
        assert watched.problems == [], "\n".join(watched.problems)


# -- the search ----------------------------------------------------------------------


def add_water_statements(srcdir: Path) -> None:
    """Eleven English statements about water, eleven Spanish ones about agua, and one of each
    language naming the other's word: a query fills a page in either language and finds one
    statement in the other."""
    for n, title in enumerate(WATER_EN, start=1):
        (srcdir / f"statements/2013/2013-04-{n:02d}-water-{n}.md").write_text(
            f"---\ntitle: {title}\ndate: 2013-04-{n:02d}\nplace: Washington, United States\n"
            "signatories:\n  - voices\nlanguage: en\nkind: press release\n---\n\n"
            f"The water of the river belongs to the communities ({n}).\n",
            encoding="utf-8",
        )
    for n, title in enumerate(AGUA_ES, start=1):
        (srcdir / f"statements/2014/2014-12-{n:02d}-agua-{n}.md").write_text(
            f"---\ntitle: {title}\ndate: 2014-12-{n:02d}\nplace: San Salvador, El Salvador\n"
            "signatories:\n  - cispes\nlanguage: es\nkind: communiqué\n---\n\n"
            f"El agua del río es de las comunidades ({n}).\n",
            encoding="utf-8",
        )
    (srcdir / "statements/2014/2014-12-20-coalicion.md").write_text(
        f"---\ntitle: {COALICION}\ndate: 2014-12-20\nplace: San Salvador, El Salvador\n"
        "signatories:\n  - cispes\nlanguage: es\nkind: communiqué\n---\n\n"
        "La Water Justice Coalition defiende las comunidades.\n",
        encoding="utf-8",
    )
    (srcdir / "statements/2013/2013-04-30-agua-en.md").write_text(
        f"---\ntitle: {AGUA_EN}\ndate: 2013-04-30\nplace: Washington, United States\n"
        "signatories:\n  - voices\nlanguage: en\nkind: press release\n---\n\n"
        "The agua campaign joins communities on both sides of the border.\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def search_site(rootdir, tmp_path_factory, interface) -> Path:
    return build_site(
        rootdir,
        tmp_path_factory,
        "search",
        prepare=add_water_statements,
        strict=True,
        confoverrides={"language": interface},
    )


@pytest.fixture(scope="module")
def search_base(search_site):
    with serve(search_site) as url:
        yield url


def titles(page) -> list[str]:
    return page.locator(".statement-search-result h2").all_inner_texts()


def open_search(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector(SETTLED)
    assert page.get_attribute("#statement-search", "data-status") == "results", page.inner_text("#statement-search-status")
    return titles(page)


def open_filters(page) -> None:
    page.click("#statement-search-filter-panel > summary")
    page.wait_for_selector("#statement-search-filters input[type=checkbox]")


def status(page) -> str:
    return page.inner_text("#statement-search-status")


def test_search_speaks_the_interface_language(tab, search_base, interface, t):
    assert tab.goto(search_url(search_base)).ok
    tab.wait_for_selector("#statement-search[data-status=idle]")
    assert tab.locator("html").get_attribute("lang") == interface
    assert status(tab) == t("Type words to search the statements, or choose a filter.")
    assert tab.inner_text("h1") == t("Search the statements")
    assert open_search(tab, search_url(search_base, "CARSI")) == [SEED]
    assert status(tab) == t("{count} statement found.").format(count=1)
    result = tab.locator(".statement-search-result").first
    assert "CARSI" in result.locator(".statement-search-excerpt mark").first.inner_text()
    assert result.locator(".statement-search-paragraphs").inner_text().startswith(t("Found in ").strip())
    result.locator("h2 a").click()
    tab.wait_for_load_state()
    assert tab.url.endswith("statements/2016/2016-01-19-seed.html")
    assert open_search(tab, search_url(search_base, "xylophone")) == []
    assert status(tab) == t("No statement matches this search.")


def test_each_filter_narrows_the_results_and_lands_in_the_address(tab, search_base, t):
    everyone = open_search(tab, search_url(search_base, "human rights"))
    assert {DEFENDERS_2013, RIGHTS_2017} <= set(everyone)
    open_filters(tab)
    legends = tab.locator("#statement-search-filters legend").all_inner_texts()
    assert t("Year") in legends and t("Signatory") in legends
    # A signatory, ticked as a reader ticks it.
    voices = tab.locator("#statement-search-filters label", has=tab.locator("input[value='Voices on the Border']"))
    voices.locator("input").check()
    tab.wait_for_function("document.location.search.includes('signatory')")
    tab.wait_for_function("document.querySelectorAll('.statement-search-result').length === 1")
    assert titles(tab) == [DEFENDERS_2013]
    assert parse_qs(urlsplit(tab.url).query) == {"q": ["human rights"], "signatory": ["Voices on the Border"]}
    assert open_search(tab, tab.url) == [DEFENDERS_2013]
    # The years, chosen in the panel's lists.
    assert {DEFENDERS_2013, RIGHTS_2017} <= set(open_search(tab, search_url(search_base, "human rights")))
    open_filters(tab)
    from_year = tab.locator("#statement-search-filters select[name=from]")
    assert from_year.get_attribute("aria-label") == t("From year")
    from_year.select_option("2016")
    tab.wait_for_function("document.location.search.includes('from=2016')")
    tab.wait_for_selector(SETTLED)
    tab.wait_for_function(f"![...document.querySelectorAll('.statement-search-result h2')].some(h => h.textContent === {DEFENDERS_2013!r})")
    assert RIGHTS_2017 in titles(tab)
    # A term of the glossary, from the address.
    assert open_search(tab, search_url(search_base, term="CARSI")) == [SEED]
    assert tab.is_checked("#statement-search-filters input[value='CARSI']")


FILTER_GROUPS = {"signatory": "Signatory", "place": "Place", "country": "Country", "language": "Language", "kind": "Kind"}


@pytest.mark.parametrize("key", list(FILTER_GROUPS))
def test_each_filter_group_narrows_to_the_count_it_shows(tab, search_base, t, key):
    """Ticking a group's first choice, as a reader does: as many results as its count said."""
    open_search(tab, search_url(search_base, "communities"))
    open_filters(tab)
    group = tab.locator(f"#statement-search-filters .statement-search-filter-{key}")
    assert group.locator("legend").inner_text() == t(FILTER_GROUPS[key])
    choice = group.locator("label.statement-search-option").first
    count = int(choice.locator(".statement-search-count").inner_text().strip("()"))
    value = choice.locator("input").get_attribute("value")
    choice.locator("input").check()
    tab.wait_for_function(f"new URLSearchParams(location.search).get({key!r}) === {value!r}")
    tab.wait_for_function(f"document.querySelectorAll('.statement-search-result').length === {min(count, 10)}")
    tab.wait_for_selector(SETTLED)
    found = t("{count} statement found.") if count == 1 else t("{count} statements found.")
    assert status(tab) == found.format(count=count)


def test_ordered_by_date(tab, search_base, t):
    voices = {"signatory": "Voices on the Border"}
    assert open_search(tab, search_url(search_base, sort="oldest", **voices))[:3] == [DEFENDERS_2013, *WATER_EN[:2]]
    assert open_search(tab, search_url(search_base, sort="newest", **voices))[:3] == [SEED, AGUA_EN, WATER_EN[-1]]
    # Chosen in the page, from the order's own list, in the interface's words.
    open_search(tab, search_url(search_base, "agua"))
    sort = tab.locator("#statement-search-sort")
    assert sort.locator("option").all_inner_texts() == [t("Best match first"), t("Newest first"), t("Oldest first")]
    sort.select_option("newest")
    tab.wait_for_function("document.location.search.includes('sort=newest')")
    tab.wait_for_function(f"document.querySelector('.statement-search-result h2')?.textContent === {AGUA_ES[-1]!r}")


def test_the_other_language_is_offered_when_a_page_is_full(tab, search_base, interface, t):
    """A page of results in the interface's language: the other language's index is loaded only
    when the reader takes the offer, and adds its one statement."""
    other = OTHER[interface]
    assert len(open_search(tab, search_url(search_base, FULL_PAGE_QUERY[interface]))) == 10
    assert [path for path in tab.requested if path.startswith("/pagefind/wasm.")] == [f"/pagefind/wasm.{interface}.pagefind"]
    found_in = t("{count} statements found in {language}.")
    own = int(status(tab).split()[0])
    assert 10 < own < 20 and status(tab) == found_in.format(count=own, language=t(language_name(interface)))
    offer = tab.locator("#statement-search-languages")
    assert offer.is_visible()
    assert offer.inner_text() == t("Search the statements in {languages} too").format(languages=t(language_name(other)))
    offer.click()
    tab.wait_for_function("document.location.search.includes('languages=all')")
    tab.wait_for_function("document.getElementById('statement-search-languages').hidden")
    tab.wait_for_selector(SETTLED)
    assert f"/pagefind/wasm.{other}.pagefind" in tab.requested
    assert status(tab) == t("{count} statements found.").format(count=own + 1)
    tab.click("#statement-search-more")
    tab.wait_for_function(f"document.querySelectorAll('.statement-search-result').length === {own + 1}")
    assert {"en": COALICION, "es": AGUA_EN}[interface] in titles(tab)
    assert tab.locator("#statement-search-more").is_hidden()


def bundle_file_kind(path: str) -> str:
    """What a file of the search's bundle is, by its path under /pagefind/."""
    name = path.removeprefix("/pagefind/")
    for kind, starts in (("index", "index/"), ("filter", "filter/"), ("fragment", "fragment/"), ("wasm", "wasm.")):
        if name.startswith(starts):
            return kind
    return "meta" if name.endswith(".pf_meta") else name


def test_a_first_query_loads_its_first_page_only(tab, search_base, interface):
    """What the first query downloads: Pagefind's code, the interface language's index (its list of
    pages and the chunk of the query's word) and the records of the ten results shown; no filter,
    no other language, no record of a result not shown until the reader asks for more."""
    assert len(open_search(tab, search_url(search_base, FULL_PAGE_QUERY[interface]))) == 10
    loaded = [path for path in tab.requested if path.startswith("/pagefind/")]
    kinds = {}
    for path in loaded:
        kinds[bundle_file_kind(path)] = kinds.get(bundle_file_kind(path), 0) + 1
    assert kinds == {
        "pagefind-entry.json": 2,  # the page's and Pagefind's
        "archive-words.json.gz": 1,  # compressed, as Pagefind's script
        "pagefind.js.gz": 1,  # Pagefind's script, compressed
        "wasm": 1,
        "meta": 1,
        "index": 1,
        "fragment": 10,
    }, loaded
    assert f"/pagefind/wasm.{interface}.pagefind" in loaded
    assert [path for path in loaded if bundle_file_kind(path) == "meta"][0].startswith(f"/pagefind/pagefind.{interface}_")
    timings = tab.evaluate("window.statementSearch.timings")
    assert timings["start"] <= timings["indexReady"] <= timings["answered"] <= timings["shown"]
    assert tab.evaluate("window.statementSearch.dataRead") == 10
    # The rest of the results, when asked for: their records, once each.
    own = int(status(tab).split()[0])
    tab.click("#statement-search-more")
    tab.wait_for_function(f"document.querySelectorAll('.statement-search-result').length === {own}")
    fragments = [path for path in tab.requested if bundle_file_kind(path) == "fragment"]
    assert len(fragments) == len(set(fragments)) == own


#: The bytes a first query of this archive loads from the search's bundle, at most, by kind, besides the records of
#: its results (as Pagefind 1.5.2 writes them): more fails, so that a first query never loads more unnoticed.
#: Pagefind's WebAssembly and script, compressed by Zopfli (72.2 KB and 12.8 KB by zlib); the list of pages, which
#: holds no sort (the order by date is a file of its own, loaded by a search by date only); the word starts, compressed.
FIRST_QUERY_BYTES = {"wasm": 69_000, "pagefind.js.gz": 12_500, "meta": 300, "index": 1_600, "archive-words.json.gz": 400, "pagefind-entry.json": 500}


def test_a_first_query_loads_no_more_bytes_than_it_did(tab, search_base, search_site, interface):
    assert len(open_search(tab, search_url(search_base, FULL_PAGE_QUERY[interface]))) == 10
    loaded = [path for path in tab.requested if path.startswith("/pagefind/")]
    sizes: dict[str, int] = {}
    for path in loaded:
        sizes[bundle_file_kind(path)] = sizes.get(bundle_file_kind(path), 0) + (search_site / path.lstrip("/")).stat().st_size
    assert {kind: size for kind, size in sizes.items() if kind != "fragment"} == {
        kind: min(size, FIRST_QUERY_BYTES[kind]) for kind, size in sizes.items() if kind != "fragment"
    }
    assert not [path for path in loaded if "archive-order" in path]  # the order by date: a search by date loads it
    tab.goto(search_url(search_base, FULL_PAGE_QUERY[interface], sort="newest"))
    tab.wait_for_selector(SETTLED)
    # A search by date looks in every language: each one's order, once, compressed.
    assert sorted(path for path in tab.requested if "/archive-order." in path) == sorted(
        f"/pagefind/{name}" for name in os.listdir(search_site / "pagefind") if name.startswith("archive-order.") and name.endswith(".gz")
    )
    assert len(titles(tab)) == 10


def test_a_search_by_date_works_where_the_browser_cannot_decompress(tab, search_base, search_site, interface):
    """Without ``DecompressionStream`` (browsers before 2023) the page loads the uncompressed copies."""
    tab.add_init_script("delete window.DecompressionStream;")
    newest = search_url(search_base, FULL_PAGE_QUERY[interface], sort="newest")
    tab.goto(newest)
    tab.wait_for_selector(SETTLED)
    shown = titles(tab)
    assert len(shown) == 10
    orders = sorted(path for path in tab.requested if "/archive-order." in path)
    assert orders and not [path for path in orders if path.endswith(".gz")]
    assert "/pagefind/pagefind.js" in tab.requested


def test_the_theme_search_box_leads_to_the_search(tab, search_base):
    tab.goto(search_base + "statements/2013/2013-03-08-defenders.html")
    tab.locator("a.archive-search-link:visible").click()
    box = tab.locator("#statement-search-query")
    box.fill("CARSI")
    box.press("Enter")
    tab.wait_for_selector(SETTLED)
    assert urlsplit(tab.url).path == "/search.html"
    assert titles(tab) == [SEED]


def test_the_search_from_disk(tab, search_site, t):
    def from_disk(query: str = "", **filters) -> str:
        return search_url((search_site / "").as_uri() + "/", query, **filters)

    assert open_search(tab, from_disk("CARSI")) == [SEED]
    assert tab.evaluate("window.statementSearch.offline") is True
    assert status(tab) == t("{count} statement found.").format(count=1)
    assert not [path for path in tab.requested if "/pagefind/" in path]
    assert set(open_search(tab, from_disk("centroamerica"))) == {SPANISH, MORAZAN}
    open_filters(tab)
    share = tab.locator("#statement-search-filters label", has=tab.locator("input[value='SHARE Foundation (SHARE)']"))
    share.locator("input").check()
    tab.wait_for_function("document.location.search.includes('signatory')")
    tab.wait_for_function("document.querySelectorAll('.statement-search-result').length === 1")
    assert titles(tab) == [SPANISH]
    assert open_search(tab, from_disk(sort="oldest", signatory="Voices on the Border"))[:2] == [DEFENDERS_2013, WATER_EN[0]]
    # The theme's search box, opened from disk.
    tab.goto((search_site / "source/index.html").as_uri())
    tab.locator("a.archive-search-link:visible").click()
    box = tab.locator("#statement-search-query")
    box.fill("CARSI")
    box.press("Enter")
    tab.wait_for_selector(SETTLED)
    assert titles(tab) == [SEED]


# -- the cite box --------------------------------------------------------------------

CITED = "statements/2016/2016-01-19-hostile.html"


@pytest.fixture(scope="module")
def cite_base(rootdir, tmp_path_factory, interface, context):
    site = build_site(rootdir, tmp_path_factory, "cite", confoverrides={"language": interface})
    with serve(site) as url:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
        yield url


def test_each_copy_button_copies_its_reference(tab, cite_base, t):
    tab.goto(cite_base + CITED)
    box = tab.locator(".cite-box")
    assert box.locator(".cite-heading").text_content() == t("Cite this statement")
    references = box.locator(".cite-reference")
    buttons = box.locator("button.cite-copy")
    assert references.count() == buttons.count() == 3
    for index in range(3):
        reference = references.nth(index).inner_text()
        assert buttons.nth(index).inner_text() == t("Copy")
        buttons.nth(index).click()
        assert tab.evaluate("navigator.clipboard.readText()") == reference
        assert buttons.nth(index).inner_text() == t("Copied")
    assert box.locator("a.cite-download").count() == 3


def test_a_paragraph_number_gives_its_pin_cite(tab, cite_base, t):
    tab.goto(cite_base + CITED)
    tab.locator('a.paragraph-number[href="#p4"]').click()
    panel = tab.locator(".pin-cite")
    assert panel.count() == 1
    assert panel.inner_text().startswith(t("Cite this paragraph:"))
    text = panel.locator("span").inner_text()
    assert text.endswith(", ¶ 4, https://archive.example.org/statements/2016/2016-01-19-hostile.html#p4.")
    button = panel.locator("button")
    assert button.inner_text() == f"{t('Copy ¶')} 4"
    button.click()
    assert tab.evaluate("navigator.clipboard.readText()") == text
    assert button.inner_text() == t("Copied")
    tab.locator('a.paragraph-number[href="#p2"]').click()
    assert tab.locator(".pin-cite").count() == 1


# -- the language switch ---------------------------------------------------------------

TWINNED = "statements/2016/2016-01-19-justice-for-migrants.html"
FOLDER = {"en": "", "es": "es/"}


@pytest.fixture(scope="module")
def bilingual_base(rootdir, tmp_path_factory):
    """Both interfaces as one site, as ``make html-bilingual`` lays it out: the first at the root,
    the other in the folder named after it."""
    site = tmp_path_factory.mktemp("interfaces") / "site"
    for language in INTERFACES:
        built = build_site(
            rootdir,
            tmp_path_factory,
            "translations",
            strict=True,
            confoverrides={"language": language, "archive_interfaces": INTERFACES},
        )
        shutil.copytree(built, site / FOLDER[language], dirs_exist_ok=True)
    with serve(site) as url:
        yield url


def test_the_language_switch_leads_to_the_same_page(tab, bilingual_base, interface, t):
    other = OTHER[interface]
    tab.goto(f"{bilingual_base}{FOLDER[interface]}{TWINNED}")
    assert tab.locator(".statement-header dt.date").inner_text().rstrip(":") == t("Date")
    switcher = tab.locator("nav.interface-switcher")
    assert switcher.get_attribute("aria-label") == t("Interface language")
    switcher.get_by_role("link", name={"en": "English", "es": "Español"}[other]).click()
    tab.wait_for_url(f"{bilingual_base}{FOLDER[other]}{TWINNED}")
    assert tab.locator("nav.interface-switcher .interface-current").inner_text() == {"en": "English", "es": "Español"}[other]
    assert tab.locator(".statement-header dt.date").inner_text().rstrip(":") == words(other)("Date")
    # And the search of the other interface, from there.
    tab.goto(search_url(f"{bilingual_base}{FOLDER[other]}", "migrants"))
    tab.wait_for_selector(SETTLED)
    assert tab.get_attribute("#statement-search", "data-status") == "results"
