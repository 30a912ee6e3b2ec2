"""Shared set-up of the browser tests: Debian's Chromium driven by playwright, sites served on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest

from benchmarks.search_metrics import browser, chromium_path, serve  # noqa: F401 - re-exported


def browser_required() -> pytest.MarkDecorator:
    """The mark for a module of browser tests: skipped where Chromium or playwright is missing,
    said so by ``make test``; under CI, which installs both, a missing one fails instead."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "playwright (run 'make venv')"
    else:
        missing = None if chromium_path() else "Chromium at /usr/bin/chromium (apt-get install chromium)"
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but {missing} is missing", pytrace=False)
    return pytest.mark.skipif(missing is not None, reason=f"browser tests need {missing}")


def build_site(rootdir: Path, tmp_path_factory, root: str, prepare=None, strict: bool = False) -> Path:
    """Build the test project ``tests/roots/test-<root>`` in a temporary copy; the HTML folder.

    ``prepare(srcdir)`` changes the copy before the build; ``strict``: the build warns of nothing.
    """
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp(f"{root}-browser") / "src"
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    if prepare is not None:
        prepare(srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, warning=StringIO(), status=StringIO())
    try:
        app.build()
        if strict:
            assert app.warning.getvalue() == ""
    finally:
        app.cleanup()
    return Path(app.outdir)
