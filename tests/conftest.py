"""Shared fixtures: sphinx.testing projects live in tests/roots/test-*/."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


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
