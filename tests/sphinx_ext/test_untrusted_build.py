"""Broken and hostile files in a real build: located errors, the same as ``check``, nothing leaks."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from archive_copy import archive_cli, located_warnings, sphinx_build
from sphinx.util.console import strip_colors

from solidarity_archive.core.checking import check_archive
from solidarity_archive.core.reader import ArchiveLayout
from solidarity_archive.myst import parse_statement_text

TODAY = dt.date(2026, 1, 1)


def expected_problems(app) -> list[str]:
    return (Path(app.srcdir) / "expected-problems.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.sphinx("html", testroot="bad-statements")
def test_every_bad_statement_gets_its_located_error_in_check_and_build(app):
    expected = expected_problems(app)
    assert len(expected) == 31

    # make check: the same messages, exit status 1
    report = check_archive(ArchiveLayout(Path(app.srcdir)), TODAY, markdown=parse_statement_text)
    assert [str(p) for p in report.problems] == expected
    cli = archive_cli("check", "--root", str(app.srcdir), cwd=Path(app.srcdir))
    assert cli.returncode == 1
    assert cli.stdout.splitlines() == expected

    # make html: each message once, at its file and line, and no other problem but the lost statements
    app.build()
    warnings = located_warnings(app)
    statement_warnings = [w for w in warnings if not w.startswith("nothing lost")]
    assert sorted(statement_warnings) == sorted(expected)
    lost = [w for w in warnings if w.startswith("nothing lost")]
    # One message for the refused statements, not one per output they are missing from.
    assert len(lost) == 1, lost
    assert lost[0].startswith("nothing lost: 24 statement(s) not published because of the errors above: 2016-01-02-malformed-yaml,")
    assert "2016-01-01-valid" not in " ".join(lost)

    # nothing of a refused statement is published
    raw_page = (app.outdir / "statements/2016/2016-01-13-raw-html.html").read_text(encoding="utf-8")
    assert "alert('block')" not in raw_page and "alert('raw')" not in raw_page
    assert "This statement is not published" in raw_page
    assert "Text " not in (app.outdir / "statements/2016/2016-01-12-markup-keys.html").read_text(encoding="utf-8")


def test_the_strict_build_of_bad_statements_fails(rootdir, tmp_path):
    result = sphinx_build(rootdir / "test-bad-statements", "html", tmp_path)
    assert result.returncode != 0
    assert "2016-01-05-future-date.md:3: WARNING: date '2027-03-01' is in the future" in strip_colors(result.stderr)
    assert "Traceback" not in result.stderr


@pytest.mark.sphinx("html", testroot="bad-statements", srcdir="bad-statements-big")
def test_very_large_statement_is_refused(app):
    big = Path(app.srcdir, "statements/2016/2016-01-26-very-large.md")
    big.write_bytes(b"---\ntitle: Big\n---\n\n" + b"All work and no play. " * 240_000)
    app.build()
    assert "statements/2016/2016-01-26-very-large.md:1: the file is 5156 KB; a statement may be at most 2 MB [statement.size]" in located_warnings(app)


@pytest.mark.sphinx("html", testroot="hostile-files")
def test_files_from_outside_the_archive_are_refused(app):
    srcdir = Path(app.srcdir)
    outside = srcdir.parent
    (outside / "outside.md").write_text("SECRET-INCLUDE\n", encoding="utf-8")
    (outside / "outside.py").write_text("SECRET_LITERAL = 1\n", encoding="utf-8")
    (outside / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\nSECRET-IMAGE")
    secret_statement = outside / "secret-statement.md"
    secret_statement.write_text((srcdir / "statements/2016/2016-01-19-first.md").read_text(encoding="utf-8") + "\nSECRET-STATEMENT\n", encoding="utf-8")
    (srcdir / "statements/2016/2016-01-20-linked.md").symlink_to(secret_statement)
    year = outside / "year-2017"
    year.mkdir(exist_ok=True)
    (year / "index.md").write_text("# 2017\n\n```{statement-year}\n```\n", encoding="utf-8")
    (srcdir / "statements/2017").symlink_to(year, target_is_directory=True)

    check = [str(p) for p in check_archive(ArchiveLayout(srcdir), TODAY, markdown=parse_statement_text).problems]
    app.build()
    warnings = located_warnings(app)
    # check reports the statement files that leave the archive exactly as the build does
    assert check == [w for w in warnings if w.startswith("statements/")]
    assert len(check) == 2
    assert (
        "statements/2016/2016-01-20-linked.md:1: statements/2016/2016-01-20-linked.md is a symlink to a file outside the archive; copy the file into the archive instead of linking to it [statement.outside-tree]"
        in warnings
    )
    assert (
        "statements/2017/index.md:1: statements/2017/index.md is a symlink to a file outside the archive; copy the file into the archive instead of linking to it [statement.outside-tree]"
        in warnings
    )
    assert (
        "source/outside.md:3: '../outside.md' is outside the archive; a page may only include or link files inside the archive [statement.outside-tree]"
        in warnings
    )
    assert (
        "source/outside.md:6: literalinclude '../../outside.py' is outside the archive; a page may only include files inside the archive [statement.outside-tree]"
        in warnings
    )
    assert (
        "source/outside.md:9: '../outside.png' is outside the archive; a page may only include or link files inside the archive [statement.outside-tree]"
        in warnings
    )
    assert (
        "source/outside.md:15: '../outside.py' is outside the archive; a page may only include or link files inside the archive [statement.outside-tree]"
        in warnings
    )
    # a page saved in another encoding: line and column, no traceback
    assert "source/latin.md:3: byte 0xe9 at column 29 is not UTF-8; save the file as UTF-8 [statement.encoding]" in warnings
    assert "source/_latin-part.txt:1: byte 0xf1 at column 29 is not UTF-8; save the file as UTF-8 [statement.encoding]" in warnings

    for path in Path(app.outdir).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (b"SECRET-INCLUDE", b"SECRET_LITERAL", b"SECRET-IMAGE", b"SECRET-STATEMENT"):
                assert secret not in data, (path, secret)
    # a literalinclude inside the archive still works
    assert "project" in (app.outdir / "source/outside.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="bad-references")
def test_duplicate_terms_and_dangling_references_fail(app):
    app.build()
    warnings = located_warnings(app)
    # a term defined twice with the same spelling (Sphinx), and in another case (the archive)
    assert any(w.startswith("source/glossary.md:") and "duplicate term description of Maquila" in w for w in warnings)
    assert (
        "source/glossary.md:12: glossary term 'tps' is already defined as 'TPS' (source/glossary.md); term links ignore case, so keep one definition [statement.duplicate-term]"
        in warnings
    )
    # dangling references: strict builds (-n -W) fail on them
    assert "statements/2016/2016-01-19-references.md:12: term not in glossary: 'amnesty law' [ref.term]" in warnings
    assert "statements/2016/2016-01-19-references.md:12: statement:statement reference target not found: 2099-01-01-never-filed [ref.statement]" in warnings
    assert len(warnings) == 4


CLEAN_STATEMENT = "statements/2016/2016-01-19-first.md"


def _page_body(app, docname: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return str(soup.select_one("main") or soup.body)


@pytest.fixture(scope="module")
def clean_page(tmp_path_factory, rootdir):
    import shutil

    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("clean") / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        return _page_body(app, CLEAN_STATEMENT[:-3])
    finally:
        app.cleanup()


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: "\ufeff" + text, id="byte-order-mark"),
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda text: text.replace("\n", "\r\n", 5), id="mixed"),
    ],
)
def test_line_endings_and_bom_give_the_same_page(make_app, rootdir, tmp_path, clean_page, variant):
    import shutil

    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    path = srcdir / CLEAN_STATEMENT
    path.write_bytes(variant(path.read_text(encoding="utf-8")).encode("utf-8"))
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    assert _page_body(app, CLEAN_STATEMENT[:-3]) == clean_page


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-nfd")
def test_decomposed_text_is_published_composed(app):
    # a glossary typed in composed form, a statement in decomposed form: the term link still resolves
    srcdir = Path(app.srcdir)
    (srcdir / "source/glossary.md").write_text("# Glossary\n\n```{glossary}\nCuscatlán\n  A department of El Salvador.\n```\n", encoding="utf-8")
    index = srcdir / "source/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("signatories\n", "signatories\nglossary\n", 1), encoding="utf-8")
    path = Path(app.srcdir, CLEAN_STATEMENT)
    text = path.read_text(encoding="utf-8").replace("denounce the raids", "denounce the redadas in {term}`Cuscatla\u0301n`")
    text = text.replace("title: A first statement", "title: Declaracio\u0301n")
    path.write_text(text, encoding="utf-8")
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    html = (app.outdir / f"{CLEAN_STATEMENT[:-3]}.html").read_text(encoding="utf-8")
    assert "Cuscatlán" in html and "Declaración" in html
    assert "\u0301" not in html
    assert 'href="../../source/glossary.html#term-Cuscatl' in html
    fragments = [gzip.decompress(f.read_bytes()).decode("utf-8") for f in (app.outdir / "pagefind/fragment").glob("*.pf_fragment")]
    indexed = "".join(fragments)
    assert "Cuscatlán" in indexed and "\u0301" not in indexed


@pytest.mark.parametrize(
    "damage, expected",
    [
        (
            "missing",
            "source/signatories.yaml:1: the signatory registry source/signatories.yaml is missing; create it (see README, 'The signatory registry') [statement.registry]",
        ),
        (
            "invalid",
            "source/signatories.yaml:2: signatory registry: the value of 'name:' has a colon (':') at column 10, which YAML reads as the start of another key; put the whole value in quotes: name: \"a: b\" [statement.registry]",
        ),
        ("unreadable", "cannot be read"),
    ],
)
def test_broken_registry_is_one_clear_error(make_app, rootdir, tmp_path, damage, expected):
    import shutil

    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    registry = srcdir / "source/signatories.yaml"
    registry.unlink()
    if damage == "invalid":
        registry.write_text("cispes:\n  name: a: b\n", encoding="utf-8")
    elif damage == "unreadable":
        registry.mkdir()
    app = make_app("html", srcdir=srcdir)
    app.build()  # no traceback
    # one message, not one more per statement or per signatory link
    (warning,) = located_warnings(app)
    assert expected in warning and warning.endswith("[statement.registry]")
    report = check_archive(ArchiveLayout(srcdir), TODAY, markdown=parse_statement_text)
    assert [str(p) for p in report.problems] == [warning]


def test_raw_markup_that_slips_past_the_text_check_is_still_refused(make_app, rootdir, tmp_path, monkeypatch):
    """The doctree backstop: if the check of the text ever missed raw markup, the build still refuses it."""
    import shutil

    from solidarity_archive.core import statement_text

    monkeypatch.setattr(statement_text, "text_problems", lambda parsed, path, folder=None: [])
    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    path = srcdir / "statements/2016/2016-01-19-first.md"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n<script>alert('block')</script>\n\nInline <b onclick=\"alert('inline')\">bold</b>.\n\n```{raw} html\n<script>alert('raw')</script>\n```\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = located_warnings(app)
    assert warnings == [
        "statements/2016/2016-01-19-first.md:21: the 'raw' directive is not allowed in a statement: it inserts markup that could run script on the archive's pages; write the text in Markdown [statement.raw-html]",
        "statements/2016/2016-01-19-first.md:17: raw HTML '<script>alert('block')</script>' is not allowed in a statement: it could run script on the archive's pages; write the text in Markdown (to show a '<', write '\\<') [statement.raw-html]",
        "statements/2016/2016-01-19-first.md:19: raw HTML '<b onclick=\"alert('inline')\">' is not allowed in a statement: it could run script on the archive's pages; write the text in Markdown (to show a '<', write '\\<') [statement.raw-html]",
        "statements/2016/2016-01-19-first.md:19: raw HTML '</b>' is not allowed in a statement: it could run script on the archive's pages; write the text in Markdown (to show a '<', write '\\<') [statement.raw-html]",
    ]
    page = (app.outdir / "statements/2016/2016-01-19-first.html").read_text(encoding="utf-8")
    assert "alert(" not in page
