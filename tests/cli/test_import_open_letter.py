"""``import --add-signatories --yes``: an open letter signed by six organisations, four of them new."""

from __future__ import annotations

import pytest
from archive_copy import archive_cli, copy_archive, sphinx_build
from bs4 import BeautifulSoup

from solidarity_archive.core.importer import propose_signatories, read_release
from solidarity_archive.core.registry import COUNTRY_TO_CHECK, parse

LETTER = """OPEN LETTER

Stop the Deportation Flights to Central America

We write to the Secretary of Homeland Security to ask for an end to the deportation flights that return families to danger in El Salvador, Honduras and Guatemala.

The families on these flights fled violence that the government knows well. We ask that their asylum claims be heard in full, with lawyers present.

Signed,

Committee in Solidarity with the People of El Salvador (CISPES)
Latin America Working Group (LAWG), United States
SHARE Foundation
Alianza Americas, United States
Comité de Familiares de Migrantes Fallecidos y Desaparecidos de El Salvador (COFAMIDE), El Salvador
Red Jesuita con Migrantes, Guatemala

Washington, D.C., United States
March 3, 2017
"""
NEW_ENTRIES = """
lawg:
  name: Latin America Working Group
  acronym: LAWG
  country: United States

alianza-americas:
  name: Alianza Americas
  country: United States

cofamide:
  name: Comité de Familiares de Migrantes Fallecidos y Desaparecidos de El Salvador
  acronym: COFAMIDE
  country: El Salvador

red-jesuita-con-migrantes:
  name: Red Jesuita con Migrantes
  country: Guatemala
"""
SIGNATORIES = ["cispes", "lawg", "share", "alianza-americas", "cofamide", "red-jesuita-con-migrantes"]
STATEMENT = "statements/2017/2017-03-03-stop-the-deportation-flights"


def test_proposals_take_acronyms_and_countries_and_mark_what_is_left(repo):
    registry, _ = parse((repo / "source/signatories.yaml").read_text(encoding="utf-8"), "source/signatories.yaml")
    found = read_release(LETTER, registry)
    assert [sid for _name, sid in found.printed_signatories] == ["cispes", None, "share", None, None, None]
    [lawg, no_country] = propose_signatories(["Latin America Working Group (LAWG), United States", "Friends of the River"], registry)
    assert (lawg.id, lawg.name, lawg.acronym, lawg.country) == ("lawg", "Latin America Working Group", "LAWG", "United States")
    assert (no_country.id, no_country.country) == ("friends-river", COUNTRY_TO_CHECK)
    # A country left to fill in is reported (by check and the build) until it is.
    _, problems = parse(f"friends-river:\n  name: Friends of the River\n  country: {COUNTRY_TO_CHECK}\n", "source/signatories.yaml")
    assert [(p.line, p.subtype) for p in problems] == [(3, "to-check")]
    assert "left by import for you to fill in" in problems[0].message


@pytest.mark.slow
def test_import_adds_the_four_new_signatories_and_the_statement_builds(tmp_path):
    root = copy_archive(tmp_path / "archive")
    letter = tmp_path / "letter.txt"
    letter.write_text(LETTER, encoding="utf-8")
    registry_path = root / "source/signatories.yaml"
    original = registry_path.read_text(encoding="utf-8")

    # Without --add-signatories: each new organisation is named, nothing is written.
    plain = archive_cli("import", str(letter), "--root", str(root), cwd=root)
    assert plain.returncode == 1
    assert plain.stderr.count("is not in the signatory registry") == 4 and "--add-signatories" in plain.stderr
    # Without --yes and without a terminal to confirm in: shown, not written.
    unconfirmed = archive_cli("import", str(letter), "--add-signatories", "--root", str(root), cwd=root)
    assert unconfirmed.returncode == 1 and "pass --yes" in unconfirmed.stderr
    assert "lawg:\n  name: Latin America Working Group" in unconfirmed.stdout
    assert registry_path.read_text(encoding="utf-8") == original
    assert not (root / "statements/2017").exists()

    result = archive_cli("import", str(letter), "--add-signatories", "--yes", "--root", str(root), cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(f"{STATEMENT}.md")
    # Four entries appended; the rest of the registry byte for byte.
    assert registry_path.read_text(encoding="utf-8") == original + NEW_ENTRIES
    text = (root / f"{STATEMENT}.md").read_text(encoding="utf-8")
    assert "signatories:\n" + "".join(f"  - {sid}\n" for sid in SIGNATORIES) in text
    assert "kind: open letter" in text and "Signed," not in text and "Red Jesuita" not in text

    assert archive_cli("check", "--root", str(root), cwd=root).returncode == 0
    build = sphinx_build(root, "html", tmp_path / "out")
    assert build.returncode == 0, build.stderr
    page = BeautifulSoup((tmp_path / "out/html" / f"{STATEMENT}.html").read_text(encoding="utf-8"), "html.parser")
    links = page.select(".statement-header dd.signatories a.reference")
    assert [a["href"].rsplit("/", 1)[-1] for a in links] == [f"{sid}.html" for sid in SIGNATORIES]
    assert "Latin America Working Group (LAWG)" in links[1].get_text()
