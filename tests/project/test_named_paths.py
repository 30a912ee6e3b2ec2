"""A path of the repository named in the package's code or in the documentation exists."""

from __future__ import annotations

import re

import pytest
from paths import REPO

#: A test file, a test project or a data file, as the code and the documentation name them.
NAMED = re.compile(r"\btests/(?:[a-z_]+/)*[a-z_\-]+(?:\.py|\.json|\.txt)?\b")


def named_paths() -> list[tuple[str, str]]:
    found = []
    for folder, pattern in (("solidarity_archive", "*.py"), ("docs", "*.md"), ("docs", "*.py")):
        for path in sorted((REPO / folder).rglob(pattern)):
            for name in NAMED.findall(path.read_text(encoding="utf-8")):
                found.append((str(path.relative_to(REPO)), name.rstrip("/")))
    return found


def test_the_scan_finds_named_paths():
    assert NAMED.findall("see ``tests/cli/test_new.py`` and tests/roots/test-basic") == ["tests/cli/test_new.py", "tests/roots/test-basic"]


@pytest.mark.parametrize(("where", "name"), named_paths())
def test_a_named_path_exists(where, name):
    assert (REPO / name).exists() or list(REPO.glob(name + "*")), f"{where} names {name}, which is not in the repository"
