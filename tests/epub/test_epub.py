"""The archive as an ePub: valid for epubcheck, complete, in reading order, offline."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from archive_copy import REPO
from checkers import ace_violations
from epub_checks import (
    Book,
    assert_internal_links_resolve,
    assert_offline_and_script_free,
    run_epubcheck,
)

SUMMARY_EN = (
    "The text of every page can be read aloud, enlarged and restyled, in its reading order; headings and the table of "
    "contents lead to every statement. An index of titles, signatories, places and terms leads to the statements as well. "
    "Every image and chart has a text alternative: charts come with their figures as a table."
)


def accessibility(book: Book) -> list[tuple[str, str]]:
    """The package's schema.org accessibility metadata, in order."""
    return re.findall(r'<meta property="(schema:[A-Za-z]+)"[^>]*>([^<]*)</meta>', book.opf)


@pytest.mark.sphinx("epub", testroot="epub")
@pytest.mark.slow
def test_book_of_the_test_archive(app):
    app.build()
    assert app.warning.getvalue() == ""
    book = Book(app.outdir / "Testbook.epub")

    # Every statement, in date order, after its year's page.
    assert book.statement_pages() == [
        "statements/2014/2014-10-12-iniciativa.xhtml",
        "statements/2015/2015-03-08-women.xhtml",
        "statements/2016/2016-01-19-raids.xhtml",
        "statements/2016/2016-06-01-funds.xhtml",
    ]
    order = book.reading_order
    assert order.index("statements/2016/index.xhtml") < order.index("statements/2016/2016-01-19-raids.xhtml")
    assert order[0] == "epub-cover.xhtml" and order[-1] == "genindex.xhtml"
    for back in ("source/glossary.xhtml", "source/signatories.xhtml"):
        assert back in order

    # Metadata: title, publisher, languages, identifier, date modified, description, cover.
    assert "<dc:title>Test book</dc:title>" in book.opf
    assert "<dc:publisher>Test publisher</dc:publisher>" in book.opf
    assert re.findall(r"<dc:language>([^<]+)</dc:language>", book.opf) == ["en", "es"]
    assert '<dc:identifier id="test-book">https://archive.example.org/</dc:identifier>' in book.opf
    assert re.search(r'<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ</meta>', book.opf)
    assert "<dc:description>A small archive for the ePub tests.</dc:description>" in book.opf
    assert 'href="_static/archive-cover.png" media-type="image/png" properties="cover-image"' in book.opf
    assert book.files["_static/archive-cover.png"].startswith(b"\x89PNG")
    assert '<meta name="dtb:uid" content="https://archive.example.org/"/>' in book.text("toc.ncx")

    # Its accessibility, as it is: text, and charts (pictures) each with a title and a table.
    assert accessibility(book) == [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessModeSufficient", "textual,visual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityFeature", "index"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", SUMMARY_EN),
    ]
    assert "conformsTo" not in book.opf
    # The cover's text alternative is what it shows.
    cover = book.soup("epub-cover.xhtml").img["alt"]
    assert cover == "Test book. 4 statements, 2014–2016. Test publisher."

    # The table of contents: years, each with its statements, then the index.
    nav = book.soup("nav.xhtml").select_one('nav[epub\\:type="toc"]')
    assert nav["role"] == "doc-toc"
    years = [li.a.get_text() for li in nav.select(":scope > ol > li") if li.ol]
    assert years == ["2014", "2015", "2016"]
    assert [a.get_text() for a in nav.select("ol ol a")][2:] == ["Stop the raids", "Cut the security funds"]
    assert nav.select(":scope > ol > li > a")[-1]["href"] == "genindex.xhtml"

    # A statement: header block, term link and statement reference inside the book.
    page = book.soup("statements/2016/2016-06-01-funds.xhtml")
    assert page.select_one(".statement-header .statement-date").get_text() == "1 June 2016"
    assert [p["id"] for p in page.select(".statement-text [id^=p]")][:2] == ["p1", "p2"]
    # Links to statements (paragraph numbers link to themselves, terms to the glossary).
    references = [a["href"] for a in page.select(".statement-text a") if not a["href"].startswith("#") and "glossary" not in a["href"]]
    assert references == ["../2015/2015-03-08-women.xhtml", "2016-01-19-raids.xhtml"] * 2
    term = book.soup("statements/2016/2016-01-19-raids.xhtml").select_one(".statement-text a[href*=glossary]")
    assert term["href"].startswith("../../source/glossary.xhtml#term-")
    assert "CARSI" in book.text("genindex.xhtml")
    assert book.soup("statements/2015/2015-03-08-women.xhtml").html["xml:lang"] == "es"
    assert book.soup("statements/2016/2016-01-19-raids.xhtml").html["lang"] == "en"

    assert_offline_and_script_free(book)
    assert_internal_links_resolve(book)
    run_epubcheck(book.path)


