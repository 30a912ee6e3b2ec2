"""``import`` of Spanish releases: mastheads, "Nosotros, el …" sentences and "Firman:" blocks."""

from __future__ import annotations

import datetime as dt

import pytest
from archive_copy import REPO, archive_cli, copy_archive
from paths import DATA

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.importer import read_release
from solidarity_archive.core.validation import read_statement
from solidarity_archive.myst import parse_statement_text

NOSOTROS = DATA / "pronunciamiento-2016-es.txt"
FIRMAN = DATA / "comunicado-firman-2017-es.txt"


@pytest.fixture(scope="module")
def registry():
    found, problems = registry_module.load(REPO / "source/signatories.yaml", "source/signatories.yaml")
    assert problems == []
    return found


def test_nosotros_sentence_names_the_three_signatories(registry):
    """Nosotros, el Comité …, el Centro … y la Fundación …: three organisations, one of them with a 'y' in its name."""
    release = read_release(NOSOTROS.read_text(encoding="utf-8"), registry)
    assert release.questions == []
    assert release.signatories == ("cispes", "cis", "share")
    assert release.kind == "statement"  # PRONUNCIAMIENTO
    assert release.title == "Organizaciones exigen justicia para los migrantes centroamericanos"
    assert release.date == dt.date(2016, 1, 19) and release.place == "San Salvador, El Salvador"
    assert release.language == "es"


def test_firman_block_and_comunicado_de_prensa(registry):
    release = read_release(FIRMAN.read_text(encoding="utf-8"), registry)
    assert release.questions == []
    assert release.kind == "press release"  # COMUNICADO DE PRENSA
    assert release.signatories == ("cispes", "cis", "share")  # 'Firman:' heads the block; it is no name
    assert release.date == dt.date(2017, 3, 22)


def test_the_spanish_release_imports_without_signatory_flags(tmp_path, registry):
    root = copy_archive(tmp_path / "archive")
    result = archive_cli("import", str(NOSOTROS), cwd=root)
    assert result.returncode == 0, result.stderr
    [written] = [p for p in (root / "statements/2016").glob("2016-01-19-*.md") if "us-organizations" not in p.name]
    relative = written.relative_to(root).as_posix()
    statement = read_statement(
        written.read_bytes(), path=relative, docname=relative[:-3], registry=registry, today=dt.date(2026, 1, 1), markdown=parse_statement_text
    ).statement
    assert statement is not None
    assert statement.signatories == ("cispes", "cis", "share")
    assert statement.language == "es" and statement.kind == "statement"
