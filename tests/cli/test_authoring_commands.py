"""``new`` and ``list``, and ``--help`` on every subcommand."""

from __future__ import annotations

import json

import pytest
from archive_copy import REPO, archive_cli, copy_archive, sphinx_build
from bs4 import BeautifulSoup

from solidarity_archive.cli.main import build_parser
from solidarity_archive.core.statement_file import slugify, yaml_scalar, year_index_text

NEW_FLAGS = (
    "--title",
    "Carta abierta: alto a la minería",
    "--date",
    "2017-03-22",
    "--place",
    "San Salvador, El Salvador",
    "--signatory",
    "cis",
    "--signatory",
    "share",
    "--language",
    "es",
    "--kind",
    "open letter",
)
NEW_PATH = "statements/2017/2017-03-22-carta-abierta-alto.md"


def subcommands():
    parser = build_parser()
    return sorted(parser._subparsers._group_actions[0].choices)


@pytest.mark.parametrize("command", ["new", "import", "check", "list"])
def test_every_subcommand_has_help(command):
    assert command in subcommands()
    result = archive_cli(command, "--help", cwd=REPO)
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: solidarity-archive {command}")


@pytest.mark.slow
def test_new_then_build_publishes_the_statement(tmp_path):
    root = copy_archive(tmp_path / "archive")
    text = tmp_path / "text.md"
    text.write_text("Exigimos que se prohíba la minería metálica.\n\n- Agua para todas las comunidades.\n", encoding="utf-8")
    result = archive_cli("new", *NEW_FLAGS, "--text", str(text), cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == NEW_PATH
    assert (root / "statements/2017/index.md").read_text() == (REPO / "statements/2016/index.md").read_text().replace("2016", "2017")

    assert archive_cli("check", cwd=root).returncode == 0
    built = sphinx_build(root, "html", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    page = tmp_path / "out/html" / NEW_PATH.replace(".md", ".html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "es"
    assert soup.select_one("section.statement h1").get_text().strip("#¶ ") == "Carta abierta: alto a la minería"
    assert len(soup.select(".statement-header dd.signatories a")) == 2
    year = (tmp_path / "out/html/statements/2017/index.html").read_text(encoding="utf-8")
    assert "2017-03-22-carta-abierta-alto.html" in year


def test_new_refuses_to_overwrite(tmp_path):
    root = copy_archive(tmp_path / "archive")
    text = tmp_path / "text.md"
    text.write_text("First text.\n", encoding="utf-8")
    assert archive_cli("new", *NEW_FLAGS, "--text", str(text), cwd=root).returncode == 0
    text.write_text("Second text.\n", encoding="utf-8")
    again = archive_cli("new", *NEW_FLAGS, "--text", str(text), cwd=root)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert "First text." in (root / NEW_PATH).read_text(encoding="utf-8")


def test_new_validates_before_writing(tmp_path):
    root = copy_archive(tmp_path / "archive")
    text = tmp_path / "text.md"
    text.write_text("Text.\n", encoding="utf-8")
    flags = list(NEW_FLAGS)
    flags[flags.index("cis")] = "cispe"
    result = archive_cli("new", *flags, "--text", str(text), cwd=root)
    assert result.returncode == 1
    assert "signatory 'cispe' is not in source/signatories.yaml" in result.stderr
    assert not (root / "statements/2017").exists()


def test_new_without_a_terminal_names_the_missing_flags(tmp_path):
    root = copy_archive(tmp_path / "archive")
    result = archive_cli("new", "--title", "Only a title", cwd=root)
    assert result.returncode == 2
    assert "--date" in result.stderr and "--signatory" in result.stderr


def test_list_filters_and_json(tmp_path):
    root = copy_archive(tmp_path / "archive")
    text = tmp_path / "text.md"
    text.write_text("Exigimos agua y el fin del Plan Frontera Sur.\n", encoding="utf-8")
    assert archive_cli("new", *NEW_FLAGS, "--text", str(text), cwd=root).returncode == 0

    def ids(*args):
        result = archive_cli("list", "--format", "json", *args, cwd=root)
        assert result.returncode == 0, result.stderr
        return [row["id"] for row in json.loads(result.stdout)]

    everything = ids()
    assert everything == ["2016-01-19-us-organizations-demand-justice", "2017-03-22-carta-abierta-alto"]
    assert ids("--language", "es") == ["2017-03-22-carta-abierta-alto"]
    assert ids("--year", "2016") == ["2016-01-19-us-organizations-demand-justice"]
    assert ids("--signatory", "cispes") == ["2016-01-19-us-organizations-demand-justice"]
    assert ids("--signatory", "cis") == everything
    # A repeated option widens the choice, as in dossier: either organisation.
    assert ids("--signatory", "cispes", "--signatory", "share") == everything
    assert ids("--signatory", "cispes", "--language", "es") == []
    assert ids("--text", "ROUND UPS") == ["2016-01-19-us-organizations-demand-justice"]
    assert ids("--place", "el salvador", "--text", "agua") == ["2017-03-22-carta-abierta-alto"]
    # --term is a glossary term, as in dossier: found under any of its names ("Plan Frontera Sur").
    assert ids("--term", "Southern Border Plan") == everything
    assert ids("--term", "CARSI") == ["2016-01-19-us-organizations-demand-justice"]
    assert ids("--term", "CARSI", "--term", "Programa Frontera Sur") == everything
    assert ids("--term", "agua") == ["2017-03-22-carta-abierta-alto"]  # not in the glossary: looked for as words
    table = archive_cli("list", "--year", "2017", cwd=root)
    assert "2017-03-22-carta-abierta-alto" in table.stdout and "Carta abierta" in table.stdout


def test_slug_and_yaml_values():
    assert slugify("US Organizations Demand Justice for Central American Migrants") == "us-organizations-demand-justice"
    assert slugify("¡Alto a la represión en Santa Marta!") == "alto-a-la-represion"
    assert yaml_scalar("San Salvador, El Salvador") == "San Salvador, El Salvador"
    assert yaml_scalar("NO") == '"NO"'
    assert yaml_scalar("Carta: abierta") == '"Carta: abierta"'
    assert year_index_text(2016) == (REPO / "statements/2016/index.md").read_text(encoding="utf-8")


def test_a_written_file_reads_back_as_its_draft():
    """ruamel.yaml writes the frontmatter; a note's lines break between words only, so the note
    reads back whole: a hyphenated word at the end of a line and an address longer than a line."""
    import datetime as dt

    import yaml

    from solidarity_archive.core.statement_file import Draft, render

    note = "word " * 13 + "a well-known thing https://example.org/" + "x" * 80 + " end"
    draft = Draft(
        title='Carta: "abierta" #1',
        date=dt.date(2024, 1, 2),
        place="NO",
        signatories=("cispes", "yes"),
        language="es",
        body="Text.\n",
        note=note,
        original=("carta.pdf", "0a" * 32),
    )
    text = render(draft)
    assert text.startswith('---\ntitle: "Carta: \\"abierta\\" #1"\ndate: 2024-01-02\nplace: "NO"\nsignatories:\n  - cispes\n  - "yes"\n')
    assert "\nnote: >-\n  word word word word word word word word word word word word word a\n  well-known thing\n" in text
    fields = yaml.safe_load(text.split("---\n")[1])
    assert fields["note"] == note and fields["title"] == draft.title and fields["signatories"] == ["cispes", "yes"]
    assert fields["source"] == {"file": "carta.pdf", "sha256": "0a" * 32}


def test_new_asks_in_a_terminal_and_offers_the_registry_ids(tmp_path):
    """Run ``new`` on a pseudo-terminal and answer its questions (more in test_new_terminal.py)."""
    import os

    from pseudo_terminal import Terminal

    root = copy_archive(tmp_path / "archive")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG"))}
    env.update(LANG="C.UTF-8", XDG_STATE_HOME=str(tmp_path / "state"))  # drafts are kept there
    terminal = Terminal("new", cwd=root, env=env)
    terminal.answer("Title, as printed", "Carta abierta sobre el agua")
    terminal.answer("Date (", "2017-03-22")
    terminal.answer("Place (City, Country)", "")  # the offered default
    terminal.answer("Signatories:", "cis, share")
    terminal.answer("Language", "es")
    terminal.answer("Kind", "open letter")
    terminal.expect("Paste the statement's text")
    terminal.paste("Exigimos agua para todas las comunidades.\n")
    terminal.answer("About to write", "")
    assert terminal.finish() == 0, terminal.output
    seen = terminal.output
    # The registry's ids were offered with their names.
    assert "cispes" in seen and "Committee in Solidarity with the People of El Salvador (CISPES)" in seen
    written = (root / "statements/2017/2017-03-22-carta-abierta-sobre.md").read_text(encoding="utf-8")
    assert "place: San Salvador, El Salvador" in written
    assert "  - cis\n  - share\n" in written
    assert written.endswith("\n\nExigimos agua para todas las comunidades.\n")
    assert "statements/2017/2017-03-22-carta-abierta-sobre.md" in seen


def test_list_shows_progress_on_a_terminal(tmp_path, monkeypatch):
    import io
    import sys

    from solidarity_archive.cli import list as list_command
    from solidarity_archive.cli.new import load_archive

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    root = copy_archive(tmp_path / "archive")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(list_command, "PROGRESS_FROM", 1)
    found = list_command.read_all(*load_archive(str(root)))
    assert [s.id for s, _ in found] == ["2016-01-19-us-organizations-demand-justice"]
    assert "reading statements: 1/1" in terminal.getvalue()
