"""What is published is exactly what was checked.

One reading of a statement's text (MyST's own tokens, rendered as checked),
an allow-list of the Markdown a statement may use, links that stay beside the
statement, nothing dropped silently, and every build as strict as the first.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from archive_copy import archive_cli, copy_archive, located, located_warnings, sphinx_build
from bs4 import BeautifulSoup
from paths import ROOTS
from sphinx.util.inventory import InventoryFile

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.model import Signatory
from solidarity_archive.core.statement_text import MAX_DEPTH, myst_source, text_problems
from solidarity_archive.core.validation import read_statement
from solidarity_archive.myst import parse_statement_text

TODAY = dt.date(2026, 1, 1)
PATH = "statements/2016/2016-01-19-x.md"
REGISTRY = registry_module.Registry(signatories={"cispes": Signatory(id="cispes", name="Committee in Solidarity with the People of El Salvador")})
FRONTMATTER_LINES = 8  # the statements below: '---', six keys, '---'


def problems_of(body: str, folder: Path | None = None) -> list[tuple[int, str]]:
    """(line, subtype) of each problem of ``body`` as the text of a statement whose body starts on line 10."""
    parsed = parse_statement_text(myst_source("\n" + body, FRONTMATTER_LINES))
    return [(p.line, p.subtype) for p in text_problems(parsed, PATH, folder)]


def statement(body: str, language: str = "en") -> str:
    return f"---\ntitle: T\ndate: 2016-01-19\nplace: San Salvador, El Salvador\nsignatories:\n  - cispes\nlanguage: {language}\n---\n\n{body}"


# -- 1. A statement can publish no file of the repository, and no script of another site --------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("```{Include} ../../.git/config\n```\n", [(10, "include")]),
        ("```{LiteralInclude} ../../conf.py\n```\n", [(10, "include")]),
        ("Texto.\n\n```{INCLUDE} ../../conf.py\n```\n", [(12, "include")]),
        ("```{Raw} html\n<script>x</script>\n```\n", [(10, "raw-html")]),
        ("```{title} Otro título\n```\n", [(10, "directive")]),
        ("```{glossary}\nCARSI\n  Otra definición.\n```\n", [(10, "directive")]),
        ("```{Math}\n\\sum x\n```\n", [(10, "directive")]),
        ("```{Admonition} Nota\nTexto.\n```\n", [(10, "directive")]),
    ],
    ids=["include-capital", "literalinclude-camel", "incluir-mayusculas", "raw-capital", "titulo", "glosario", "math-block", "admonition"],
)
def test_directives_are_refused_in_any_letter_case(body, expected):
    assert problems_of(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The sum {math}`\\sum x` grows.\n", [(10, "role")]),
        ("Get {download}`the settings <../../conf.py>`.\n", [(10, "role")]),
        ("El {Sub}`2` y la {abbr}`ONU (Organización de las Naciones Unidas)`.\n", [(10, "role"), (10, "role")]),
        ("Véase {DOC}`../../source/index`.\n", [(10, "role")]),
        ("Under {term}`CARSI` and {Term}`TPS`, see {statement}`2016-01-19-x`.\n", []),
    ],
    ids=["math", "download", "sub-abbr-es", "doc-es", "archive-roles"],
)
def test_roles_other_than_the_archive_s_are_refused(body, expected):
    assert problems_of(body) == expected


@pytest.mark.parametrize(
    ("body", "subtype"),
    [
        ("The [configuration](../../.git/config).\n", "outside-statement"),
        ("Véase [la configuración](%2e%2e/%2e%2e/conf.py).\n", "outside-statement"),
        ("![logo](../../source/_static/logo.png)\n", "outside-statement"),
        ("Véase [la anterior](2016-01-01-anterior.md).\n", "outside-statement"),
        ("[the index](/source/index.md)\n", "outside-statement"),
        ("[run me](tool.sh)\n", "outside-statement"),
        ("[hidden](.env)\n", "outside-statement"),
        ("![foto](https://example.org/foto.jpg)\n", "image"),
        ("[files](ftp://example.org/x) and [call](tel:+50322222222)\n", "unsafe-link"),
    ],
    ids=["git-config", "percent-encoded-es", "image-in-repo-es", "other-statement-es", "absolute", "script", "hidden", "remote-image-es", "schemes"],
)
def test_links_and_images_stay_beside_the_statement(body, subtype):
    found = problems_of(body)
    assert found and {s for _, s in found} == {subtype}, found


def test_files_kept_beside_the_statement_may_be_linked_and_shown(tmp_path):
    (tmp_path / "2016-01-19-x.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "2016-01-19-x-foto.jpg").write_bytes(b"\xff\xd8\xff")
    body = (
        "The [original](2016-01-19-x.pdf), ![a photo](2016-01-19-x-foto.jpg), [a section](#demands), [UN](https://www.un.org/) and <mailto:info@example.org>.\n"
    )
    assert problems_of(body, tmp_path) == []
    # a name that is not in the folder, or that leaves it through a symlink, is refused
    (tmp_path / "linked.pdf").symlink_to(tmp_path.parent / "elsewhere.pdf")
    (tmp_path.parent / "elsewhere.pdf").write_bytes(b"%PDF-1.4\n")
    assert problems_of("[gone](missing.pdf) and [linked](linked.pdf)\n", tmp_path) == [(10, "outside-statement"), (10, "outside-statement")]


# -- 2. Nothing of the text disappears while the checks pass -----------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("La pobreza afecta al 40\n% de la población rural.\n", [(11, "comment")]),
        ("Unemployment rose by 12\n% in a year.\n", [(11, "comment")]),
        ("% a note to ourselves\nText.\n", [(10, "comment")]),
        ("Fuentes:\n\n[1]: https://www.un.org/es/informe\n[2]: https://www.acnur.org/\n", [(12, "link-definition"), (13, "link-definition")]),
        ("See [the report][unhcr].\n\n[unhcr]: https://www.unhcr.org/report\n", [(12, "link-definition")]),
        ("First part.\n\n+++\n\nSecond part.\n", [(12, "block-break")]),
        ("(2016-01-19-us-organizations-demand-justice-p4)=\n\nTaking over a paragraph.\n", [(10, "label")]),
        ("(acuerdo)=\nEl acuerdo de paz.\n", [(10, "label")]),
    ],
    ids=["porcentaje", "percent", "comment", "fuentes", "reference-link", "block-break", "label-takeover", "etiqueta"],
)
def test_text_markdown_would_hide_is_refused_at_its_line(body, expected):
    assert problems_of(body) == expected


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("\n".join("  " * i + f"- level {i + 1}" for i in range(10)) + "\n\nThe demands follow.\n\n## Demands\n\nStop the raids.\n", 16),
        ("\n".join("  " * i + f"- nivel {i + 1}" for i in range(MAX_DEPTH + 1)) + "\n", 10 + MAX_DEPTH),
        ("> " * 20 + "cita profunda\n\nExigimos justicia.\n", 10),
        ("- a\n  > b\n  > - c\n  >   > d\n  >   > - e\n  >   >   > f\n  >   >   > - g\n", 16),
    ],
    ids=["list-ten", "lista-siete", "citas-veinte", "mixed"],
)
def test_nesting_deeper_than_the_archive_keeps_is_refused(body, line):
    assert problems_of(body) == [(line, "nesting")]


def test_nesting_the_archive_allows_is_published_whole():
    """At the deepest nesting allowed, MyST keeps every line (else the limit would be too high)."""
    body = "\n".join("  " * i + f"- level {i + 1}" for i in range(MAX_DEPTH)) + "\n\n" + "> " * MAX_DEPTH + "deepest quote\n\nAfter both.\n"
    parsed = parse_statement_text(myst_source("\n" + body, FRONTMATTER_LINES))
    assert text_problems(parsed, PATH) == []
    words = " ".join(child.content for token in parsed.tokens if token.type == "inline" for child in token.children)
    assert f"level {MAX_DEPTH}" in words and "deepest quote" in words and "After both." in words


def test_hard_line_breaks_and_footnotes_are_allowed():
    body = "Comité en Solidaridad  \nApartado Postal 1234\\\nSan Salvador\n\nCon una nota[^1].\n\n[^1]: La nota.\n"
    assert problems_of(body) == []


def test_the_checks_refuse_what_they_do_not_know():
    """A token the allow-list does not name is refused, not let through (here: a definition list)."""
    from markdown_it.token import Token

    parsed = parse_statement_text(myst_source("\nText.\n", FRONTMATTER_LINES))
    parsed.tokens.insert(3, Token("dl_open", "dl", 1, map=[9, 10]))
    assert [(p.line, p.subtype) for p in text_problems(parsed, PATH)] == [(10, "markup")]


def test_read_statement_refuses_the_text_and_keeps_nothing_of_it():
    result = read_statement(
        statement("Texto.\n\n```{Include} ../../.git/config\n```\n", "es").encode(),
        path=PATH,
        docname=PATH[:-3],
        registry=REGISTRY,
        today=TODAY,
        markdown=parse_statement_text,
    )
    assert [(p.line, p.subtype) for p in result.problems] == [(12, "include")]
    assert result.statement is None and result.text is None
    good = read_statement(statement("Texto.\n").encode(), path=PATH, docname=PATH[:-3], registry=REGISTRY, today=TODAY, markdown=parse_statement_text)
    assert good.problems == [] and good.text is not None and good.text.source.endswith("\nTexto.\n")


# -- The build: the same messages as check, on every build, and nothing refused published -------------


def located_statements(stderr: str, srcdir: Path) -> list[str]:
    """The statements' located warnings of a build's output."""
    return [line for line in located(stderr, srcdir) if line.startswith("statements/")]


@pytest.fixture
def refusals(rootdir, tmp_path) -> Path:
    srcdir = tmp_path / "refusals"
    shutil.copytree(rootdir / "test-refusals", srcdir)
    return srcdir


@pytest.mark.slow
def test_check_and_every_build_report_the_same_refusals(refusals, tmp_path):
    expected = (refusals / "expected-problems.txt").read_text(encoding="utf-8").splitlines()
    assert len(expected) == 25
    checked = archive_cli("check", "--root", str(refusals), cwd=refusals)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == expected

    out = tmp_path / "out"
    first = sphinx_build(refusals, "html", out)
    assert first.returncode != 0
    assert located_statements(first.stderr, refusals) == expected
    # a second build of the same sources, an ePub after it, and a parallel build: the same located messages
    second = sphinx_build(refusals, "html", out)
    assert second.returncode != 0
    assert located_statements(second.stderr, refusals) == expected
    epub = sphinx_build(refusals, "epub", out, "-D", "version=1", "-D", "copyright=2026")
    assert epub.returncode != 0
    assert located_statements(epub.stderr, refusals) == expected
    parallel = sphinx_build(refusals, "html", out, "-j", "2")
    assert parallel.returncode != 0
    assert sorted(located_statements(parallel.stderr, refusals)) == sorted(expected)

    # nothing of a refused statement is published: no file of the repository, no other site's script
    html = out / "html"
    for path in html.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".txt", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "archive_base_url" not in text, path  # conf.py
            assert "[core]" not in text, path  # .git/config
            assert "mathjax" not in text.lower() or "_static" in path.parts, path
    assert not (html / "_downloads").exists() or not any((html / "_downloads").rglob("conf.py"))
    page = BeautifulSoup((html / "statements/2016/2016-02-27-label.html").read_text(encoding="utf-8"), "html.parser")
    assert "Taking over" not in page.get_text()


def test_what_a_statement_may_use_is_published_as_written(refusals, tmp_path):
    out = tmp_path / "out"
    result = sphinx_build(refusals, "html", out)
    assert "2016-03-01-allowed" not in result.stderr
    page = BeautifulSoup((out / "html/statements/2016/2016-03-01-allowed.html").read_text(encoding="utf-8"), "html.parser")
    text = page.select_one("div.statement-text")
    # hard line breaks are line breaks, not refused raw HTML
    address = text.find("p")
    for number in address.select("a.paragraph-number"):
        number.extract()
    assert [str(child).strip() for child in address.children if str(child).strip()] == [
        "Comité en Solidaridad",
        "<br/>",
        "Apartado Postal 1234",
        "<br/>",
        "San Salvador",
    ]
    # the original kept beside it is a download; the anchor and the web link stay links
    hrefs = [a["href"] for a in text.find_all("a")]
    assert "https://example.org/" in hrefs and "#statement" in hrefs
    assert any(href.endswith("2016-03-01-allowed.txt") and "_downloads/" in href for href in hrefs), hrefs
    # six levels of list, every one published
    assert "seis" in text.get_text() and len(text.select("ul ul ul ul ul ul")) == 1


@pytest.mark.slow
def test_a_label_cannot_take_over_a_paragraph_of_another_statement(tmp_path):
    """The seed's paragraph 4 stays the seed's in objects.inv, on the first build and the second."""
    srcdir = copy_archive(tmp_path / "archive")
    seed = "2016-01-19-us-organizations-demand-justice"
    (srcdir / "statements/2016/2016-02-01-takeover.md").write_text(statement(f"({seed}-p4)=\n\nTaking over a paragraph.\n"), encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):
        result = sphinx_build(srcdir, "html", out)
        assert result.returncode != 0
        assert located_statements(result.stderr, srcdir) == [
            f"statements/2016/2016-02-01-takeover.md:10: '({seed}-p4)=' defines a label, which a statement may not do "
            "(its paragraphs are numbered and cited by the archive); delete the line, or write '\\(' at its start if it is text [statement.label]"
        ]
        with open(out / "html/objects.inv", "rb") as stream:
            inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
        assert inventory["std:label"][f"{seed}-p4"].uri.startswith(f"statements/2016/{seed}.html")


@pytest.mark.slow
def test_a_tampered_original_fails_every_next_build(tmp_path):
    srcdir = copy_archive(tmp_path / "archive")
    out = tmp_path / "out"
    assert sphinx_build(srcdir, "html", out).returncode == 0
    original = srcdir / "statements/2016/2016-01-19-us-organizations-demand-justice.txt"
    data = bytearray(original.read_bytes())
    data[100] ^= 0x01  # one bit of one byte; the statement's .md is left alone
    original.write_bytes(bytes(data))
    for builder in ("html", "html", "epub"):
        result = sphinx_build(srcdir, builder, out)
        assert result.returncode != 0, builder
        assert any(line.endswith("[statement.original]") and "fixity" in line for line in located_statements(result.stderr, srcdir)), result.stderr


# -- Parity: check and the build agree on every project of the suite -----------------------------------


def roots_with_statements() -> list[str]:
    return sorted(p.name for p in ROOTS.iterdir() if (p / "statements").is_dir() and any((p / "statements").rglob("*.md")))


#: A located problem of the archive: ``path:line: message [statement.subtype]``.
ARCHIVE_PROBLEM = re.compile(r"^[^\s:]+:\d+: .* \[statement\.[a-z-]+\]$")


#: What check reads: the statements, the registry and the glossary (the build also guards the hand-written pages).
CHECKED = ("statements/", "source/signatories.yaml:", "source/glossary.md:")


def archive_problems(lines) -> list[str]:
    return sorted(line for line in lines if ARCHIVE_PROBLEM.match(line) and line.startswith(CHECKED))


@pytest.mark.parametrize("root", roots_with_statements())
@pytest.mark.slow
def test_check_and_the_build_agree_on_every_project_of_the_suite(root, rootdir, tmp_path, make_app):
    srcdir = tmp_path / root
    shutil.copytree(rootdir / root, srcdir)
    checked = archive_cli("check", "--root", str(srcdir), cwd=srcdir)
    # The build in the test's process (sphinx.testing): about 0.4 s for a small project against 2 s as a command,
    # most of that start-up; the command line's own builds are compared with check in the tests above and below.
    app = make_app("html", srcdir=srcdir)
    app.build()
    # the archive's own problems in what check reads (statements, year pages, the registry, the glossary);
    # Sphinx's own ([ref.*], [toc.*]) are the build's alone
    assert archive_problems(located_warnings(app)) == archive_problems(checked.stdout.splitlines())


def test_every_archive_wide_check_is_run_by_check_and_by_the_build(rootdir, tmp_path):
    """One project with a problem of each check that looks at more than one file."""
    srcdir = tmp_path / "archive-wide"
    shutil.copytree(rootdir / "test-archive-wide", srcdir)
    expected = (srcdir / "expected-problems.txt").read_text(encoding="utf-8").splitlines()
    assert {line.rsplit("[", 1)[1] for line in expected} >= {"statement.duplicate-term]", "statement.same-page]", "statement.year-index]"}
    checked = archive_cli("check", "--root", str(srcdir), cwd=srcdir)
    assert archive_problems(checked.stdout.splitlines()) == sorted(expected)
    for _ in range(2):  # every build as strict as the first
        built = sphinx_build(srcdir, "html", tmp_path / "out")
        assert archive_problems(located(built.stderr, srcdir)) == sorted(expected)
    # the translation of a statement refused for its own problems is no second problem
    assert "justicia-para-los-migrantes" not in built.stderr
