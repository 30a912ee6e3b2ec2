"""What is published is exactly what was checked: the build and ``check`` refuse the same, at the same lines.

A YAML comment that cuts a value, an invisible control character, two
spellings that would write one page, and a statement path that is a named
pipe (which must fail fast, never hang: each build and check runs under a
time limit).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from archive_copy import located_warnings
from sphinx.util.console import strip_colors

FIRST = "statements/2016/2016-01-19-first.md"


def statement_warnings(app) -> list[str]:
    return sorted(w for w in located_warnings(app) if w.startswith("statements/"))


def check_lines(srcdir: Path) -> list[str]:
    """``solidarity-archive check``'s problems, one per line (exit status 1)."""
    result = subprocess.run(
        [sys.executable, "-m", "solidarity_archive", "check", "--root", str(srcdir)], capture_output=True, text=True, cwd=srcdir, timeout=120
    )
    assert result.returncode == 1, result.stderr
    return sorted(result.stdout.splitlines())


class Hung(BaseException):
    """Raised when a build waits too long (a BaseException, so no handler of the build swallows it)."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Fail rather than hang: a blocking open() is interrupted by the alarm."""

    def alarm(signum, frame):
        raise Hung(f"still running after {seconds} s: something opened the named pipe")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def basic(rootdir, tmp_path) -> Path:
    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    return srcdir


def add_statement(srcdir: Path, name: str, frontmatter: str, text: str = "Exigimos verdad y justicia.\n") -> Path:
    path = srcdir / "statements/2016" / name
    path.write_text(f"---\n{frontmatter}---\n\n{text}", encoding="utf-8")
    return path


NOTE = "(a note for the archive's staff goes on a line of its own, starting with '#')"


# -- 1. a YAML comment cuts a value -----------------------------------------------------------------


def test_a_hashtag_cut_from_a_title_is_refused_by_the_build_and_check(make_app, basic):
    add_statement(
        basic,
        "2016-03-08-we-demand-justice.md",
        "title: We Demand Justice for the Disappeared #NiUnoMas\ndate: 2016-03-08\nplace: San Salvador, El Salvador\nsignatories:\n  - cispes\nlanguage: en\n",
        "We demand justice.\n",
    )
    add_statement(
        basic,
        "2016-03-09-exigimos-justicia.md",
        "title: Exigimos justicia para los desaparecidos\ndate: 2016-03-09\nplace: San Salvador, El Salvador\nsignatories:\n  - cispes #1\n  - voices\nlanguage: es\n",
    )
    expected = sorted(
        [
            "statements/2016/2016-03-08-we-demand-justice.md:2: title 'We Demand Justice for the Disappeared' is cut at '#NiUnoMas': "
            "YAML reads ' #' as the start of a comment and drops the rest of the line; if '#NiUnoMas' belongs to the value, put the whole value in quotes: "
            f'title: "We Demand Justice for the Disappeared #NiUnoMas" {NOTE} [statement.comment]',
            "statements/2016/2016-03-09-exigimos-justicia.md:6: signatories[1] 'cispes' is cut at '#1': "
            "YAML reads ' #' as the start of a comment and drops the rest of the line; if '#1' belongs to the value, put the whole value in quotes: "
            f'- "cispes #1" {NOTE} [statement.comment]',
        ]
    )
    app = make_app("html", srcdir=basic)
    app.build()
    assert statement_warnings(app) == expected
    assert check_lines(basic) == expected
    # Nothing of the cut title reaches a page
    assert "We Demand Justice for the Disappeared<" not in (app.outdir / "source/index.html").read_text(encoding="utf-8")

    # What the message says to write publishes the whole title, in the page's <title> too
    path = basic / "statements/2016/2016-03-08-we-demand-justice.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: We Demand Justice for the Disappeared #NiUnoMas", 'title: "We Demand Justice for the Disappeared #NiUnoMas"'
        ),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=basic)
    app.build()
    assert not any("2016-03-08-we-demand-justice" in w for w in located_warnings(app))
    page = (app.outdir / "statements/2016/2016-03-08-we-demand-justice.html").read_text(encoding="utf-8")
    assert "<title>We Demand Justice for the Disappeared #NiUnoMas" in page


# -- 2. invisible control characters ---------------------------------------------------------------


