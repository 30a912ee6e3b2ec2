"""Shared fixtures: sphinx.testing projects live in tests/roots/test-*/."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import REPO, ROOTS


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def sphinx_test_tempdir(tmp_path: Path) -> Path:
    """Each test builds its own copy of its test root.

    sphinx.testing copies a root once per session and shares the copy; a test
    that edits or deletes sources would then change what the next test
    builds. A copy per test keeps the suite passing in any order.
    """
    return tmp_path


def pytest_addoption(parser) -> None:
    parser.addoption("--reverse", action="store_true", help="run the tests in reverse collection order (checks that no test depends on another)")


def pytest_collection_modifyitems(config, items) -> None:
    if config.getoption("--reverse"):
        items.reverse()


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def archive_html(tmp_path_factory) -> Path:
    """The real archive built as a website, strictly, once per test session."""
    from archive_copy import sphinx_build

    out = tmp_path_factory.mktemp("archive")
    result = sphinx_build(REPO, "html", out)
    assert result.returncode == 0, result.stderr
    return out / "html"


@pytest.fixture(scope="session")
def archive_epub(tmp_path_factory) -> Path:
    """The real archive built as an ePub, strictly, once per test session: the .epub file."""
    from archive_copy import sphinx_build

    out = tmp_path_factory.mktemp("archive-epub")
    result = sphinx_build(REPO, "epub", out)
    assert result.returncode == 0, result.stderr
    [book] = (out / "epub").glob("*.epub")
    return book
