"""``import``: the seed press release becomes the archive's first statement."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from archive_copy import REPO, archive_cli, copy_archive
from paths import DATA

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.frontmatter import split
from solidarity_archive.core.importer import parse_printed_date, read_release
from solidarity_archive.core.validation import read_statement
from solidarity_archive.myst import parse_statement_text

SEED_TEXT = DATA / "seed-2016-press-release.txt"
FIRST = "statements/2016/2016-01-19-us-organizations-demand-justice.md"
EDITORIAL = ("date_as_printed", "note")


@pytest.fixture(scope="module")
def registry():
    found, problems = registry_module.load(REPO / "source/signatories.yaml", "source/signatories.yaml")
    assert problems == []
    return found


def read_file(path: Path, relative: str, registry):
    result = read_statement(
        path.read_bytes(), path=relative, docname=relative[:-3], registry=registry, today=dt.date(2026, 1, 1), markdown=parse_statement_text
    )
    assert result.problems == []
    return result.statement, result.split.body


def test_import_of_the_seed_reproduces_the_first_statement(tmp_path, registry):
    root = copy_archive(tmp_path / "archive")
    (root / FIRST).unlink()
    result = archive_cli("import", str(SEED_TEXT), "--date", "2016-01-19", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == FIRST
    # The printed year differs from the filed one: the command asks for a note.
    assert "January 19, 2015" in result.stderr and "note" in result.stderr

    imported, imported_body = read_file(root / FIRST, FIRST, registry)
    expected, expected_body = read_file(REPO / FIRST, FIRST, registry)
    for name in (f.name for f in dataclasses.fields(expected)):
        if name not in EDITORIAL:
            assert getattr(imported, name) == getattr(expected, name), name
    assert imported_body == expected_body
    # The printed date is kept, never silently replaced.
    assert imported.date_as_printed == "January 19, 2015"
    assert imported.note is None


def test_import_without_override_files_under_the_printed_date(tmp_path):
    root = copy_archive(tmp_path / "archive")
    result = archive_cli("import", str(SEED_TEXT), "--dry-run", cwd=root)
    assert result.returncode == 0, result.stderr
    fields = split(result.stdout).yaml_text
    assert "date: 2015-01-19" in fields
    assert "date_as_printed: January 19, 2015" in fields  # written out: kept as printed
    assert "note" not in result.stderr


def test_import_refuses_to_overwrite(repo, tmp_path):
    root = copy_archive(tmp_path / "archive")
    before = (root / FIRST).read_bytes()
    result = archive_cli("import", str(SEED_TEXT), "--date", "2016-01-19", cwd=root)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert (root / FIRST).read_bytes() == before


def test_the_seed_is_read_without_questions(registry):
    found = read_release(SEED_TEXT.read_text(encoding="utf-8"), registry)
    assert found.questions == []
    assert found.kind == "press release"
    assert found.title.startswith("US Organizations Demand Justice")
    assert found.date == dt.date(2015, 1, 19)
    assert found.place == "San Salvador, El Salvador"
    assert "Ciudades" not in found.body and "PRESS RELEASE" not in found.body
    assert found.body.count("\n- ") == 4


UNKNOWN_ORG = """OPEN LETTER

Water Is Life

We, the Committee in Solidarity with the People of El Salvador (CISPES), the Friends of the River, and Voces en la Frontera, demand a ban on metal mining.

San Salvador, El Salvador
03/04/2017
"""


def test_unknown_organisation_and_ambiguous_date_are_asked_not_guessed(registry):
    found = read_release(UNKNOWN_ORG, registry)
    assert found.kind == "open letter"
    assert found.title == "Water Is Life"
    assert found.signatories == ("cispes", "voices")  # alias 'Voces en la Frontera'
    messages = [str(q) for q in found.questions]
    assert any("'Friends of the River' is not in the signatory registry" in m and "source/signatories.yaml" in m for m in messages)
    assert any(m.startswith("date:") and "2017-03-04 or 2017-04-03" in m and "--date" in m for m in messages)
    assert found.date is None


def test_import_writes_nothing_while_questions_remain(tmp_path):
    root = copy_archive(tmp_path / "archive")
    release = tmp_path / "letter.txt"
    release.write_text(UNKNOWN_ORG, encoding="utf-8")
    result = archive_cli("import", str(release), cwd=root)
    assert result.returncode == 1
    assert "Friends of the River" in result.stderr and "nothing was written" in result.stderr
    assert not (root / "statements/2017").exists()


SPANISH_SIGNED = """# Alto a la minería metálica

Las organizaciones abajo firmantes exigimos que el gobierno de El Salvador respete la decisión de las comunidades y que la ley se cumpla para todas las personas.

1. Que se prohíba la minería.
2. Que se proteja el agua de los ríos
   y de los pozos comunitarios.

Centro de Intercambio y Solidaridad
SHARE El Salvador

San Salvador, 22 de marzo de 2017
"""


def test_signature_block_markdown_title_and_spanish_closing(registry):
    found = read_release(SPANISH_SIGNED, registry)
    assert found.title == "Alto a la minería metálica"
    assert found.signatories == ("cis", "share")
    assert found.language == "es"
    assert found.date == dt.date(2017, 3, 22)
    assert found.date_as_printed == "22 de marzo de 2017"
    # The place has no country: asked for, with the flag to give it.
    assert [q.field for q in found.questions] == ["place"]
    assert '--place "San Salvador, Country"' in found.questions[0].message
    assert found.body.endswith("1. Que se prohíba la minería.\n2. Que se proteja el agua de los ríos y de los pozos comunitarios.")


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("January 19, 2015", dt.date(2015, 1, 19)),
        ("19 January 2016", dt.date(2016, 1, 19)),
        ("19 de enero de 2016", dt.date(2016, 1, 19)),
        ("2016-01-19", dt.date(2016, 1, 19)),
        ("25/12/2016", dt.date(2016, 12, 25)),
    ],
)
def test_printed_dates(printed, expected):
    assert parse_printed_date(printed) == (expected, None)


def test_impossible_printed_date():
    date, why = parse_printed_date("February 30, 2016")
    assert date is None and "not a real date" in why


UNDERSIGNED = """**COMUNICADO DE PRENSA**

## Solidarity With the Communities of Santa Marta

We, the undersigned organizations, stand with the communities of Santa Marta
and call for the charges against the water defenders to be dropped.

* That the charges be dropped.
* That the community be heard.

CISPES
Voices on the Border
Friends of the River

Washington, United States, 19 January 2017
"""


def test_undersigned_release_takes_the_signature_block(registry):
    found = read_release(UNDERSIGNED, registry)
    assert found.kind == "press release"
    assert found.title == "Solidarity With the Communities of Santa Marta"
    assert found.signatories == ("cispes", "voices")
    assert found.place == "Washington, United States"
    assert found.date == dt.date(2017, 1, 19)
    assert [str(q) for q in found.questions] == [
        "signatories: 'Friends of the River' is not in the signatory registry; add it to source/signatories.yaml "
        "(as a new entry, or as an alias of an existing one), then import again (or import with --add-signatories to add them all), or pass every --signatory ID"
    ]
    # Hard-wrapped paragraphs are joined; '*' bullets become '-'.
    assert found.body == (
        "We, the undersigned organizations, stand with the communities of Santa Marta and call for the charges against the water defenders to be dropped.\n\n"
        "- That the charges be dropped.\n- That the community be heard."
    )
