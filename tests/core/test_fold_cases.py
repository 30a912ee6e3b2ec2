"""One folding: the Python helpers and every browser script's copy fold the same cases the same way.

The cases (``tests/data/fold_cases.json``: English and Spanish accents, ñ, ü, case, ß, ligatures,
typographic quotes, spacing) run through ``core.text``'s functions here and, under Node.js, through
the fold functions of search.js, search-offline.js and the statement form (``tests/fold_cases.js``).
Without Node.js the second test skips, saying why; where ``CI`` is set it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from paths import TESTS

from solidarity_archive.core.text import ascii_slug, fold, fold_with_origin, name_key

CASES = json.loads((TESTS / "data" / "fold_cases.json").read_text(encoding="utf-8"))
PYTHON = {
    "fold": fold,
    "word": lambda text: fold(text, word=True),
    "name_key": name_key,
    "name_key_join_initials": lambda text: name_key(text, join_initials=True),
    "slug": ascii_slug,
}


@pytest.mark.parametrize("kind", sorted(PYTHON))
def test_the_python_helpers_give_the_expected_values(kind):
    assert [PYTHON[kind](text) for text, _ in CASES[kind]] == [expected for _, expected in CASES[kind]]


def test_the_cases_cover_english_and_spanish_folding():
    folded = dict(CASES["fold"])
    assert folded["MIGRACIÓN"] == "migracion" and folded["Ñandú"] == "nandu" and folded["PINGÜINO"] == "pinguino"
    assert folded["Straße"] == "strasse" and folded["ﬁnal ﬂow"] == "final flow"
    assert dict(CASES["word"])["O’Brien"] == "obrien"


def test_fold_with_origin_points_back_into_the_text():
    for text, _ in CASES["fold"]:
        folded, origin = fold_with_origin(text)
        assert len(folded) == len(origin)
        assert all(0 <= at < len(text) for at in origin)


def test_every_browser_script_folds_as_the_python_does():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("comparing the scripts' folding with the Python's needs Node.js")
        pytest.skip("comparing the scripts' folding with the Python's needs Node.js")
    result = subprocess.run([node, str(TESTS / "fold_cases.js")], capture_output=True, text=True, check=True)
    scripts = json.loads(result.stdout)
    assert len(scripts) == 3
    for script, kinds in scripts.items():
        for kind, said in kinds.items():
            expected = [value for _, value in CASES[kind]]
            wrong = [(text, got, want) for (text, want), got in zip(CASES[kind], said, strict=False) if got != want]
            assert said == expected, f"{script} ({kind}): {wrong}"
