"""A statement's notes (``[^1]``, ``[^source]``) are part of its text: at its end, numbered in the order
they are referenced, linked both ways, in the website, the ePub, the search index and the search from disk."""

from __future__ import annotations

import gzip
import json
import shutil
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from epub_checks import Book, assert_internal_links_resolve, run_epubcheck
from sphinx.testing.util import SphinxTestApp

#: Notes referenced out of their definition order, one referenced twice, one defined in a
#: list item, a named one defined in a block quote, and a section of the text after them.
ENGLISH = """\
---
title: Stop the raids, with sources
date: 2016-03-02
place: San Salvador, El Salvador
signatories:
  - cispes
language: en
---

We denounce the raids[^raids] reported by the press.[^press]

- Release those detained.[^detained]

  [^detained]: Forty-two people, according to the families.

> No one is above the law.[^quote] As the raids showed.[^raids]
>
> [^quote]: Said by the ombudsman on 1 March.

## Our demands

An immediate stop to the raids.

[^press]: La Prensa Gráfica, 2 March 2016.
[^raids]: The raids of 29 February in Soyapango.
"""

#: A Spanish press release citing its sources: numeric labels referenced 2 before 1, and a named note.
SPANISH = """\
---
title: Comunicado sobre las capturas
date: 2016-04-01
place: San Salvador, El Salvador
signatories:
  - voices
language: es
kind: press release
---

Denunciamos las capturas del 2 de marzo.[^2] Según la prensa, hubo heridos.[^1]

Exigimos justicia y reparación.[^fuente]

[^1]: Diario Co Latino, 3 de marzo de 2016.
[^2]: La Prensa Gráfica, 2 de marzo de 2016.
[^fuente]: Comunicado de la Procuraduría para la Defensa de los Derechos Humanos.
"""

WITHDRAWN = """\
---
title: A withdrawn statement with a note
date: 2016-05-01
place: San Salvador, El Salvador
signatories:
  - voices
language: en
withdrawn:
  date: 2016-05-02
  reason: The signatory asked for it to be taken down.
---

A text that is no longer published.[^witness]

[^witness]: A note naming a witness at risk.
"""

EN = "statements/2016/2016-03-02-sources"
ES = "statements/2016/2016-04-01-capturas"
GONE = "statements/2016/2016-05-01-gone"
STATEMENTS = {EN: ENGLISH, ES: SPANISH, GONE: WITHDRAWN}


