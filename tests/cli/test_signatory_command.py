"""``signatory add|list|rename|merge`` on a copy of the archive: comments kept byte for byte, duplicates refused."""

from __future__ import annotations

import json
import re

import ruamel.yaml
from archive_copy import archive_cli, copy_archive
from paths import REPO

from solidarity_archive.core import registry_edit
from solidarity_archive.core.registry import parse
from solidarity_archive.core.registry_edit import replace_signatory, suggest_signatory_id

REGISTRY = "source/signatories.yaml"
STATEMENT = "statements/2016/2016-01-19-us-organizations-demand-justice.md"
#: Comments of every kind the registry may hold, added to the copy: a block between entries,
#: one at the end of a line, one inside a list.
BETWEEN = "# Partners in El Salvador.\n# (kept in this order on purpose)\n"


def with_comments(text: str) -> str:
    text = text.replace("\nrumhes:\n", "\n" + BETWEEN + "rumhes:\n")
    text = text.replace("  country: El Salvador\n", "  country: El Salvador  # since 1986\n", 1)
    text = text.replace("    - Sister Cities\n", "    # the short name most releases print\n    - Sister Cities\n")
    return text


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if "#" in line]


def cli(root, *args):
    return archive_cli("signatory", *args, "--root", str(root), cwd=root)


def test_ids_are_suggested_and_names_compared_loosely():
    assert suggest_signatory_id("Latin America Working Group", None, []) == "latin-america-working-group"
    assert suggest_signatory_id("Latin America Working Group", "LAWG", ["lawg"]) == "lawg-2"
    assert suggest_signatory_id("Comité de Familiares de Migrantes Fallecidos y Desaparecidos", "COFAMIDE", []) == "cofamide"
    assert suggest_signatory_id("María Julia Hernández", None, [], family="Hernández") == "hernandez"
    text = "---\ntitle: T\nsignatories:\n  - a\n  - old  # why\n  - b\nlanguage: en\n---\n\nText with - old in it.\n"
    assert replace_signatory(text, "old", "new") == text.replace("  - old  # why", "  - new  # why")
    assert replace_signatory(text, "old", "b") == text.replace("  - old  # why\n", "")
    assert replace_signatory("---\nsignatories: [a, old]\n---\n\nx\n", "old", "new") == "---\nsignatories: [a, new]\n---\n\nx\n"
    assert replace_signatory(text, "zzz", "new") is None


def test_a_statement_s_list_is_edited_where_ruamel_yaml_finds_its_items():
    text = '---\ntitle: "old"\nsignatories:  # who\n  - a\n  # the old id\n  - "old"  # why\n---\n\n- old\n'
    assert replace_signatory(text, "old", "new") == text.replace('  - "old"  # why', "  - new  # why")
    both = text.replace("  - a\n", "  - new\n")
    assert replace_signatory(both, "old", "new") == both.replace('  - "old"  # why\n', "")
    assert replace_signatory("---\nsignatories: ['old', b, new]\n---\n", "old", "new") == "---\nsignatories: [new, b]\n---\n"
    # Not listed: nothing to do, even where NEW is listed twice.
    assert replace_signatory("---\nsignatories:\n  - new\n  - new\n---\n", "old", "new") is None
    assert replace_signatory("---\ntitle: [\n---\n", "old", "new") is None