def test_the_website_s_404_page_is_not_in_the_book(make_app, rootdir, sphinx_test_tempdir):
    src = sphinx_test_tempdir / "epub"
    shutil.copytree(rootdir / "test-epub", src)
    (src / "source" / "404.md").write_text("---\norphan: true\n---\n\n# Page not found\n\nNo page here.\n", encoding="utf-8")
    app = make_app("epub", srcdir=src)
    # One an earlier build left is not packed either.
    stale = Path(app.outdir, "source", "404.xhtml")
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("<html/>", encoding="utf-8")
    app.build()
    assert app.warning.getvalue() == ""
    book = Book(app.outdir / "Testbook.epub")
    assert not [name for name in book.files if "404" in name]
    assert "404" not in book.opf and not stale.exists()
    assert "Page not found" not in book.text("nav.xhtml") + book.text("toc.ncx")


@pytest.mark.sphinx("epub", testroot="epub", confoverrides={"language": "es"})
def test_the_accessibility_summary_is_in_the_interface_language(app):
    app.build()
    book = Book(app.outdir / "Testbook.epub")
    [summary] = re.findall(r'<meta property="schema:accessibilitySummary"( xml:lang="es")?>([^<]*)</meta>', book.opf)
    # The book's language is set apart (epub_language = "en"): the summary says which it is in.
    assert summary[0] and summary[1].startswith("El texto de cada página se puede leer en voz alta")


#: A one-page book without accessibility metadata, in ``{language}``, whose text holds ``{fault}``.
FAULTY_BOOK = {
    "META-INF/container.xml": '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    "content.opf": '<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:0c3f7f1e-0000-4000-8000-000000000000</dc:identifier>'
    '<dc:title>{title}</dc:title><dc:language>{language}</dc:language><meta property="dcterms:modified">2026-01-01T00:00:00Z</meta></metadata>'
    '<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
    '<item id="text" href="text.xhtml" media-type="application/xhtml+xml"/><item id="seal" href="seal.png" media-type="image/png"/></manifest>'
    '<spine><itemref idref="text"/></spine></package>',
    "nav.xhtml": '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
    ' lang="{language}" xml:lang="{language}"><head><title>{title}</title></head><body><nav epub:type="toc" role="doc-toc"><ol><li>'
    '<a href="text.xhtml">{title}</a></li></ol></nav></body></html>',
    "text.xhtml": '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" lang="{language}" xml:lang="{language}">'
    "<head><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p>{fault}</body></html>",
}
#: A one-pixel PNG.
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082")
#: What each faulty book holds, and the rule of axe-core (run by Ace in Chromium) that must fault it.
FAULTS = {
    "image-alt": ("es", "Comunicado", "Las organizaciones firmantes.", '<p><img src="seal.png"/></p>'),
    "link-name": ("en", "Press release", "The undersigned organizations.", '<p><a href="nav.xhtml"></a></p>'),
    # Only a browser that draws the page tells pale grey on white from black on white.
    "color-contrast": ("es", "Carta abierta", "Las organizaciones firmantes.", '<p style="color:#ddd">Texto casi invisible.</p>'),
}


@pytest.mark.parametrize("rule", sorted(FAULTS))
def test_ace_faults_a_book_that_fails_a_rule_and_has_no_accessibility_metadata(tmp_path, rule):
    """What Ace is run for works in the Chromium the tests give it: its axe-core checks each page there as drawn."""
    language, title, text, fault = FAULTS[rule]
    book = tmp_path / "faulty.epub"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, template in FAULTY_BOOK.items():
            zipped.writestr(name, template.format(language=language, title=title, text=text, fault=fault))
        zipped.writestr("seal.png", PIXEL)
    violations = ace_violations(book, tmp_path / "ace")
    assert (
        [line for line in violations if line.startswith("text.xhtml: ")] == [line for line in violations if line.startswith(f"text.xhtml: {rule} (")] != []
    ), violations
    assert any(line.startswith("content.opf: metadata-accessmode ") for line in violations), violations


def test_the_real_archive_s_book_passes_ace(archive_epub, tmp_path):
    """Ace by DAISY, which ePub publishers and the EU's accessibility rules rely on, finds no violation."""
    assert ace_violations(archive_epub, tmp_path / "ace") == []
    book = Book(archive_epub)
    # The staff guide's screenshot makes the book visual too; its alt text, and the charts' tables, suffice.
    assert ("schema:accessMode", "visual") in accessibility(book) and ("schema:accessModeSufficient", "textual") in accessibility(book)


def test_make_epub_of_the_real_archive_passes_epubcheck(archive_epub):
    book = Book(archive_epub)
    on_disk = sorted(p.relative_to(REPO).with_suffix(".xhtml").as_posix() for p in REPO.glob("statements/*/*.md") if p.name != "index.md")
    assert sorted(book.statement_pages()) == on_disk
    assert_offline_and_script_free(book)
    assert_internal_links_resolve(book)
    run_epubcheck(book.path)