def build(rootdir: Path, tmp_path_factory, root: str, builder: str = "html", **overrides) -> SphinxTestApp:
    """The test project ``root`` with this module's statements added, built once."""
    srcdir = tmp_path_factory.mktemp(f"notes-{root}-{builder}") / "src"
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    for docname, text in STATEMENTS.items():
        (srcdir / f"{docname}.md").write_text(text, encoding="utf-8")
    app = SphinxTestApp(builder, srcdir=srcdir, warning=StringIO(), status=StringIO(), confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(rootdir, tmp_path_factory, "sections")


@pytest.fixture(scope="module")
def sitio(rootdir, tmp_path_factory):
    """The same project in the Spanish interface."""
    return build(rootdir, tmp_path_factory, "sections", language="es")


def page(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def notes_of(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(number, text) of each note, as shown."""
    return [(note.select_one(".label").get_text(strip=True).strip("[]"), note.find("p").get_text(" ", strip=True)) for note in soup.select("aside.footnote")]


def reference_numbers(soup: BeautifulSoup) -> list[str]:
    return [ref.get_text(strip=True).strip("[]") for ref in soup.select("a.footnote-reference")]


def pagefind_contents(app) -> dict[str, str]:
    """What Pagefind indexed of each page, by URL."""
    contents = {}
    for path in sorted((Path(app.outdir) / "pagefind" / "fragment").iterdir()):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        contents[fragment["url"]] = fragment["content"]
    return contents


def offline_records(app) -> dict[str, dict]:
    """The search from disk's records, by URL, read back from its data files."""
    records = {}
    for data in sorted((Path(app.outdir) / "search-offline").glob("statements-*.js")):
        text = data.read_text(encoding="utf-8")
        for record in json.loads(text[text.index("(...") + 4 : text.rindex(");")]):
            records[record["url"]] = record
    return records


def test_notes_are_the_end_of_the_statements_text(site):
    assert site.warning.getvalue() == ""
    soup = page(site, EN)
    statement = soup.select_one("section.statement")
    text = statement.select_one("div.statement-text")
    notes = text.select_one(":scope > section.statement-notes")
    assert notes is not None, "the notes should be inside the statement's text"
    # The text's last block, after its sections; before the related statements and the cite box.
    assert text.find_all(recursive=False)[-1] is notes
    blocks = [child for child in statement.find_all(recursive=False)]
    assert blocks.index(text) < blocks.index(statement.select_one(".related-statements")) < blocks.index(statement.select_one(".cite-box"))
    assert notes.select_one("h2.statement-notes-heading").get_text(strip=True) == "Notes"
    # No note, and no line for them, anywhere else on the page.
    assert len(soup.select("aside.footnote")) == len(notes.select("aside.footnote")) == 4
    assert soup.select("hr.footnotes") == []
    # Numbered 1, 2, 3, 4 in the order they are first referenced, whatever their order of definition.
    assert reference_numbers(text) == ["1", "2", "3", "4", "1"]
    assert notes_of(notes) == [
        ("1", "The raids of 29 February in Soyapango."),
        ("2", "La Prensa Gráfica, 2 March 2016."),
        ("3", "Forty-two people, according to the families."),
        ("4", "Said by the ombudsman on 1 March."),
    ]


def test_a_reference_and_its_note_link_to_each_other(site):
    soup = page(site, EN)
    references = soup.select(".statement-text a.footnote-reference")
    for reference in references:
        note = soup.find(id=reference["href"].removeprefix("#"))
        assert note is not None and note.name == "aside" and "footnote" in note["class"]
        assert note.select_one(".label").get_text(strip=True).strip("[]") == reference.get_text(strip=True).strip("[]")
        # Back from the note to this reference.
        assert f"#{reference['id']}" in [a["href"] for a in note.select("a[role=doc-backlink]")]
    # The note referenced twice links back to both references.
    first = soup.find(id=references[0]["href"].removeprefix("#"))
    assert [a["href"] for a in first.select("a[role=doc-backlink]")] == [f"#{references[0]['id']}", f"#{references[-1]['id']}"]


def test_notes_defined_in_a_list_item_or_a_quote_leave_the_paragraph_numbers_alone(site):
    soup = page(site, EN)
    text = soup.select_one(".statement-text")
    # The list item and the quote keep their notes' references, not the notes.
    assert text.select("li aside.footnote, blockquote aside.footnote") == []
    assert text.select_one("li a.footnote-reference") is not None and text.select_one("blockquote a.footnote-reference") is not None
    # Paragraph numbers count the running text only: the notes are cited by their own number.
    numbered = [
        (block.name, block["id"], marker.get_text()) for marker in text.select("a.paragraph-number") for block in [marker.find_parent(class_="numbered")]
    ]
    assert numbered == [("p", "p1", "1"), ("li", "p2", "2"), ("p", "p3", "3"), ("p", "p4", "4")]
    notes = text.select_one(".statement-notes")
    assert notes.select(".paragraph-number, .numbered") == []


def test_a_spanish_press_release_numbers_its_sources_in_the_order_cited(site):
    soup = page(site, ES)
    text = soup.select_one(".statement-text")
    # [^2] is cited first: it is note 1, as in any Markdown; [^fuente] follows as 3.
    assert reference_numbers(text) == ["1", "2", "3"]
    assert notes_of(text.select_one(".statement-notes")) == [
        ("1", "La Prensa Gráfica, 2 de marzo de 2016."),
        ("2", "Diario Co Latino, 3 de marzo de 2016."),
        ("3", "Comunicado de la Procuraduría para la Defensa de los Derechos Humanos."),
    ]
    named = text.select("a.footnote-reference")[2]
    assert soup.find(id=named["href"].removeprefix("#")).p.get_text().startswith("Comunicado de la Procuraduría")


def test_notes_are_searched_online_and_from_disk(site):
    contents = pagefind_contents(site)
    records = offline_records(site)
    for docname, words in ((EN, ["Soyapango", "Forty-two people", "ombudsman"]), (ES, ["Diario Co Latino", "Procuraduría"])):
        url = f"/{docname}.html"
        for phrase in words:
            assert phrase in contents[url], (url, phrase)
            assert phrase in records[url]["content"], (url, phrase)
        # The notes' heading is no word of the statement.
        assert "Notes" not in contents[url] and "Notes" not in records[url]["content"]
        # The paragraphs keep their anchors, which place a hit in its paragraph.
        assert "p1" in [anchor[0] for anchor in records[url]["anchors"]]
    # A withdrawn statement's tombstone is not searched, nor are its notes.
    assert not any("witness at risk" in content for content in contents.values())


def test_a_withdrawn_statement_publishes_no_note(site):
    soup = page(site, GONE)
    assert "witness at risk" not in soup.get_text()
    assert soup.select("aside.footnote, .statement-notes, hr.footnotes") == []


def test_the_spanish_interface_heads_them_notas(sitio):
    assert sitio.warning.getvalue() == ""
    for docname in (EN, ES):
        notes = page(sitio, docname).select_one(".statement-text > section.statement-notes")
        assert notes.select_one("h2.statement-notes-heading").get_text(strip=True) == "Notas"
    records = offline_records(sitio)
    assert "Diario Co Latino" in records[f"/{ES}.html"]["content"]
    assert "Notas" not in records[f"/{ES}.html"]["content"]


@pytest.mark.slow
def test_the_ebook_chapter_has_its_notes_in_its_text(rootdir, tmp_path_factory):
    app = build(rootdir, tmp_path_factory, "sections", "epub", copyright="the signatories", version="1", epub_show_urls="no")
    assert app.warning.getvalue() == ""
    book = Book(next(Path(app.outdir).glob("*.epub")))
    for docname, count in ((EN, 4), (ES, 3)):
        chapter = book.text(f"{docname}.xhtml")
        ET.fromstring(chapter.encode("utf-8"))  # well-formed XHTML
        soup = book.soup(f"{docname}.xhtml")
        notes = soup.select_one("div.statement-text > section.statement-notes")
        assert notes is not None and notes["epub:type"] == "endnotes" and notes["role"] == "doc-endnotes"
        assert len(soup.select("aside.footnote")) == len(notes.select("aside.footnote")) == count
        assert reference_numbers(soup.select_one(".statement-text")) == (["1", "2", "3", "4", "1"] if docname == EN else ["1", "2", "3"])
        assert [number for number, _text in notes_of(notes)] == [str(n) for n in range(1, count + 1)]
    assert "witness at risk" not in book.text(f"{GONE}.xhtml")
    assert_internal_links_resolve(book)
    run_epubcheck(book.path)


@pytest.mark.sphinx("html", testroot="sections")
def test_a_statement_not_published_for_its_errors_publishes_no_note(app):
    (app.srcdir / "statements/2016/2016-06-01-bad.md").write_text(
        ENGLISH.replace("date: 2016-03-02", "date: 2016-13-45").replace("Soyapango", "Soyapango, a note of an unpublished text"),
        encoding="utf-8",
    )
    app.build()
    assert "[statement.date]" in app.warning.getvalue()
    soup = BeautifulSoup((app.outdir / "statements/2016/2016-06-01-bad.html").read_text(encoding="utf-8"), "html.parser")
    assert "not published" in soup.get_text()
    assert "unpublished text" not in soup.get_text()
    assert soup.select("aside.footnote, .statement-notes, hr.footnotes") == []
