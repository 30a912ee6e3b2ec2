"""Incremental builds re-write a statement and only the listing pages its change reaches."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from bs4 import BeautifulSoup

STATEMENT = "statements/2017/2017-09-15-fourth"
LISTINGS = {"source/index", "source/signatories", "statements/2016/index", "statements/2017/index"}
RECORD_PAGES = {"source/places", "source/glossary"}  # draw on statements' frontmatter only
SIGNATORY_PAGE = "signatory/voices.html"  # the fourth statement's signatory
OTHER_SIGNATORY_PAGE = "signatory/cispes.html"


def rebuild(app, change) -> tuple[set[str], set[str]]:
    """Apply ``change`` to the source folder, build again; (re-read, re-written) docnames."""
    read: set[str] = set()
    written: set[str] = set()
    app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames))
    app.connect("html-page-context", lambda app, page, template, context, doctree: doctree is not None and written.add(page))
    path = change(app.srcdir)
    later = time.time() + 5
    os.utime(path, (later, later))
    app.build()
    return read, written


def edit(relative: str, old: str, new: str):
    def change(srcdir):
        path = srcdir / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    return change


@pytest.mark.sphinx("html", testroot="incremental")
def test_first_build_writes_every_page(app):
    written: set[str] = set()
    app.connect("html-page-context", lambda app, page, template, context, doctree: doctree is not None and written.add(page))
    app.build()
    assert app.warning.getvalue() == ""
    assert written >= LISTINGS | RECORD_PAGES


def backlinks(app, term: str) -> str:
    """The text of the statements listed under a glossary term."""
    soup = BeautifulSoup((app.outdir / "source/glossary.html").read_text(encoding="utf-8"), "html.parser")
    return soup.find(id=f"term-{term}").find_next_sibling("dd").select_one(".glossary-backlinks").get_text(" ")


def written_state(app, page: str) -> tuple[int, str]:
    path = app.outdir / page
    return path.stat().st_mtime_ns, path.read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="incremental")
def test_editing_the_text_rewrites_the_statement_and_its_year_page_only(app):
    app.build()
    read, written = rebuild(app, edit(f"{STATEMENT}.md", "the text of the statement.", "the text, corrected."))
    assert read == {STATEMENT}
    # The year page is Sphinx's own: its toctree holds the statement. The
    # places, the glossary and the signatory pages show nothing that changed.
    assert written == {STATEMENT, "statements/2017/index"}
    assert "the text, corrected." in (app.outdir / f"{STATEMENT}.html").read_text(encoding="utf-8")
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="incremental")
def test_a_signatory_page_is_left_alone_until_what_it_shows_changes(app):
    app.build()
    before = written_state(app, SIGNATORY_PAGE)
    rebuild(app, edit(f"{STATEMENT}.md", "the text of the statement.", "the text, corrected."))
    assert written_state(app, SIGNATORY_PAGE) == before
    rebuild(app, edit(f"{STATEMENT}.md", "title: A fourth statement", "title: A renamed statement"))
    assert "A renamed statement" in written_state(app, SIGNATORY_PAGE)[1]
    assert "A renamed statement" not in written_state(app, OTHER_SIGNATORY_PAGE)[1]


@pytest.mark.sphinx("html", testroot="incremental")
def test_a_signatory_page_deleted_from_the_output_is_written_again(app):
    app.build()
    (app.outdir / SIGNATORY_PAGE).unlink()
    rebuild(app, edit(f"{STATEMENT}.md", "the text of the statement.", "the text, corrected."))
    assert "A fourth statement" in (app.outdir / SIGNATORY_PAGE).read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="incremental")
def test_mentioning_a_new_term_rewrites_the_glossary_and_nothing_else_of_the_archive(app):
    app.build()
    assert "A fourth statement" not in backlinks(app, "TPS")
    read, written = rebuild(app, edit(f"{STATEMENT}.md", "the text of the statement.", "the text, on TPS."))
    assert read == {STATEMENT}
    # The home page's toctree holds the glossary, so Sphinx re-writes it too.
    assert written == {STATEMENT, "statements/2017/index", "source/glossary", "source/index"}
    assert "A fourth statement" in backlinks(app, "TPS")


@pytest.mark.sphinx("html", testroot="incremental")
def test_editing_the_title_rewrites_the_listings_of_its_year_and_of_every_year(app):
    app.build()
    read, written = rebuild(app, edit(f"{STATEMENT}.md", "title: A fourth statement", "title: A renamed statement"))
    assert read == {STATEMENT}
    # The page before it links to it by its title ("next"): written again too, as a full build writes it.
    before = "statements/2017/2017-03-08-third"
    assert written == {STATEMENT, before, "statements/2017/index", "source/index", "source/signatories", *RECORD_PAGES}
    # The pages that show statements' titles (the signatories' and places' pages, written with the listings, show counts).
    for page in ("statements/2017/index", "source/index", before):
        assert "A renamed statement" in (app.outdir / f"{page}.html").read_text(encoding="utf-8")
    assert "A renamed statement" not in (app.outdir / "statements/2016/index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="incremental")
def test_removing_a_statement_rewrites_the_listings_that_showed_it(app):
    app.build()
    written: set[str] = set()
    app.connect("html-page-context", lambda app, page, template, context, doctree: doctree is not None and written.add(page))
    (app.srcdir / "statements/2016/2016-05-02-second.md").unlink()
    app.build()
    assert {"source/index", "source/signatories", "statements/2016/index"} <= written
    assert "A second statement" not in (app.outdir / "source/index.html").read_text(encoding="utf-8")
    assert "A second statement" not in (app.outdir / "source/signatories.html").read_text(encoding="utf-8")


def next_link(app, page: str) -> str | None:
    """Where the page's "next" link leads (its ``<link rel="next">``)."""
    found = BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser").find("link", rel="next")
    return found["href"] if found else None


