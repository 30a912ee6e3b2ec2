"""The command line and the build speak the person's language.

``check``'s messages, its notes and summary, ``--help`` and argparse's own
words come from the archive's catalog in the language of ``--lang`` or of the
environment's locale; the build says the same problems in the language of its
console (the environment's locale, as Sphinx's own messages), not the site's.
YAML mistakes are said in plain words, in both languages, at their line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from archive_copy import sphinx_build
from babel.messages.pofile import read_po
from paths import REPO, ROOTS
from sphinx.util.console import strip_colors

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.checking import check_archive
from solidarity_archive.core.reader import ArchiveLayout
from solidarity_archive.core.validation import read_statement
from solidarity_archive.myst import parse_statement_text

#: Projects with many broken statements: every message of both must be said in Spanish.
BROKEN = ("test-bad-statements", "test-refusals")
PO = REPO / "solidarity_archive" / "locale" / "es" / "LC_MESSAGES" / "solidarity_archive.po"
PROBLEM = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.*) \[statement\.(?P<subtype>[\w-]+)\]$")


def spanish_catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def in_spanish(catalog):
    def gettext(message: str) -> str:
        entry = catalog.get(message)
        return entry.string if entry is not None and entry.string and not entry.fuzzy else message

    return gettext


def environment(lang: str) -> dict[str, str]:
    """The environment with only ``LANG`` saying the locale."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env["LANG"] = lang
    return env


def cli(*args: str, lang: str = "C.UTF-8", cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "solidarity_archive", *args], capture_output=True, text=True, check=False, cwd=cwd, env=environment(lang))


