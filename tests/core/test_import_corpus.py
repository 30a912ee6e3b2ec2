"""``import`` on a corpus of real-looking releases, in English and Spanish.

Each ``tests/data/releases/NN-name.txt`` has an ``NN-name.yaml`` beside it: the title, date,
place and signatory ids the release must give, or ``refused:`` with the fields it cannot
decide and the words that say why. A release never imports with fewer signatories than it
names: every organisation it names is matched in the registry or reported by name
(``unknown:``).
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from archive_copy import REPO, archive_cli, copy_archive
from paths import DATA

from solidarity_archive.core.importer import read_release
from solidarity_archive.core.registry import parse

RELEASES = DATA / "releases"
CASES = sorted(RELEASES.glob("*.txt"))
#: The places an archive already has: a place printed without its country is completed from them.
KNOWN_PLACES = ("San Salvador, El Salvador", "Washington, D.C., United States")


@pytest.fixture(scope="module")
def registry():
    text = (REPO / "source/signatories.yaml").read_text(encoding="utf-8")
    extra = (RELEASES / "signatories-extra.yaml").read_text(encoding="utf-8")
    found, problems = parse(text + "\n" + extra, "source/signatories.yaml")
    assert problems == []
    return found


def test_the_corpus_is_large_and_in_both_languages():
    assert len(CASES) >= 25
    languages = {yaml.safe_load(case.with_suffix(".yaml").read_text(encoding="utf-8")).get("language") for case in CASES}
    assert {"en", "es"} <= languages
    assert b"\r\n" in (RELEASES / "14-crlf-windows.txt").read_bytes()  # kept with Windows line endings


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_release(case, registry):
    expected = yaml.safe_load(case.with_suffix(".yaml").read_text(encoding="utf-8"))
    text = case.read_bytes().decode("utf-8")  # as written: a Windows line ending stays one
    found = read_release(text, registry, places=KNOWN_PLACES)
    refused = expected.get("refused") or {}
    messages = {field_: [q.message for q in found.questions if q.field == field_] for field_ in {q.field for q in found.questions}}
    assert set(messages) == set(refused), [str(q) for q in found.questions]
    for field_, words in refused.items():
        for word in words:
            assert any(word in message for message in messages[field_]), (field_, word, messages[field_])

    for field_ in ("title", "place", "language", "kind"):
        if field_ in expected:
            assert getattr(found, field_) == expected[field_], field_
        elif field_ in refused:
            assert getattr(found, field_) is None, field_
    if "date" in expected:
        assert found.date == expected["date"] and isinstance(expected["date"], dt.date)
    elif "date" in refused:
        assert found.date is None
    # Never a signatory fewer than the release names: each is matched, or reported by name.
    assert list(found.signatories) == expected["signatories"]
    assert found.unknown_names == expected.get("unknown", [])
    notes = [str(note) for note in found.notes]
    for word in expected.get("notes", []):
        assert any(word in note for note in notes), notes
    if not expected.get("notes"):
        assert notes == []
    for word in expected.get("not_in_body", []):
        assert word not in found.body, word
    assert found.body.strip(), "the text is empty"


def test_share_and_rmra_propose_rmra_alone(tmp_path):
    """``--add-signatories`` on "We, the SHARE Foundation and the Rural Women's Water Network (RMRA)":
    one new entry, RMRA; SHARE is the registry's."""
    root = copy_archive(tmp_path / "archive")
    result = archive_cli("--lang", "en", "import", str(RELEASES / "03-we-share-and-rmra.txt"), "--add-signatories", "--yes", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "rmra:\n  name: Rural Women's Water Network\n  acronym: RMRA\n" in result.stdout
    assert "SHARE Foundation and" not in result.stdout
    written = (root / "statements/2017/2017-03-22-rural-women-demand.md").read_text(encoding="utf-8")
    assert "signatories:\n  - share\n  - rmra\n" in written


def test_a_place_without_country_is_completed_from_the_archive_and_said(tmp_path):
    root = copy_archive(tmp_path / "archive")
    release = RELEASES / "09-spanish-closing-no-country.txt"
    result = archive_cli("--lang", "es", "import", str(release), cwd=root)
    assert result.returncode == 0, result.stderr
    path = "statements/2018/2018-03-08-dia-internacional-de.md"
    assert result.stdout.strip() == path
    written = (root / path).read_text(encoding="utf-8")
    assert "place: San Salvador, El Salvador\n" in written
    # Said, in the person's language, with the id and the title, before writing.
    assert "«San Salvador, El Salvador»" in result.stderr
    shown = result.stderr.index("2018-03-08-dia-internacional-de\n")
    assert "Día Internacional de la Mujer: las mujeres rurales exigen agua y tierra" in result.stderr
    assert shown < result.stderr.index("statements/2018/index.md")  # before the year page is written


def test_refusals_are_said_in_spanish(tmp_path):
    root = copy_archive(tmp_path / "archive")
    result = archive_cli("--lang", "es", "import", str(RELEASES / "30-unknown-acronym-alone-es.txt"), cwd=root)
    assert result.returncode == 1
    assert "no se escribió nada" in result.stderr
    assert "«MOVIAC» no está en el registro de firmantes" in result.stderr
    assert not (root / "statements/2017").exists()