def test_a_form_feed_and_a_right_to_left_override_are_refused_by_the_build_and_check(make_app, basic):
    add_statement(
        basic,
        "2016-05-01-comunicado.md",
        "title: Comunicado\ndate: 2016-05-01\nplace: San Salvador, \u202eEl Salvador\nsignatories:\n  - cispes\nlanguage: es\n",
        "Primer párrafo del comunicado.\x0cSegundo párrafo, copiado de un PDF.\n",
    )
    expected = sorted(
        [
            "statements/2016/2016-05-01-comunicado.md:4: place has U+202E RIGHT-TO-LEFT OVERRIDE at column 22, an invisible control character, "
            "in 'place: San Salvador, [U+202E]El Salvador'; delete it: it invisibly changes the direction of the text after it, "
            "on the page and in its title, feeds and citations; right-to-left words are shown in their own direction without it [statement.control-character]",
            "statements/2016/2016-05-01-comunicado.md:10: the text has U+000C FORM FEED at column 31, an invisible control character, "
            "in '...párrafo del comunicado.[U+000C]Segundo párrafo, copiado...'; delete it: a form feed marks a page break in text copied from a PDF; "
            "where it starts a new paragraph, put a blank line in its place [statement.control-character]",
        ]
    )
    app = make_app("html", srcdir=basic)
    app.build()
    assert statement_warnings(app) == expected
    assert check_lines(basic) == expected
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "\x0c" not in text and "\u202e" not in text, page


# -- 3. two spellings, one page ----------------------------------------------------------------------


def test_two_spellings_of_one_place_page_are_refused_on_every_build(make_app, basic):
    add_statement(
        basic,
        "2016-06-01-san-salvador.md",
        "title: Segunda declaración\ndate: 2016-06-01\nplace: San salvador, El Salvador\nsignatories:\n  - voices\nlanguage: es\n",
    )
    expected = [
        "statements/2016/2016-06-01-san-salvador.md:4: place 'San salvador, El Salvador' and 'San Salvador, El Salvador' "
        f"({FIRST}, line 5) would write the same place page, and one would replace the other; "
        "write the place 'San Salvador, El Salvador' here, as that statement does [statement.same-page]"
    ]
    assert check_lines(basic) == expected
    app = make_app("html", srcdir=basic)
    app.build()
    assert statement_warnings(app) == expected
    # a build that goes on despite the error writes one page, listing both, under the spelling kept
    page = (app.outdir / "place/san-salvador-el-salvador.html").read_text(encoding="utf-8")
    assert "A first statement" in page and "Segunda declaración" in page
    assert "<title>San Salvador, El Salvador" in page
    # nothing changed, and the next build still refuses the two spellings
    app.warning.seek(0)
    app.warning.truncate()
    app.build()
    assert statement_warnings(app) == expected


# -- 4. a statement path that is a named pipe --------------------------------------------------------


PIPE = "statements/2016/2016-02-01-tuberia.md"
PIPE_MESSAGE = (
    "is a named pipe, not an ordinary file: reading it would never finish, so it is not read; "
    "delete it and save the statement as an ordinary .md file [statement.not-a-file]"
)


def test_a_named_pipe_fails_at_once_in_the_build_and_check(make_app, basic):
    os.mkfifo(basic / PIPE)
    expected = [f"{PIPE}:1: {PIPE} {PIPE_MESSAGE}"]
    assert check_lines(basic) == expected
    app = make_app("html", srcdir=basic)
    for _ in range(2):  # and again on the next build: the pipe is never a document of the build
        app.warning.seek(0)
        app.warning.truncate()
        with time_limit(60):
            app.build()
        assert statement_warnings(app) == expected
        assert (app.outdir / f"{FIRST[:-3]}.html").is_file()
        assert not (app.outdir / f"{PIPE[:-3]}.html").exists()


def test_a_statement_replaced_by_a_named_pipe_is_no_longer_published(make_app, basic):
    app = make_app("html", srcdir=basic)
    app.build()
    assert (app.outdir / f"{FIRST[:-3]}.html").is_file()
    (basic / FIRST).unlink()
    os.mkfifo(basic / FIRST)
    app = make_app("html", srcdir=basic)
    with time_limit(60):
        app.build()
    assert f"{FIRST}:1: {FIRST} {PIPE_MESSAGE}" in located_warnings(app)
    assert not (app.outdir / f"{FIRST[:-3]}.html").exists()
    assert "A first statement" not in (app.outdir / "source/index.html").read_text(encoding="utf-8")


def test_a_named_pipe_is_refused_by_the_command_line_without_waiting(basic):
    os.mkfifo(basic / PIPE)
    # the strict build, as make html runs it: a time limit turns a hang into a failure
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "html", str(basic), str(basic / "_build"), "-W", "--keep-going", "-n", "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert f"{PIPE}:1: WARNING: {PIPE} {PIPE_MESSAGE}" in strip_colors(result.stderr)
    assert "Traceback" not in result.stderr
