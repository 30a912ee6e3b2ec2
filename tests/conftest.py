"""Shared fixtures and hooks.

The tests sit in one folder per layer (core, formats, sphinx_ext, html, epub, cli), with archive
for the real archive built whole and project for the repository's own rules; the helpers
(paths.py, archive_copy.py, browser.py…), the sphinx.testing projects (roots/test-*/) and the
data (data/) sit here. Markers (pyproject.toml): browser, slow; `make test-quick` leaves both out.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import sphinx.locale
from paths import REPO, ROOTS


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(autouse=True)
def _own_sphinx_catalogs():
    """Each test starts with no message catalog loaded: Sphinx keeps them per process (a build made with
    ``Sphinx()`` or the command line's API in a test does not clear them, as ``sphinx.testing`` does)."""
    yield
    sphinx.locale.translators.clear()


@pytest.fixture
def sphinx_test_tempdir(tmp_path: Path) -> Path:
    """Each test builds its own copy of its test root.

    sphinx.testing copies a root once per session and shares the copy; a test
    that edits or deletes sources would then change what the next test
    builds. A copy per test keeps the suite passing in any order.
    """
    return tmp_path


#: Set by the run that made the suite's cache folder (the workers of ``-n`` inherit it).
CACHE_MADE_BY = "ARCHIVE_TEST_CACHE_MADE_BY"


def pytest_configure(config) -> None:
    """The user's cache (``core/user_folders.py``) is a folder of the run's, shared by its workers and the builds
    they start: the suite neither reads nor fills the cache of whoever runs it, and compresses Pagefind's files
    once per run, not once per build. A test that counts compressions gives itself an empty one.
    The browser tests run Chromium's headless shell where it is installed (``tests/browser.py``)."""
    from browser import choose_headless_shell

    choose_headless_shell()
    if not os.environ.get(CACHE_MADE_BY):
        os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="archive-tests-cache-")
        os.environ[CACHE_MADE_BY] = str(os.getpid())


def pytest_unconfigure(config) -> None:
    if os.environ.get(CACHE_MADE_BY) == str(os.getpid()):
        shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)
        del os.environ[CACHE_MADE_BY]


def pytest_addoption(parser) -> None:
    parser.addoption("--reverse", action="store_true", help="run the tests in reverse collection order (checks that no test depends on another)")


#: The real archive built whole: a test that uses one is marked slow.
ARCHIVE_BUILDS = frozenset({"archive_html", "archive_epub", "archive_html_es", "archive_epub_es"})


@pytest.hookimpl(tryfirst=True)  # before -m chooses by marker
def pytest_collection_modifyitems(config, items) -> None:
    if config.getoption("--reverse"):
        items.reverse()
    for item in items:
        if ARCHIVE_BUILDS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item) -> None:
    """A browser test is skipped, saying why, where Chromium or playwright is missing; under CI,
    which installs both, it fails instead."""
    if item.get_closest_marker("browser") is None:
        return
    from browser import browser_missing

    missing = browser_missing()
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but {missing} is missing", pytrace=False)
    if missing:
        pytest.skip(f"browser tests need {missing}")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def _real_archive(tmp_path_factory, builder: str, *extra: str) -> Path:
    """The real archive built strictly by ``sphinx -M builder`` with ``extra`` options; the output folder."""
    from archive_copy import sphinx_build

    out = tmp_path_factory.mktemp(f"archive-{builder}")
    result = sphinx_build(REPO, builder, out, *extra)
    assert result.returncode == 0, result.stderr
    return out / builder


@pytest.fixture(scope="session")
def archive_html(tmp_path_factory) -> Path:
    """The real archive built as a website, strictly, once per test session."""
    return _real_archive(tmp_path_factory, "html")


@pytest.fixture(scope="session")
def archive_epub(tmp_path_factory) -> Path:
    """The real archive built as an ePub, strictly, once per test session: the .epub file."""
    [book] = _real_archive(tmp_path_factory, "epub").glob("*.epub")
    return book


@pytest.fixture(scope="session")
def archive_html_es(tmp_path_factory) -> Path:
    """The real archive's website in the Spanish interface (``-D language=es``), once per test session."""
    return _real_archive(tmp_path_factory, "html", "-D", "language=es")


@pytest.fixture(scope="session")
def archive_epub_es(tmp_path_factory) -> Path:
    """The real archive's ePub in Spanish (``-D language=es``), once per test session: the .epub file."""
    [book] = _real_archive(tmp_path_factory, "epub", "-D", "language=es").glob("*.epub")
    return book


@pytest.fixture(scope="module")
def context():
    """Chromium, once for a module's browser tests (``tests/browser.py``); a module may define its own."""
    from browser import browser

    with browser() as chromium:
        yield chromium
