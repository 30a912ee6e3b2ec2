"""``make offline``: the website as one zip, linked from the page that carries ``{offline-download}``.

Unzipped and opened from disk, the copy searches (the search from disk).
"""

from __future__ import annotations

import shutil
import zipfile
from io import StringIO

import pytest
from browser import browser, browser_required
from bs4 import BeautifulSoup

from benchmarks.search_metrics import SETTLED, search_url

ZIP = "data/test-archive-website.zip"


def build(rootdir, tmp_path, tags):
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-search", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, tags=tags, warning=StringIO(), status=StringIO())
    try:
        app.build()
        assert app.warning.getvalue() == ""
    finally:
        app.cleanup()
    return app.outdir


@pytest.fixture(scope="module")
def offline_site(rootdir, tmp_path_factory):
    return build(rootdir, tmp_path_factory.mktemp("offline"), ["offline"])


def test_without_the_tag_no_zip_and_no_link(rootdir, tmp_path):
    site = build(rootdir, tmp_path, [])
    assert not (site / ZIP).exists()
    assert BeautifulSoup((site / "source/index.html").read_text(encoding="utf-8"), "html.parser").select_one(".offline-download") is None


def test_the_zip_holds_the_site_and_is_linked(offline_site):
    line = BeautifulSoup((offline_site / "source/index.html").read_text(encoding="utf-8"), "html.parser").select_one(".offline-download")
    assert line.a["href"] == "../" + ZIP
    with zipfile.ZipFile(offline_site / ZIP) as copy:
        names = set(copy.namelist())
        assert copy.testzip() is None
    for needed in (
        "source/index.html",
        "search.html",
        "statements/2016/2016-01-19-seed.html",
        "search-offline/index.js",
        "_static/search-offline.js",
        "pagefind/pagefind-entry.json",
    ):
        assert needed in names, needed
    assert ZIP not in names


@browser_required()
def test_the_unzipped_copy_searches_from_disk(offline_site, tmp_path):
    with zipfile.ZipFile(offline_site / ZIP) as copy:
        copy.extractall(tmp_path / "stick")
    with browser() as context:
        page = context.new_page()
        page.goto(search_url((tmp_path / "stick").as_uri() + "/", "migracion"))
        page.wait_for_selector(SETTLED)
        assert page.get_attribute("#statement-search", "data-status") == "results"
        assert page.locator(".statement-search-result h2").all_inner_texts() == ["Comunicado sobre la migración forzada"]
