"""``make html-bilingual``: both interfaces as one site, each statement at one address.

The test archive is built as the Makefile builds it (the first interface at
the site's root, the other in ``es/``, then the join) and served under a
project's subpath, as GitHub Pages serves a project site: a missing address
gets the site's root ``404.html`` with the status 404. Chromium reads a
statement in both interfaces and checks that its permanent link, canonical
link, citation metadata and Open Graph address are the one address a
one-language site gives it, that the address loads, that the switcher keeps
the page, that the earlier layout's ``en/`` address leads to it, and that a
missing page gets the site's own 404 page, styled; without a console error
or a failed request. The root's sitemap and feeds are read back.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from browser import browser_required, chromium_path
from lxml import etree

from solidarity_archive.html import bilingual
from solidarity_archive.html.bilingual import twin_uri
from solidarity_archive.sphinx_ext.urls import folder_of

pytestmark = pytest.mark.slow  # make html-bilingual: two builds

INTERFACES = ["en", "es"]
PREFIX = "project"  # GitHub Pages serves a project site at https://<owner>.github.io/<project>/
STATEMENT = "statements/2016/2016-01-19-first.html"
MISSING = "statements/2016/2016-01-19-no-such-statement.html"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
#: What the screenshots are kept in, to be looked at (a folder of the test's own otherwise).
SCREENSHOTS = os.environ.get("ARCHIVE_SCREENSHOTS")


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as GitHub Pages is: a missing file gets the site's ``404.html``, status 404."""

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, PREFIX, "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def pages_host(served: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def build_bilingual(srcdir: Path, site: Path, base_url: str, doctrees: Path) -> None:
    """What ``make html-bilingual`` runs: one build per interface, the first at the root, then the join."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    for language in INTERFACES:
        warnings = StringIO()
        outdir = site / folder_of(language, INTERFACES)
        with docutils_namespace():  # each build registers its nodes and directives anew
            app = Sphinx(
                srcdir,
                srcdir,
                outdir,
                doctrees / language,
                "html",
                confoverrides={"language": language, "archive_interfaces": ",".join(INTERFACES), "archive_base_url": base_url},
                status=StringIO(),
                warning=warnings,
            )
            app.build()
        assert warnings.getvalue() == "", warnings.getvalue()
    assert bilingual.main([str(site), *INTERFACES]) == 0


@pytest.fixture(scope="module")
def served(rootdir, tmp_path_factory):
    """The site under ``/project/`` on 127.0.0.1, built at that address; yields (site folder, its URL)."""
    srcdir = tmp_path_factory.mktemp("bilingual-src") / "src"
    shutil.copytree(rootdir / "test-publishing", srcdir)
    top = tmp_path_factory.mktemp("bilingual-served")
    site = top / PREFIX
    with pages_host(top) as url:
        build_bilingual(srcdir, site, url, tmp_path_factory.mktemp("bilingual-doctrees"))
        yield site, url


def test_twin_addresses():
    assert twin_uri("statements/2016/x.html", "en", "es", INTERFACES) == "../../es/statements/2016/x.html"
    assert twin_uri("statements/2016/x.html", "es", "en", INTERFACES) == "../../../statements/2016/x.html"
    assert twin_uri("index.html", "en", "es", INTERFACES) == "es/index.html"
    assert twin_uri("index.html", "es", "en", INTERFACES) == "../index.html"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_builds_the_first_interface_at_the_root(repo, tmp_path):
    """The Makefile's own commands, run with stand-ins for Sphinx and Python, in the order it gives them."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("sphinx-build", "python"):
        tool = tools / name
        tool.write_text(f'#!/bin/sh\necho {name} "$@"\n', encoding="utf-8")
        tool.chmod(0o755)
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "html-bilingual", f"BIN={tools}", "BUILDDIR=out", "SPHINXOPTS=-W"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    runs = [line.split() for line in result.stdout.splitlines() if line.startswith(("sphinx-build ", "python "))]
    builds = [(next(word for word in words if word.startswith("language=")), words[4]) for words in runs[:2]]
    assert builds == [("language=en", "out/bilingual"), ("language=es", "out/bilingual/es")]
    assert runs[2][1:] == ["-m", "solidarity_archive.html.bilingual", "out/bilingual", "en", "es"]


#: Console errors that are no fault of the site: the 404 asked for, and Chromium's ``/favicon.ico``
#: at the host's root, outside a project site.
EXPECTED_CONSOLE = (f"/{PREFIX}/{MISSING}", "/favicon.ico")


def _recording(page, problems: list[str]) -> None:
    def console(message) -> None:
        where = message.location.get("url") or ""
        if message.type == "error" and urlsplit(where).path not in EXPECTED_CONSOLE:
            problems.append(f"console {message.type}: {message.text} ({where})")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url} ({request.failure})"))
    page.on(
        "response",
        lambda response: problems.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 and not response.url.endswith(MISSING) else None,
    )


def _addresses(page) -> dict[str, str | None]:
    """Every address a statement page gives itself."""

    def attribute(selector: str, name: str) -> str | None:
        found = page.locator(selector)
        return found.first.get_attribute(name) if found.count() else None

    return {
        "permanent link": attribute(".cite-box .cite-permalink a", "href"),
        "cite box": attribute(".cite-box", "data-canonical"),
        "canonical": attribute('link[rel="canonical"]', "href"),
        "og:url": attribute('meta[property="og:url"]', "content"),
        "citation_public_url": attribute('meta[name="citation_public_url"]', "content"),
        "citation_abstract_html_url": attribute('meta[name="citation_abstract_html_url"]', "content"),
    }


