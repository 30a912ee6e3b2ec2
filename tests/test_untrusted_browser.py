"""Hostile markup in a real browser: no script runs on any page, on screen, in print, or in search results."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (installed by .ci/run)")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("hostile-browser") / "src"
    shutil.copytree(rootdir / "test-hostile-markup", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, warning=StringIO(), status=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    outdir = Path(app.outdir)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(outdir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", outdir
    server.shutdown()
    server.server_close()


def test_no_script_from_statements_runs_anywhere(site):
    url, outdir = site
    pages = sorted(
        path.relative_to(outdir).as_posix()
        for path in outdir.rglob("*.html")
        if "_static" not in path.relative_to(outdir).parts and path != outdir / "index.html"  # a redirect
    )
    dialogs: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
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
        finally:
            browser.close()
    assert len(pages) >= 5
    assert dialogs == []
    assert "<script>alert(101)</script>" in results.replace("‘", "'").replace("’", "'")
