"""``new`` in a terminal, driven through a pseudo-terminal as a member of staff would use it.

Each answer is checked when it is given and asked again with what is expected
and the nearest valid values; the id and the file are shown, and may be changed,
before anything is written; a draft keeps every answer and the text, so that a
stopped or refused session loses nothing and the next ``new`` offers it back.
"""

from __future__ import annotations

import os

import pytest
from archive_copy import archive_cli, copy_archive
from pseudo_terminal import CTRL_C, Terminal

pytestmark = pytest.mark.slow  # whole sessions of new in a terminal

TEXT_ES = "Las organizaciones abajo firmantes exigimos la prohibición de la minería metálica.\n\nEl agua vale más que el oro.\n"
TEXT_EN = "We, the undersigned organizations, demand a ban on metal mining.\n\nWater is worth more than gold.\n"


@pytest.fixture
def archive(tmp_path):
    root = copy_archive(tmp_path / "archive")
    state = tmp_path / "state"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG"))}
    env.update(XDG_STATE_HOME=str(state), LANG="C.UTF-8")
    return root, state / "solidarity-archive" / "drafts", env


def drafts_in(folder):
    return sorted(folder.glob("new-*.txt")) if folder.is_dir() else []


def test_a_spanish_session_recovers_from_a_bad_date_place_and_signatory(archive):
    root, drafts, env = archive
    env["LANG"] = "es_SV.UTF-8"
    terminal = Terminal("new", cwd=root, env=env)
    terminal.answer("Título, tal como está impreso", "Carta abierta: No a la minería metálica")
    # A date without its year, then one that reads two ways: asked which.
    terminal.answer("Fecha (p. ej. 3 de marzo de 2017", "3 de marzo")
    terminal.expect("'3 de marzo' no es una fecha que se pueda leer")
    terminal.answer("Fecha (", "03/04/2017")
    terminal.expect("'03/04/2017' se puede leer de dos maneras")
    terminal.expect("1. 3 de abril de 2017 (día/mes/año)")
    terminal.expect("2. 4 de marzo de 2017 (mes/día/año")
    terminal.answer("¿Cuál es? Escriba 1 o 2", "1")
    # A city without its country: the archive's countries are offered, by number.
    terminal.answer("Lugar (Ciudad, País) [San Salvador, El Salvador]", "Santa Ana")
    terminal.expect("1. Santa Ana, El Salvador")
    terminal.answer("Lugar (Ciudad, País)", "1")
    # Names, acronyms and aliases are registry ids; an unknown one gets the nearest ids.
    terminal.answer("Firmantes: nombres, siglas o ids, separados por comas", "Ciudades Hermanas, cispe, Fundación SHARE")
    terminal.expect("'cispe' no está en el registro")
    terminal.expect("1. cispes")
    terminal.answer("Escriba el número del correcto", "1")
    terminal.expect("Firmantes: sister-cities, cispes, share")
    terminal.answer("Idioma del texto (es, en, …) [es]", "")
    terminal.answer("Tipo (su número o nombre) [1]", "2")
    terminal.expect("Pegue el texto de la declaración")
    terminal.paste(TEXT_ES)
    # The id and the file, shown before writing; the id is changed.
    review = terminal.expect("o n para salir sin escribir")
    assert "Id:        2017-04-03-carta-abierta-no" in review
    assert "Archivo:   statements/2017/2017-04-03-carta-abierta-no.md" in review
    assert "Lugar:     Santa Ana, El Salvador" in review
    terminal.send("8\r")
    terminal.answer("Palabras del id después de 2017-04-03- [carta-abierta-no]", "No a la minería metálica")
    review = terminal.expect("o n para salir sin escribir")
    assert "statements/2017/2017-04-03-no-a-la-mineria-metalica.md" in review
    terminal.send("\r")
    assert terminal.finish() == 0, terminal.output
    assert "statements/2017/2017-04-03-no-a-la-mineria-metalica.md" in terminal.output

    written = (root / "statements/2017/2017-04-03-no-a-la-mineria-metalica.md").read_text(encoding="utf-8")
    assert "date: 2017-04-03\nplace: Santa Ana, El Salvador\n" in written
    assert "signatories:\n  - sister-cities\n  - cispes\n  - share\nlanguage: es\nkind: open letter\n" in written
    assert written.endswith("---\n\n" + TEXT_ES)
    check = archive_cli("check", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr
    assert drafts_in(drafts) == []  # written: the draft is gone


def test_an_english_session_recovers_and_keeps_the_text_through_changes(archive):
    root, drafts, env = archive
    terminal = Terminal("--lang", "en", "new", cwd=root, env=env)
    terminal.answer("Title, as printed", "Open letter: no to mining")
    terminal.answer("Date (e.g. 3 March 2017", "March 32, 2017")
    terminal.expect("there is no such day as 'March 32, 2017'")
    terminal.answer("Date (", "March 3, 2017")
    terminal.expect("→ 3 March 2017")
    terminal.answer("Place (City, Country)", "Washington, United States")
    terminal.answer("Signatories: names, acronyms or ids", "SHARE Foundation, Voces")
    terminal.expect("'Voces' is not in the registry")
    terminal.expect("1. voices")
    terminal.answer("Type the number of the right one", "1")
    terminal.expect("Signatories: share, voices")
    terminal.answer("Language of the text", "english")
    terminal.answer("Kind (its number or name)", "open letter")
    terminal.expect("Paste the statement's text")
    terminal.paste("We demand a ban on metal mining.\n\n<script>alert(1)</script>\n")
    # The text is read as the build reads it: refused, and pasted again.
    terminal.expect("line 3 of the text: ")
    terminal.answer("or type p to paste the text again", "p")
    terminal.expect("Paste the statement's text")
    terminal.paste(TEXT_EN)
    terminal.expect("or n to stop without writing")
    # A place spelled unlike the archive's, changed at the end: refused as check refuses it, the archive's offered.
    terminal.send("3\r")
    terminal.answer("Place (City, Country)", "san salvador, el salvador")
    terminal.expect("would write the same place page")
    terminal.expect("1. San Salvador, El Salvador")
    terminal.answer("Place (City, Country)", "1")
    review = terminal.expect("or n to stop without writing")
    assert "8. Id:          2017-03-03-open-letter-no" in review
    assert "File:        statements/2017/2017-03-03-open-letter-no.md" in review
    terminal.send("\r")
    assert terminal.finish() == 0, terminal.output

    written = (root / "statements/2017/2017-03-03-open-letter-no.md").read_text(encoding="utf-8")
    assert "place: San Salvador, El Salvador\n" in written and "language: en\n" in written
    assert written.endswith("---\n\n" + TEXT_EN)
    check = archive_cli("check", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_id_already_taken_is_refused_and_asked_again(archive):
    root, _drafts, env = archive
    terminal = Terminal(
        "--lang",
        "en",
        "new",
        "--date",
        "2016-01-19",
        "--title",
        "US Organizations Demand Justice",
        "--signatory",
        "cis",
        "--language",
        "en",
        "--kind",
        "statement",
        "--place",
        "San Salvador, El Salvador",
        cwd=root,
        env=env,
    )
    terminal.expect("Paste the statement's text")
    terminal.paste(TEXT_EN)
    terminal.expect("statements/2016/2016-01-19-us-organizations-demand-justice.md already exists")
    terminal.answer("Words of the id after 2016-01-19-", "second-letter")
    terminal.expect("2016-01-19-second-letter")
    terminal.answer("or n to stop without writing", "")
    assert terminal.finish() == 0, terminal.output
    assert (root / "statements/2016/2016-01-19-second-letter.md").is_file()


def test_ctrl_c_keeps_everything_and_the_next_new_offers_it_back(archive):
    root, drafts, env = archive
    env["LANG"] = "es_SV.UTF-8"
    terminal = Terminal("new", cwd=root, env=env)
    terminal.answer("Título", "Exigimos justicia para las familias migrantes")
    terminal.answer("Fecha (", "19 de enero de 2016")
    terminal.answer("Lugar (", "")
    terminal.answer("Firmantes:", "CISPES")
    terminal.answer("Idioma del texto", "es")
    terminal.answer("Tipo (", "1")
    terminal.expect("Pegue el texto de la declaración")
    # Stopped in the middle of pasting: the lines already pasted are kept.
    terminal.send("Exigimos justicia.\r")
    terminal.send("Y respeto a los derechos humanos.\r")
    terminal.send(CTRL_C)
    assert terminal.finish() == 130, terminal.output
    assert "No se guardó nada en el archivo de declaraciones" in terminal.output
    [draft] = drafts_in(drafts)
    assert str(draft) in terminal.output
    kept = draft.read_text(encoding="utf-8")
    assert 'title: "Exigimos justicia para las familias migrantes"' in kept and 'date: "2016-01-19"' in kept
    assert kept.endswith("=== TEXT ===\nExigimos justicia.\nY respeto a los derechos humanos.\n")
    assert not (root / "statements/2016/2016-01-19-exigimos-justicia-para.md").exists()

    # The next session offers the draft; refusing to write keeps it.
    terminal = Terminal("new", cwd=root, env=env)
    terminal.expect("Quedó guardada una declaración sin terminar")
    terminal.expect("«Exigimos justicia para las familias migrantes»")
    terminal.answer("Escriba su número para continuarla", "1")
    terminal.expect("El texto guardado en el borrador: 2 líneas.")
    review = terminal.expect("o n para salir sin escribir")
    assert "2016-01-19-exigimos-justicia-para" in review
    terminal.send("n\r")
    assert terminal.finish() == 1, terminal.output
    assert drafts_in(drafts) == [draft]

    # And once more: written, and the draft is gone.
    terminal = Terminal("new", cwd=root, env=env)
    terminal.answer("Escriba su número para continuarla", "1")
    terminal.answer("o n para salir sin escribir", "")
    assert terminal.finish() == 0, terminal.output
    written = (root / "statements/2016/2016-01-19-exigimos-justicia-para.md").read_text(encoding="utf-8")
    assert written.endswith("---\n\nExigimos justicia.\nY respeto a los derechos humanos.\n")
    assert drafts_in(drafts) == []
    assert archive_cli("check", cwd=root).returncode == 0


def test_a_long_pasted_paragraph_is_kept_whole(archive):
    """A terminal reading line by line keeps 4095 characters of a line; a pasted paragraph is often longer."""
    root, _drafts, env = archive
    paragraph = " ".join(f"Palabra{number}" for number in range(1200))  # about 11,000 characters, one line
    flags = (
        "--title",
        "Un párrafo largo",
        "--date",
        "2017-03-03",
        "--place",
        "San Salvador, El Salvador",
        "--signatory",
        "cis",
        "--language",
        "es",
        "--kind",
        "statement",
    )
    terminal = Terminal("--lang", "es", "new", *flags, cwd=root, env=env)
    terminal.expect("Pegue el texto de la declaración")
    terminal.paste(paragraph + "\n\nSegundo párrafo.\n")
    terminal.answer("o n para salir sin escribir", "")
    assert terminal.finish() == 0, terminal.output[-2000:]
    written = (root / "statements/2017/2017-03-03-un-parrafo-largo.md").read_text(encoding="utf-8")
    assert written.endswith("---\n\n" + paragraph + "\n\nSegundo párrafo.\n")


def test_flags_without_a_terminal_take_a_written_date_and_refuse_an_ambiguous_one(archive, tmp_path):
    root, drafts, _env = archive
    text = tmp_path / "texto.md"
    text.write_text(TEXT_ES, encoding="utf-8")
    flags = ["--title", "Alto a la minería", "--place", "San Salvador, El Salvador", "--signatory", "cis", "--language", "es", "--text", str(text)]
    result = archive_cli("new", *flags, "--date", "22 de marzo de 2017", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "statements/2017/2017-03-22-alto-a-la-mineria.md"
    result = archive_cli("new", *flags, "--date", "04/03/2017", cwd=root)
    assert result.returncode == 2
    assert "--date '04/03/2017' can be read as 2017-03-04 or as 2017-04-03; write it as YYYY-MM-DD" in result.stderr
    assert drafts_in(drafts) == []  # no terminal, no draft