@pytest.mark.sphinx("html", testroot="incremental")
def test_the_pages_beside_a_removed_or_renamed_statement_link_past_it(app):
    """The page before a statement links to it as "next": when it goes, or takes a new name, that page is written again."""
    app.build()
    assert next_link(app, "statements/2016/2016-01-19-first") == "2016-05-02-second.html"
    written: set[str] = set()
    app.connect("html-page-context", lambda app, page, template, context, doctree: doctree is not None and written.add(page))
    second = app.srcdir / "statements/2016/2016-05-02-second.md"
    second.rename(second.with_name("2016-05-02-segundo.md"))
    app.build()
    assert "statements/2016/2016-01-19-first" in written
    assert next_link(app, "statements/2016/2016-01-19-first") == "2016-05-02-segundo.html"
    written.clear()
    (app.srcdir / "statements/2016/2016-05-02-segundo.md").unlink()
    app.build()
    assert "statements/2016/2016-01-19-first" in written
    assert next_link(app, "statements/2016/2016-01-19-first") != "2016-05-02-segundo.html"


ADDED = """---
title: {title}
date: 2016-03-10
place: San Salvador, El Salvador
signatories:
  - voices
language: {language}
---

{text}
"""


@pytest.mark.parametrize(
    ("interface", "language", "title", "text"),
    [
        ("en", "en", "An added statement", "A statement added between the first and the second."),
        ("es", "es", "Un pronunciamiento añadido", "Un pronunciamiento añadido entre el primero y el segundo."),
    ],
)
def test_the_pages_beside_an_added_statement_link_to_it(make_app, rootdir, tmp_path, interface, language, title, text):
    """A statement comes between two: the one before links to it as "next", the one after as "previous", in either interface."""
    srcdir = tmp_path / "incremental"
    shutil.copytree(rootdir / "test-incremental", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"language": interface})
    app.build()
    written: set[str] = set()
    app.connect("html-page-context", lambda app, page, template, context, doctree: doctree is not None and written.add(page))
    (srcdir / "statements/2016/2016-03-10-added.md").write_text(ADDED.format(title=title, language=language, text=text), encoding="utf-8")
    app.build()
    assert {"statements/2016/2016-01-19-first", "statements/2016/2016-05-02-second"} <= written
    assert next_link(app, "statements/2016/2016-01-19-first") == "2016-03-10-added.html"
    after = BeautifulSoup((app.outdir / "statements/2016/2016-05-02-second.html").read_text(encoding="utf-8"), "html.parser")
    assert after.find("link", rel="prev")["href"] == "2016-03-10-added.html"
    assert title in after.find("link", rel="prev")["title"]


@pytest.mark.sphinx("html", testroot="incremental")
def test_renaming_a_signatory_rewrites_its_statements_and_the_listings(app):
    app.build()
    read, written = rebuild(app, edit("source/signatories.yaml", "name: Voices on the Border", "name: Voices Renamed"))
    assert {"statements/2016/2016-05-02-second", STATEMENT} <= written
    assert "statements/2017/2017-03-08-third" not in written
    assert "Voices Renamed" in (app.outdir / f"{STATEMENT}.html").read_text(encoding="utf-8")
    assert "Voices Renamed" in (app.outdir / "source/signatories.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="incremental")
def test_a_changed_template_rewrites_the_signatory_pages(app):
    app.build()
    before = written_state(app, SIGNATORY_PAGE)
    later = time.time() + 5
    os.utime(app.srcdir / "_templates/touched-in-tests.html", (later, later))
    app.build()
    assert written_state(app, SIGNATORY_PAGE)[0] > before[0]