def test_add_list_rename_merge_keep_the_registry_byte_for_byte(tmp_path):
    root = copy_archive(tmp_path / "archive")
    path = root / REGISTRY
    original = with_comments(path.read_text(encoding="utf-8"))
    path.write_text(original, encoding="utf-8")
    assert parse(original, REGISTRY)[1] == []

    # add: the id comes from the acronym; the entry is appended; nothing else changes.
    result = cli(root, "add", "Latin America Working Group", "--acronym", "LAWG", "--country", "United States", "--url", "https://www.lawg.org/")
    assert result.returncode == 0, result.stderr
    assert "added 'lawg'" in result.stdout
    added = path.read_text(encoding="utf-8")
    assert added == original + "\nlawg:\n  name: Latin America Working Group\n  acronym: LAWG\n  country: United States\n  url: https://www.lawg.org/\n"

    # A person, with an affiliation and a role.
    result = cli(root, "add", "--kind", "person", "--family", "Romero Rivas", "--given", "María Julia", "--affiliation", "cis", "--role", "Lawyer")
    assert result.returncode == 0, result.stderr
    with_person = path.read_text(encoding="utf-8")
    assert with_person.startswith(added)
    registry, problems = parse(with_person, REGISTRY)
    assert problems == [] and registry["romero-rivas"].citation_name == "Romero Rivas, María Julia"

    # Duplicates of a name, an acronym or an alias are refused, naming the existing entry; nothing is written.
    for args, existing in (
        (("S.H.A.R.E. foundation", "--country", "United States"), "'S.H.A.R.E. foundation' is already the name of 'share'"),
        (("Something else", "--acronym", "cispes", "--country", "United States"), "'cispes' is already the acronym of 'cispes'"),
        (("Ciudades hermanas", "--country", "El Salvador"), "'Ciudades hermanas' is already the alias of 'sister-cities'"),
        (("A new name", "--id", "share", "--country", "El Salvador"), "id 'share' is already in"),
    ):
        result = cli(root, "add", *args)
        assert result.returncode == 1
        assert existing in result.stderr, result.stderr
        assert path.read_text(encoding="utf-8") == with_person

    # list: a table, or JSON with kinds and counts of statements.
    result = cli(root, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["cispes"]["statements"] == 1 and rows["lawg"]["statements"] == 0
    assert rows["romero-rivas"]["kind"] == "person" and rows["romero-rivas"]["affiliation"] == "cis"
    table = cli(root, "list").stdout.splitlines()
    assert table[0].split() == ["id", "statements", "name"]
    assert any(line.split()[:2] == ["share", "1"] for line in table)

    # rename: the name changes, the old name becomes an alias; the rest stays as it was.
    result = cli(root, "rename", "sister-cities", "Sister Cities Network")
    assert result.returncode == 0, result.stderr
    renamed = path.read_text(encoding="utf-8")
    assert renamed == with_person.replace("  name: US-El Salvador Sister Cities\n", "  name: Sister Cities Network\n").replace(
        "    - Ciudades Hermanas El Salvador-Estados Unidos\n",
        "    - Ciudades Hermanas El Salvador-Estados Unidos\n    - US-El Salvador Sister Cities\n",
    )
    assert cli(root, "rename", "voices", "SHARE Foundation").returncode == 1
    assert path.read_text(encoding="utf-8") == renamed

    # merge: the statement that lists both keeps one; OLD's names become NEW's aliases;
    # the comment above the removed entry and every other comment stay.
    statement_before = (root / STATEMENT).read_text(encoding="utf-8")
    result = cli(root, "merge", "rumhes", "cis")
    assert result.returncode == 0, result.stderr
    merged = path.read_text(encoding="utf-8")
    assert "rumhes:" not in merged
    assert comments(merged) == comments(renamed)
    registry, problems = parse(merged, REGISTRY)
    assert problems == []
    assert registry["cis"].aliases == ("Centro de Intercambio y Solidaridad", "Joining Hands Network", "RUMHES")
    assert (root / STATEMENT).read_text(encoding="utf-8") == statement_before.replace("  - rumhes\n", "")
    # Every untouched entry is as it was, byte for byte.
    for sid in ("cispes", "sister-cities", "share", "voices", "lawg", "romero-rivas"):
        assert _entry_text(merged, sid) == _entry_text(renamed, sid), sid
    # And the archive still checks and lists.
    assert archive_cli("check", "--root", str(root), cwd=root).returncode == 0
    assert cli(root, "merge", "rumhes", "cis").returncode == 1


def _entry_text(text: str, sid: str) -> str:
    lines = text.splitlines(keepends=True)
    start = lines.index(f"{sid}:\n")
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n")), len(lines))
    return "".join(lines[start:end])


def test_ruamel_keeps_the_comment_after_a_value_where_the_registry_editor_takes_it():
    """The editor's one use of ruamel.yaml internals (``registry_edit._take_comment_after``):
    fails when ruamel.yaml is another version than the one it was written against, or keeps the
    comment after a mapping's value or a list's item elsewhere."""
    pinned = re.search(r"^ruamel\.yaml==(\S+)$", (REPO / "constraints.txt").read_text(), re.M)
    assert pinned and pinned.group(1) == registry_edit.RUAMEL_WRITTEN_AGAINST == ruamel.yaml.__version__
    text = "a:\n  name: A\n  aliases:\n    - Ay\n\n# B, below\nb:\n  name: B\n\n# C, below\nc:\n  name: C\n"
    document = registry_edit._yaml().load(text)
    after_item = registry_edit._take_comment_after(document["a"]["aliases"], 0)
    after_value = registry_edit._take_comment_after(document["b"], "name")
    assert after_item.value == "\n\n# B, below\n" and after_value.value == "\n\n# C, below\n"
    assert "#" not in registry_edit._dump(document)
    registry_edit._put_comment_after(document["a"]["aliases"], 0, after_item)
    registry_edit._put_comment_after(document["b"], "name", after_value)
    assert registry_edit._dump(document) == text
