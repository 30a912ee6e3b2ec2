"""A long list in Chromium: the header's "and N more" opens in place; the signatory filter can be searched.

Skipped, with the reason shown by ``make test``, when Chromium or playwright is missing (CI fails instead).
"""

from __future__ import annotations

import shutil
from io import StringIO

import pytest
from browser import browser, browser_required, serve
from test_many_signatories import SIGNATORIES, STATEMENT, write_sources

from benchmarks.search_metrics import SETTLED, search_url

pytestmark = browser_required()


@pytest.fixture(scope="module")
def base(rootdir, tmp_path_factory):
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("many-browser") / "src"
    shutil.copytree(rootdir / "test-many-signatories", srcdir)
    write_sources(srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, warning=StringIO(), status=StringIO())
    try:
        app.build()
        assert app.warning.getvalue() == ""
    finally:
        app.cleanup()
    with serve(app.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def page():
    with browser() as chromium:
        tab = chromium.new_page()
        yield tab
        tab.close()


def test_the_header_expands_in_place(page, base):
    page.goto(f"{base}{STATEMENT}.html")
    rest = page.locator(".statement-header details.signatories-more")
    assert not rest.locator("a.reference").first.is_visible()
    rest.locator("summary").click()
    assert rest.locator("a.reference").first.is_visible()
    assert rest.locator("a.reference").count() == len(SIGNATORIES) - 12


def test_the_signatory_filter_can_be_searched(page, base):
    page.goto(search_url(base, "ban"))
    page.wait_for_selector(SETTLED)
    # The filter panel opens as a reader opens it, and then loads its counts.
    page.click("#statement-search-filter-panel > summary")
    page.wait_for_selector("#statement-search-filters input[type=checkbox]")
    group = page.locator(".statement-search-filter-signatory")
    options = group.locator(".statement-search-option")
    assert options.count() == len(SIGNATORIES)
    group.locator("input.statement-search-find").fill("number 19")
    visible = group.evaluate(
        "g => [...g.querySelectorAll('.statement-search-option')].filter(o => o.offsetParent !== null).map(o => o.querySelector('input').value)"
    )
    assert sorted(visible) == [f"Organisation Number {n}" for n in range(190, 200)]
    # Choosing one filters the results; the box keeps its text when the filters are drawn again.
    group.locator("label", has_text="Organisation Number 190").locator("input").check()
    page.wait_for_selector(SETTLED)
    assert "signatory=Organisation+Number+190" in page.url
    assert group.locator("input.statement-search-find").input_value() == "number 19"
