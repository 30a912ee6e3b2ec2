"""Hostile markup in a real browser: no script runs on any page, on screen, in print, or in search results."""

from __future__ import annotations

import pytest
from browser import browser, browser_required, build_site, serve

pytestmark = browser_required()


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    outdir = build_site(rootdir, tmp_path_factory, "hostile-markup")
    with serve(outdir) as url:
        yield url, outdir


def test_no_script_from_statements_runs_anywhere(site):
    url, outdir = site
    pages = sorted(
        path.relative_to(outdir).as_posix()
        for path in outdir.rglob("*.html")
        if "_static" not in path.relative_to(outdir).parts and path != outdir / "index.html"  # a redirect
    )
    dialogs: list[str] = []
    with browser() as chromium:
        page = chromium.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            for name in pages:
                page.goto(url + name)
                page.wait_for_load_state("load")
        # search results show the hostile title
        page.emulate_media(media="screen")
        page.goto(url + "search.html?q=Brien")
        page.wait_for_selector("#statement-search[data-status=results]", timeout=10_000)
        results = page.inner_text("#statement-search-results")
    assert len(pages) >= 5
    assert dialogs == []
    assert "<script>alert(101)</script>" in results.replace("‘", "'").replace("’", "'")