def _screenshots(page, folder: Path, name: str) -> None:
    """The page as loaded at 1280 and at 390 pixels wide (loaded again: the theme lays out on load)."""
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


@browser_required()
def test_a_statement_has_one_address_in_both_interfaces(served, tmp_path):
    from playwright.sync_api import sync_playwright

    site, url = served
    permanent = url + STATEMENT
    shots = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"], headless=True)
        try:
            page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
            _recording(page, problems)
            seen = {}
            for language, address, label in (("en", url + STATEMENT, "Date"), ("es", f"{url}es/{STATEMENT}", "Fecha")):
                response = page.goto(address)
                assert response.status == 200, address
                assert page.locator(".statement-header dt.date").inner_text().rstrip(":") == label
                seen[language] = _addresses(page)
                assert set(seen[language].values()) == {permanent}, (language, seen[language])
                # The CSL-JSON the cite box offers names the same address.
                csl = page.locator(".cite-box a.cite-download[href$='.json']").get_attribute("href")
                item = json.loads(page.request.get(page.url.rsplit("/", 1)[0] + "/" + csl).text())[0]
                assert item["URL"] == permanent
                _screenshots(page, shots, f"statement-{language}")

            # The permanent link loads the statement: the one-language site's address, in the default interface.
            page.goto(f"{url}es/{STATEMENT}")
            title = page.locator("h1").first.inner_text()
            page.locator(".cite-box .cite-permalink a").click()
            page.wait_for_url(permanent)
            assert page.locator("h1").first.inner_text() == title
            assert page.locator(".statement-header dt.date").inner_text().rstrip(":") == "Date"

            # The switcher keeps the page, both ways.
            page.locator("nav.interface-switcher").get_by_role("link", name="Español").click()
            page.wait_for_url(f"{url}es/{STATEMENT}")
            assert page.locator(".statement-header dt.date").inner_text().rstrip(":") == "Fecha"
            page.locator("nav.interface-switcher").get_by_role("link", name="English").click()
            page.wait_for_url(permanent)
            assert page.locator(".statement-header dt.date").inner_text().rstrip(":") == "Date"

            # The earlier bilingual layout's address of the default interface leads to the one address.
            page.goto(f"{url}en/{STATEMENT}")
            page.wait_for_url(permanent)

            # A missing page: the site's own 404 page, styled, its links leading into the site.
            response = page.goto(url + MISSING)
            assert response.status == 404
            assert page.locator("h1").first.inner_text() == "Page not found"
            loaded = page.evaluate("Array.from(document.styleSheets).filter(s => s.href && s.cssRules.length).map(s => s.href)")
            assert any(urlsplit(href).path.startswith(f"/{PREFIX}/_static/") for href in loaded), loaded
            assert "Times New Roman" not in page.evaluate("getComputedStyle(document.body).fontFamily")
            assert page.locator(".bd-sidebar-primary").is_visible()
            _screenshots(page, shots, "404")
            page.get_by_role("link", name="home page").first.click()
            page.wait_for_load_state()
            assert page.url.startswith(url) and page.url.endswith("source/index.html")
        finally:
            chromium.close()
    assert problems == [], "\n".join(problems)


def test_the_root_has_the_sites_sitemap_and_feeds(served):
    from checkers import SITEMAP_XSD, node_tool
    from test_sitemap import EXPECTED

    site, url = served
    document = etree.parse(str(site / "sitemap.xml"))
    listed = [loc.text for loc in document.getroot().iterfind("s:url/s:loc", SITEMAP_NS)]
    # Each page once, at its one address: none of the other interface's copies.
    assert sorted(listed) == sorted(url + page for page in EXPECTED)
    assert not (site / "es" / "sitemap.xml").exists()
    main = feedparser.parse((site / "feeds" / "atom.xml").read_bytes())
    assert not main.bozo, main.bozo_exception
    assert {entry.link for entry in main.entries} >= {url + STATEMENT}
    assert {link.href for link in main.feed.links if link.rel == "self"} == {url + "feeds/atom.xml"}
    # The Spanish interface's feed is its own, and names the same statement addresses.
    spanish = feedparser.parse((site / "es" / "feeds" / "atom.xml").read_bytes())
    assert not spanish.bozo, spanish.bozo_exception
    assert {link.href for link in spanish.feed.links if link.rel == "self"} == {url + "es/feeds/atom.xml"}
    assert [entry.link for entry in spanish.entries] == [entry.link for entry in main.entries]
    schema = etree.XMLSchema(etree.parse(str(node_tool(SITEMAP_XSD))))
    assert schema.validate(document), schema.error_log


def test_the_earlier_layouts_folder_holds_only_redirects(served):
    site, url = served
    redirect = (site / "en" / STATEMENT).read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url=../../../{STATEMENT}" />' in redirect
    assert f'<link rel="canonical" href="{url}{STATEMENT}" />' in redirect
    assert "<title>A first statement</title>" in redirect
    written = {path.relative_to(site / "en").as_posix() for path in (site / "en").rglob("*") if path.is_file()}
    assert STATEMENT in written and "signatory/cispes.html" in written
    assert not any(name.startswith(("_", "es/")) or name == "404.html" or not name.endswith(".html") for name in written)
