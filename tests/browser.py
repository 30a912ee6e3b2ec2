"""Shared set-up of the browser tests: Debian's Chromium driven by playwright, sites served on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from benchmarks.search_metrics import browser, chromium_path, serve  # noqa: F401 - re-exported


def browser_required() -> pytest.MarkDecorator:
    """The mark of a browser test: ``browser``, which ``make test-quick`` leaves out. conftest.py
    skips such a test where Chromium or playwright is missing, said so by ``make test``; under CI,
    which installs both, a missing one fails it instead."""
    return pytest.mark.browser


#: Chromium's headless shell (Debian's chromium-headless-shell): Chromium's own engine, Blink and V8, without the
#: browser's windowing, as Playwright runs headless Chromium by default. The browser tests took a third less
#: processor time in it than in the whole browser, every one passing in both; the benchmark keeps the browser.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"


def choose_headless_shell() -> None:
    """The browser tests (and the benchmark's helpers they call) run Chromium's headless shell where it is
    installed and ``$CHROMIUM`` names no other."""
    if not os.environ.get("CHROMIUM") and Path(HEADLESS_SHELL).is_file():
        os.environ["CHROMIUM"] = HEADLESS_SHELL


def browser_missing() -> str | None:
    """What the browser tests lack on this machine, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (run 'make venv')"
    return None if chromium_path() else "Chromium at /usr/bin/chromium (apt-get install chromium)"


def words(language: str):
    """The interface's words in ``language``, as pages show them: the package's compiled catalog
    (English, the source language, as written)."""
    import gettext

    from solidarity_archive.sphinx_ext.i18n import CATALOG, LOCALE_DIR

    if language == "en":
        return lambda message: message
    return gettext.translation(CATALOG, str(LOCALE_DIR), languages=[language]).gettext


def build_site(rootdir: Path, tmp_path_factory, root: str, prepare=None, strict: bool = False, confoverrides: dict | None = None) -> Path:
    """Build the test project ``tests/roots/test-<root>`` in a temporary copy; the HTML folder.

    ``prepare(srcdir)`` changes the copy before the build; ``strict``: the build warns of nothing;
    ``confoverrides``: settings given as ``-D`` would give them (``{"language": "es"}``).
    """
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp(f"{root}-browser") / "src"
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    if prepare is not None:
        prepare(srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides=confoverrides or {}, warning=StringIO(), status=StringIO())
    try:
        app.build()
        if strict:
            assert app.warning.getvalue() == "", app.warning.getvalue()
    finally:
        app.cleanup()
    return Path(app.outdir)


@contextlib.contextmanager
def requested_paths(context) -> Iterator[tuple[object, list[str]]]:
    """A new tab, and the path of every request it makes (closed after)."""
    with watched_tab(context) as tab:
        yield tab, tab.requested


class _Watched:
    """What a tab did besides showing pages: the paths it requested, and what went wrong."""

    def __init__(self, tab):
        self.tab = tab
        self.requested: list[str] = []
        #: Console errors, uncaught exceptions, failed requests and error responses, as they came.
        self._problems: list[str] = []
        # Loads the browser cancelled (net::ERR_ABORTED), each with the count of the tab's page
        # changes when it was asked for: leaving a page cancels what it was still loading, which is
        # no fault of the site, but a load cancelled on a page that stayed is.
        self._navigations = 0
        self._asked: dict[object, int] = {}
        self._aborted: list[tuple[str, int]] = []
        tab.on("request", self._request)
        tab.on("framenavigated", self._navigated)
        tab.on("console", self._console)
        tab.on("pageerror", lambda error: self._problems.append(f"uncaught: {error}"))
        tab.on("requestfailed", self._failed)
        tab.on("response", self._response)

    @property
    def problems(self) -> list[str]:
        left_behind = [problem for problem, asked in self._aborted if asked == self._navigations]
        return self._problems + left_behind

    def _request(self, request) -> None:
        self.requested.append(urlsplit(request.url).path)
        self._asked[request] = self._navigations

    def _navigated(self, frame) -> None:
        if frame == self.tab.main_frame:
            self._navigations += 1

    def _failed(self, request) -> None:
        problem = f"failed: {request.url} ({request.failure})"
        if request.failure == "net::ERR_ABORTED" and not request.is_navigation_request():
            self._aborted.append((problem, self._asked.get(request, self._navigations)))
        else:
            self._problems.append(problem)

    def _console(self, message) -> None:
        # The browser asks a site without an icon for /favicon.ico on its own, not the page.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self._problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self._problems.append(f"{response.status}: {response.url}")

    def __getattr__(self, name):
        return getattr(self.tab, name)


@contextlib.contextmanager
def watched_tab(context) -> Iterator[_Watched]:
    """A new tab that records every path it requests (``.requested``) and every console error,
    uncaught exception, failed request and error response (``.problems``); closed after.
    Otherwise a playwright page."""
    tab = _Watched(context.new_page())
    try:
        yield tab
    finally:
        tab.tab.close()
