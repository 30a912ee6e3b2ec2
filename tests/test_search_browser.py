"""Real queries in headless Chromium against the built test archive on 127.0.0.1.

Skipped, with the reason shown by ``make test``, when Chromium or playwright
is missing; CI installs Chromium, so they run there.
"""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import browser, browser_required, serve

from benchmarks.search_metrics import SETTLED, search_url

pytestmark = browser_required()

SEED = "Organizations demand justice for Central American migrants"
SPANISH = "Comunicado sobre la migración forzada"
DEFENDERS_2013 = "Protect the water defenders"
RIGHTS_2017 = "Rights of communities in the mining struggle"


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("search-browser") / "src"
    shutil.copytree(rootdir / "test-search", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        assert app.warning.getvalue() == ""
    finally:
        app.cleanup()
    return app.outdir


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def context():
    with browser() as chromium:
        yield chromium


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


def test_signatory_filter_narrows_results(page, base):
    everyone = open_search(page, search_url(base, "human rights"))
    assert {DEFENDERS_2013, RIGHTS_2017} <= set(everyone)
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
    """Type into the theme's search box, as a reader would, and press Enter."""
    page.goto(start_url)
    page.keyboard.press("Control+k")
    box = page.locator("form.bd-search input[name=q]:visible").first
    box.fill(words)
    box.press("Enter")
    page.wait_for_selector(SETTLED)


def test_theme_search_box_leads_to_the_search(page, base):
    search_from_the_theme_box(page, base + "statements/2013/2013-03-08-defenders.html", "CARSI")
    assert urlsplit(page.url).path == "/search.html"
    assert titles(page) == [SEED]


def test_page_opened_from_disk_says_how_to_serve(page, site):
    search_from_the_theme_box(page, (site / "source/index.html").as_uri(), "CARSI")
    assert page.get_attribute("#statement-search", "data-status") == "unavailable"
    message = page.inner_text("#statement-search-status")
    assert "make serve" in message and "file://" in message
    assert "http://127.0.0.1:8000/search.html?q=CARSI" in message


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