def copy_root(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(ROOTS / name, root)
    return root


def problem_lines(text: str) -> list[re.Match]:
    return [match for line in text.splitlines() if (match := PROBLEM.match(line))]


# -- check, in Spanish, from the locale or --lang ------------------------------------------------


@pytest.mark.parametrize("name", BROKEN)
@pytest.mark.parametrize("way", ["LANG=es_ES.UTF-8", "--lang es"])
def test_check_says_every_problem_in_spanish_with_its_line(tmp_path, name, way):
    root = copy_root(name, tmp_path)
    english = cli("check", cwd=root)
    if way == "--lang es":
        spanish = cli("--lang", "es", "check", cwd=root)
    else:
        spanish = cli("check", lang="es_ES.UTF-8", cwd=root)
    assert english.returncode == spanish.returncode == 1

    said, meant = problem_lines(spanish.stdout), problem_lines(english.stdout)
    assert len(said) == len(meant) == len(english.stdout.splitlines()) > 20
    for es, en in zip(said, meant, strict=True):
        # The same problem at the same line, said in other words.
        assert (es["path"], es["line"], es["subtype"]) == (en["path"], en["line"], en["subtype"])
        assert es["message"] != en["message"], en.group(0)
    # No English message is left in what staff read.
    shown = spanish.stdout + spanish.stderr
    assert [en["message"] for en in meant if en["message"] in shown] == []
    assert "archivos de declaraciones revisados" in spanish.stderr and "problemas." in spanish.stderr
    assert "nota: no hay registro de identificadores publicados" in spanish.stderr
    assert "statement files checked" not in shown and "note:" not in shown


@pytest.mark.parametrize("name", BROKEN)
def test_no_message_of_check_is_left_untranslated(tmp_path, name):
    """Every message ``check`` gives on the broken projects is a marked template with a Spanish translation."""
    root = copy_root(name, tmp_path)
    report = check_archive(ArchiveLayout(root), dt.date(2026, 1, 1), markdown=parse_statement_text)
    assert len(report.problems) > 20
    catalog = spanish_catalog()
    # A problem given as plain text, not as a marked template with its values, cannot be translated.
    untranslated = [str(p) for p in report.problems if getattr(p, "text", None) is None]
    templates = [t for p in report.problems if getattr(p, "text", None) is not None for t in p.text.templates()]
    templates += [t for note in report.notes if hasattr(note, "templates") for t in note.templates()]
    untranslated += [t for t in templates if in_spanish(catalog)(t) == t]
    assert untranslated == []
    # The JSON for editors says them in the chosen language too.
    listed = json.loads(cli("--lang", "es", "check", "--format", "json", cwd=root).stdout)["problems"]
    assert [p["message"] for p in listed] == [p.translated_message(in_spanish(catalog)) for p in report.problems]


def test_every_translation_keeps_the_values_of_its_message():
    """A translation that dropped or renamed a ``{value}`` would fail where it is shown."""

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    broken = []
    for entry in spanish_catalog():
        if not entry.id or "python-brace-format" not in entry.flags:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        broken += [(ids[-1], text) for text in strings if text and not fields(text) <= fields(ids[-1]) | fields(ids[0])]
    assert broken == []


# -- the build, in the console's language ---------------------------------------------------------


@pytest.mark.parametrize("name", BROKEN)
def test_the_build_says_the_same_spanish_as_check(tmp_path, name):
    root = copy_root(name, tmp_path)
    spanish = cli("check", lang="es_ES.UTF-8", cwd=root).stdout.splitlines()
    built = sphinx_build(root, "html", tmp_path / "out", env=environment("es_ES.UTF-8"))
    prefix = str(root) + os.sep
    warnings = {line.replace(prefix, "").replace(" WARNING: ", " ", 1).removeprefix("WARNING: ") for line in strip_colors(built.stderr).splitlines()}
    assert len(spanish) > 20
    assert [line for line in spanish if line not in warnings] == []
    # and none in English: the console's language, not the site's (which is English here).
    english = [match["message"] for match in problem_lines(cli("check", cwd=root).stdout)]
    assert [message for message in english if message in built.stderr] == []
    if name == "test-bad-statements":
        assert any(w.startswith("nada perdido: 24 declaración(es) sin publicar") for w in warnings)


# -- --help and argparse's own words ---------------------------------------------------------------


@pytest.mark.parametrize("way", [("--lang", "es"), ()])
def test_help_and_argparse_speak_spanish(tmp_path, way):
    helped = cli(*way, "check", "--help", lang="es_SV.UTF-8" if not way else "C.UTF-8", cwd=tmp_path)
    assert helped.returncode == 0
    assert helped.stdout.startswith("uso: solidarity-archive check")
    assert "opciones:" in helped.stdout and "mostrar esta ayuda y salir" in helped.stdout
    assert "validate every" not in helped.stdout.lower() and "usage:" not in helped.stdout
    wrong = cli(*way, "check", "--format", "xml", lang="es_SV.UTF-8" if not way else "C.UTF-8", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "error: argumento --format: valor no válido: 'xml' (elija entre 'text', 'json')" in wrong.stderr
    english = cli("check", "--format", "xml", cwd=tmp_path)
    assert "usage:" in english.stderr and "invalid choice: 'xml'" in english.stderr


# -- YAML mistakes in plain words ------------------------------------------------------------------

REGISTRY, _ = registry_module.parse("cispes:\n  name: CISPES\n  country: United States\n", "source/signatories.yaml")
PATH = "statements/2016/2016-01-19-x.md"
FIELDS = "title: {title}\ndate: 2016-01-19\nplace: San Salvador, El Salvador\nsignatories:\n{items}language: en\n"


def problems(title: str = "Justicia", items: str = "  - cispes\n", leave_out: str = ""):
    fields = FIELDS.format(title=title, items=items)
    fields = "".join(line + "\n" for line in fields.splitlines() if not line.startswith(leave_out) or not leave_out)
    text = f"---\n{fields}---\n\nTexto.\n"
    return read_statement(
        text.encode("utf-8"), path=PATH, docname=PATH[:-3], registry=REGISTRY, today=dt.date(2026, 1, 1), markdown=parse_statement_text
    ).problems


def both(problem) -> tuple[str, str]:
    return problem.translated(None), problem.translated(in_spanish(spanish_catalog()))


JARGON = ("cannot start any token", "mapping values", "YAML cannot be read", "found character", "expected <block end>")


def test_a_tab_says_use_spaces_at_its_line():
    (problem,) = problems(items="\t- cispes\n")
    english, spanish = both(problem)
    assert english.startswith(f"{PATH}:6: there is a tab at column 1;") and "use spaces instead" in english
    assert spanish.startswith(f"{PATH}:6: hay un tabulador en la columna 1;") and "use espacios" in spanish
    assert not any(word in text for word in JARGON for text in (english, spanish))


def test_a_colon_in_a_value_says_put_it_in_quotes_at_its_line():
    (problem,) = problems(title="Justicia: ya")
    english, spanish = both(problem)
    assert english == (
        f"{PATH}:2: the value of 'title:' has a colon (':') at column 16, which YAML reads as the start of another key; "
        'put the whole value in quotes: title: "Justicia: ya" [statement.yaml]'
    )
    assert spanish == (
        f"{PATH}:2: el valor de 'title:' tiene dos puntos (':') en la columna 16, y el encabezado los lee como el comienzo "
        'de otra clave; ponga todo el valor entre comillas: title: "Justicia: ya" [statement.yaml]'
    )


def test_a_hash_in_a_value_says_put_it_in_quotes_at_its_line():
    (problem,) = problems(title="Justicia #YaBasta")
    english, spanish = both(problem)
    assert english.startswith(f"{PATH}:2: title 'Justicia' is cut at '#YaBasta':")
    assert 'put the whole value in quotes: title: "Justicia #YaBasta"' in english
    assert spanish.startswith(f"{PATH}:2: title 'Justicia' se corta en '#YaBasta':")
    assert 'ponga todo el valor entre comillas: title: "Justicia #YaBasta"' in spanish
    assert "(una nota para el equipo del archivo va en una línea aparte, que empiece con '#')" in spanish


def test_a_missing_key_is_named_at_the_end_of_the_frontmatter():
    (problem,) = problems(leave_out="place:")
    english, spanish = both(problem)
    # The closing '---' (line 7), where the key goes, not the line of another key.
    assert english == (
        f"{PATH}:7: place is missing; every statement needs title, date, place, signatories, language: "
        "add a line 'place: …' before the closing '---' [statement.required]"
    )
    assert spanish == (
        f"{PATH}:7: falta place; toda declaración necesita title, date, place, signatories, language: "
        "agregue una línea 'place: …' antes del '---' de cierre [statement.required]"
    )


@pytest.mark.parametrize(
    ("title", "english", "spanish"),
    [
        ('"Justicia', "the quote opened at column 8 is never closed", "las comillas abiertas en la columna 8 nunca se cierran"),
        ("'It's time'", "goes on after its closing quote (column 12)", "sigue después de sus comillas de cierre (columna 12)"),
        ("`Justicia`", "a value cannot start with '`' in YAML (column 8)", "un valor no puede empezar con '`' en el encabezado (columna 8)"),
    ],
)
def test_other_yaml_mistakes_in_plain_words(title, english, spanish):
    (problem,) = problems(title=title)
    said_en, said_es = both(problem)
    assert said_en.startswith(f"{PATH}:2: ") and english in said_en
    assert said_es.startswith(f"{PATH}:2: ") and spanish in said_es
    assert not any(word in text for word in JARGON for text in (said_en, said_es))
