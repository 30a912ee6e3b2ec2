"""The cite box in a browser: copy buttons copy the reference; a paragraph number gives its pin cite."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (installed by .ci/run)")

PAGE = "statements/2016/2016-01-19-hostile.html"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url(rootdir, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("cite-browser") / "src"
    shutil.copytree(rootdir / "test-cite", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, warning=StringIO(), status=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(app.outdir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.goto(site_url + PAGE)
    yield page
    context.close()


def test_copy_button_copies_the_reference(page):
    reference = page.locator(".cite-box .cite-reference").nth(1).inner_text()
    page.locator(".cite-box button.cite-copy").nth(1).click()
    assert page.evaluate("navigator.clipboard.readText()") == reference
    assert "[Open letter]" in reference
    assert page.locator(".cite-box button.cite-copy").nth(1).inner_text() == "Copied"


def test_paragraph_number_shows_and_copies_its_pin_cite(page):
    page.locator('a.paragraph-number[href="#p4"]').click()
    assert page.url.endswith("#p4")
    panel = page.locator(".pin-cite")
    assert panel.count() == 1
    text = panel.locator("span").inner_text()
    assert ", ¶ 4, " in text
    assert text.startswith('Org "Quoted" & {Braced} 100% \\ Back </script>')
    assert text.endswith(", ¶ 4, https://archive.example.org/statements/2016/2016-01-19-hostile.html#p4.")
    panel.locator("button").click()
    assert page.evaluate("navigator.clipboard.readText()") == text
    # Another number replaces the panel.
    page.locator('a.paragraph-number[href="#p2"]').click()
    assert page.locator(".pin-cite").count() == 1
    assert ", ¶ 2, " in page.locator(".pin-cite span").inner_text()
