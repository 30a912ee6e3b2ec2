"""Headings in a statement's text: ``##`` sections build; a ``#`` heading is a located error."""

from __future__ import annotations

import gzip
import json

import pytest
from bs4 import BeautifulSoup

from solidarity_archive.core.statement_text import myst_source, text_problems
from solidarity_archive.myst import parse_statement_text

PAGE = "statements/2016/2016-01-19-first.html"
SOURCE = "statements/2016/2016-01-19-first.md"


def pagefind_fragments(outdir):
    """Pagefind's records of the pages it indexed (gzip, after a ``pagefind_dcd`` signature)."""
    for path in sorted((outdir / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        yield json.loads(data[len(b"pagefind_dcd") :])


def heading_problems(body: str, path: str, first_line: int):
    """The heading problems of ``body`` starting at line ``first_line`` of its file, as MyST reads it."""
    parsed = parse_statement_text(myst_source(body, first_line - 1))
    return [p for p in text_problems(parsed, path) if p.subtype == "heading"]


def test_level_one_headings_are_found_in_the_pure_layer():
    body = "Text.\n\n# Our demands\n\n## Fine\n\n```\n# not a heading\n```\n\nAlso wrong\n===\n"
    problems = heading_problems(body, "statements/2016/x.md", 10)
    assert [(p.line, p.subtype) for p in problems] == [(12, "heading"), (20, "heading")]
    assert "title comes from the frontmatter" in problems[0].message and "'##'" in problems[0].message
    skipped = heading_problems("## A\n\n#### B\n\n## C\n\n### D\n", "x.md", 2)
    assert [(p.line, p.message) for p in skipped] == [(4, "a '####' heading here skips a level (it follows '##'); write it as '###'")]
    assert heading_problems("### First\n", "x.md", 2)[0].message.endswith("(it follows the title); write it as '##'")


@pytest.mark.sphinx("html", testroot="sections")
def test_sections_build_strictly_and_are_listed_and_searchable(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / PAGE).read_text(encoding="utf-8"), "html.parser")
    statement = page.select_one("section.statement")
    assert [h.get_text(strip=True).rstrip("#") for h in statement.select("h1")] == ["A first statement"]
    sections = statement.select(".statement-text section")
    assert [(s["id"], s.find(["h2", "h3"]).name) for s in sections] == [
        ("our-demands", "h2"),
        ("for-the-congress", "h3"),
        ("signed-in-solidarity", "h2"),
    ]
    # The page's table of contents (the theme's secondary sidebar) lists them, nested.
    toc = page.select_one("nav.page-toc")
    links = [(a["href"], a.get_text(strip=True)) for a in toc.select("a")]
    assert links == [
        ("#our-demands", "Our demands"),
        ("#for-the-congress", "For the Congress"),
        ("#signed-in-solidarity", "Signed in solidarity"),
    ]
    assert toc.select_one("a[href='#our-demands']").find_parent("li").select_one("a[href='#for-the-congress']")
    # Headings are not numbered as paragraphs; the paragraphs after them go on counting.
    assert not statement.select("h2 .paragraph-number, h3 .paragraph-number")
    numbers = [a.get_text() for a in statement.select(".paragraph-number")]
    assert numbers == ["1", "2", "3", "4", "5"]
    # Pagefind indexed the headings' words and their anchors.
    [fragment] = [f for f in pagefind_fragments(app.outdir) if f["url"].endswith(PAGE)]
    assert "Our demands." in fragment["content"] and "For the Congress." in fragment["content"]
    assert {"our-demands", "for-the-congress", "signed-in-solidarity"} <= {a["id"] for a in fragment["anchors"]}


@pytest.mark.sphinx("html", testroot="sections")
def test_a_title_heading_in_the_text_is_a_located_error(app):
    source = app.srcdir / SOURCE
    text = source.read_text(encoding="utf-8").replace("## Our demands", "# Our demands")
    source.write_text(text, encoding="utf-8")
    line = text.splitlines().index("# Our demands") + 1
    app.build()
    warnings = [w for w in app.warning.getvalue().splitlines() if "WARNING" in w or "ERROR" in w]
    headings = [w for w in warnings if "[statement.heading]" in w]
    assert len(headings) == 1, warnings
    assert f"2016-01-19-first.md:{line}:" in headings[0]
    assert "title comes from the frontmatter" in headings[0]
    assert not [w for w in warnings if "myst" in w]
    # One problem, one message: the nothing-lost check names the refused statement once.
    lost = [w for w in warnings if "[statement.lost]" in w]
    assert len(lost) == 1 and "not published because of the errors above: 2016-01-19-first" in lost[0], lost
