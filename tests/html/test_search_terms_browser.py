"""Queries as a researcher writes them, over a small archive in English and Spanish (tests/roots/test-search-terms).

A glossary term named in one language finds the statements that name it in the
other; small words count for nothing; a quoted phrase (and a term's name) must
stand in a row, served and from disk; an English query finds no Spanish
statement through a short Spanish word that begins an English one; excerpts
come from the statement's text. In both interfaces, with no console error.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import browser_required, build_site, serve, watched_tab, words

from benchmarks.search_metrics import SETTLED, search_url

pytestmark = browser_required()

ALLIANCE_EN = "Aid tied to border control"
ALIANZA_ES = "Rechazo al plan de desarrollo condicionado"
FERIAS_ES = "Ferias de tierras en el oriente"
MINERIA_ES = "La minería amenaza el agua"
DEPORTATION_EN = "Stop the flights"
SANTA_MARTA_EN = "Solidarity with a returned community"
WATER_EN = "Water for the villages of Cabañas"  # placed in Santa Marta, with an original document
ELECTIONS_EN = "Observers at the elections"  # Marta Hernández, in Santa Ana


@pytest.fixture(scope="module", params=["en", "es"])
def language(request):
    return request.param


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory, language):
    return build_site(rootdir, tmp_path_factory, "search-terms", strict=True, confoverrides={"language": language})


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


@pytest.fixture
def tab(context):
    with watched_tab(context) as watched:
        yield watched
        # The browser asks for /favicon.ico on its own; anything else that went wrong fails the test.
        assert [problem for problem in watched.problems if "/favicon.ico" not in problem] == []


def titles(tab) -> list[str]:
    return tab.locator(".statement-search-result h2").all_inner_texts()


def open_search(tab, url: str) -> list[str]:
    tab.goto(url)
    tab.wait_for_selector(SETTLED)
    assert tab.get_attribute("#statement-search", "data-status") == "results"
    return titles(tab)


def from_disk(site, query: str = "", **filters) -> str:
    return search_url((site / "").as_uri() + "/", query, **filters)


def test_an_english_term_finds_the_spanish_statement_that_names_it_in_spanish(tab, base):
    assert open_search(tab, search_url(base, "Alliance for Prosperity")) == [ALLIANCE_EN, ALIANZA_ES]
    # The Spanish statement marks the term's Spanish name.
    spanish = tab.locator(".statement-search-result").nth(1)
    assert "Alianza para la Prosperidad" in " ".join(spanish.locator(".statement-search-excerpt mark").all_inner_texts())


def test_a_spanish_term_finds_the_english_statement_and_no_statement_of_small_words(tab, base):
    # The land fairs statement holds "para", "la" and "a", not the term.
    assert open_search(tab, search_url(base, "alianza para la prosperidad")) == [ALIANZA_ES, ALLIANCE_EN]
    assert open_search(tab, search_url(base, '"Alianza para la Prosperidad"')) == [ALIANZA_ES, ALLIANCE_EN]


def test_the_term_is_shown_with_a_link_to_its_statements_and_one_to_its_entry(tab, base, language):
    _ = words(language)
    open_search(tab, search_url(base, "Alliance for Prosperity aid"))
    line = tab.locator("#statement-search-terms .statement-search-term")
    assert line.count() == 1
    text = line.inner_text()
    also = _("{term} — also {names}").split("{term}")[1].split("{names}")[0]
    assert text.startswith("Alliance for Prosperity" + also) and "Alianza para la Prosperidad" in text
    entry = line.locator("a.statement-search-term-glossary")
    assert entry.inner_text() == _("{term} in the glossary").format(term="Alliance for Prosperity")
    assert urlsplit(entry.get_attribute("href")).path.endswith("source/glossary.html")
    assert urlsplit(entry.get_attribute("href")).fragment.startswith("term-")
    # The other word counts for the order: the English statement holds "aid", the Spanish one does not.
    assert titles(tab) == [ALLIANCE_EN, ALIANZA_ES]
    only = line.locator("a.statement-search-term-filter")
    assert only.inner_text() == _("Only the statements on {term}").format(term="Alliance for Prosperity")
    only.click()
    tab.wait_for_function("document.location.search.includes('term=')")
    tab.wait_for_selector(SETTLED)
    tab.wait_for_function("document.querySelectorAll('.statement-search-result').length === 2")
    assert parse_qs(urlsplit(tab.url).query) == {"term": ["Alliance for Prosperity"]}
    assert set(titles(tab)) == {ALLIANCE_EN, ALIANZA_ES}
    assert tab.input_value("#statement-search-query") == ""
    assert not tab.locator("#statement-search-terms").is_visible()  # the query names no term now


def test_the_glossary_link_leads_to_the_entry(tab, base):
    open_search(tab, search_url(base, "CARSI"))
    assert tab.locator("#statement-search-terms").is_visible()
    tab.locator("a.statement-search-term-glossary").click()
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path.endswith("/source/glossary.html")
    assert tab.evaluate("document.querySelector(':target').textContent").startswith("CARSI")


def test_no_term_no_term_line(tab, base):
    open_search(tab, search_url(base, "mining"))
    assert not tab.locator("#statement-search-terms").is_visible()


def test_deportation_flights_finds_no_spanish_statement_through_de(tab, base):
    # In the Spanish index, Pagefind answers "deportation" with "de" and leaves out "flights".
    assert open_search(tab, search_url(base, "deportation flights")) == [DEPORTATION_EN]
    assert open_search(tab, search_url(base, "deportation")) == [DEPORTATION_EN]
    assert open_search(tab, search_url(base, "deportation flights", languages="all")) == [DEPORTATION_EN]


def test_words_next_to_each_other_rank_first_and_a_phrase_keeps_only_them(tab, base):
    # "San" (San Salvador, San Miguel) does not stand for "Santa", nor "mar" for "Marta".
    shown = open_search(tab, search_url(base, "Santa Marta"))
    assert set(shown[:2]) == {SANTA_MARTA_EN, WATER_EN} and shown[2:] == [ELECTIONS_EN]
    assert set(open_search(tab, search_url(base, '"Santa Marta"'))) == {SANTA_MARTA_EN, WATER_EN}


def test_an_excerpt_comes_from_the_text_never_the_header(tab, base):
    open_search(tab, search_url(base, "Santa Marta"))
    water = tab.locator(".statement-search-result").filter(has_text=WATER_EN)
    excerpt = water.locator(".statement-search-excerpt").inner_text()
    assert excerpt.startswith("The villages ask for clean water")
    assert "Original" not in excerpt and "TXT" not in excerpt and "Original" not in water.inner_text()


def test_small_words_alone_still_search(tab, base):
    assert FERIAS_ES in open_search(tab, search_url(base, "para la"))
    # With a content word, the small words add nothing: only the statements on the mines.
    assert open_search(tab, search_url(base, "la minería de")) == [MINERIA_ES]


def test_from_disk_terms_phrases_and_the_deportation_flights(tab, site):
    assert open_search(tab, from_disk(site, "Alliance for Prosperity")) == [ALLIANCE_EN, ALIANZA_ES]
    assert tab.evaluate("window.statementSearch.offline") is True
    assert tab.locator("#statement-search-terms .statement-search-term").count() == 1
    assert open_search(tab, from_disk(site, "alianza para la prosperidad")) == [ALIANZA_ES, ALLIANCE_EN]
    assert set(open_search(tab, from_disk(site, '"Santa Marta"'))) == {SANTA_MARTA_EN, WATER_EN}
    shown = open_search(tab, from_disk(site, "Santa Marta"))
    assert set(shown[:2]) == {SANTA_MARTA_EN, WATER_EN} and shown[2:] == [ELECTIONS_EN]
    assert open_search(tab, from_disk(site, "deportation flights")) == [DEPORTATION_EN]
    assert open_search(tab, from_disk(site, term="Alliance for Prosperity", sort="newest")) == [ALIANZA_ES, ALLIANCE_EN]


def test_part_of_one_terms_name_names_the_term(tab, base):
    # Part of "Plan de la Alianza para la Prosperidad del Triángulo Norte", a name of no other term.
    assert open_search(tab, search_url(base, "prosperidad del triangulo")) == [ALIANZA_ES, ALLIANCE_EN]
    assert tab.locator("#statement-search-terms .statement-search-term").count() == 1


def test_no_statement_with_every_word_shows_those_with_some_said_so(tab, base, site, language):
    _ = words(language)
    for url in (search_url(base, "deportation helicopters"), from_disk(site, "deportation helicopters")):
        # Still no Spanish statement through "de": only the one that holds "deportation".
        assert open_search(tab, url) == [DEPORTATION_EN]
        assert tab.inner_text("#statement-search-status") == _("No statement holds every word; these hold some of them.")
        assert tab.locator(".statement-search-excerpt mark").all_inner_texts() == ["deportation"]


# -- words typed before the page is ready -----------------------------------------------------
#
# On a slow connection the reader types while the search's index (or the page's script) is still on its
# way. What they typed is neither lost nor left unsearched, and the page does not load again.

READY = "#statement-search[data-status=results], #statement-search[data-status=idle], #statement-search[data-status=unavailable]"


class Held:
    """Requests for ``pattern`` held, as a slow connection holds them, until ``release``."""

    def __init__(self, tab, pattern: str) -> None:
        self.tab, self.routes, self.released = tab, [], False
        tab.route(pattern, self._hold)

    def _hold(self, route) -> None:
        if self.released:
            route.continue_()
        else:
            self.routes.append(route)

    def release(self) -> None:
        """Let every held request through, and the next ones. The page may not have asked yet (the parser
        reaches the script's tag after the box): wait until it has; Playwright hands requests over while the
        tab waits."""
        deadline = time.monotonic() + 10
        while not self.routes:
            assert time.monotonic() < deadline, "the page never asked for what is held"
            self.tab.wait_for_timeout(20)
        self.released = True
        for route in self.routes:
            route.continue_()


@pytest.mark.parametrize("enter", [True, False], ids=["enter", "typed"])
def test_words_typed_while_the_index_loads_are_searched_once_it_has(tab, base, enter):
    index = Held(tab, "**/pagefind-entry.json")
    tab.goto(base + "search.html")
    tab.wait_for_selector("#statement-search[data-status=loading]")
    tab.evaluate("window.sameLoad = true")
    box = tab.locator("#statement-search-query")
    box.press_sequentially("alianza para la prosperidad")
    if enter:
        box.press("Enter")
    # The address holds the words at once, as a link to share...
    tab.wait_for_function("new URLSearchParams(location.search).get('q') === 'alianza para la prosperidad'", timeout=5_000)
    index.release()
    # ...and once the index is in, the results are for them, on the same page.
    tab.wait_for_selector(READY)
    assert tab.get_attribute("#statement-search", "data-status") == "results"
    assert titles(tab) == [ALIANZA_ES, ALLIANCE_EN]
    assert tab.evaluate("window.sameLoad") is True
    assert box.input_value() == "alianza para la prosperidad"


@pytest.mark.parametrize("sort", ["", "newest"], ids=["best", "newest"])
def test_words_typed_before_the_pages_script_runs_are_kept_and_searched(tab, base, sort):
    script = Held(tab, "**/_static/search.js*")
    # The page's script is deferred: it runs after the page is read, and the form is there before it.
    tab.goto(base + "search.html", wait_until="commit")
    box = tab.locator("#statement-search-query")
    box.fill("Alliance for Prosperity")
    if sort:
        tab.select_option("#statement-search-sort", sort)
    script.release()
    tab.wait_for_selector(READY)
    assert box.input_value() == "Alliance for Prosperity"
    assert tab.input_value("#statement-search-sort") == sort
    assert tab.get_attribute("#statement-search", "data-status") == "results"
    assert titles(tab) == ([ALIANZA_ES, ALLIANCE_EN] if sort else [ALLIANCE_EN, ALIANZA_ES])
    assert parse_qs(urlsplit(tab.url).query) == {"q": ["Alliance for Prosperity"], **({"sort": [sort]} if sort else {})}


def test_the_filters_opened_while_the_index_loads_show_their_counts_once_it_has(tab, base, language):
    _ = words(language)
    index = Held(tab, "**/pagefind-entry.json")
    tab.goto(base + "search.html")
    tab.wait_for_selector("#statement-search[data-status=loading]")
    tab.click("#statement-search-filter-panel > summary")
    assert tab.evaluate("document.getElementById('statement-search-filter-panel').open") is True
    index.release()
    # Every filter value with its count, as when the panel is opened after the index loaded.
    tab.wait_for_selector("#statement-search-filters input[type=checkbox]", timeout=10_000)
    languages = tab.locator("#statement-search-filters input[name=language]")
    assert sorted(box.get_attribute("value") for box in languages.all()) == sorted([_("English"), _("Spanish")])
    assert tab.get_attribute("#statement-search", "data-status") == "idle"
    assert tab.inner_text("#statement-search-status") == _("Type words to search the statements, or choose a filter.")
