"""The archive as an ePub: valid for epubcheck, complete, in reading order, offline."""

from __future__ import annotations

import re

import pytest
from archive_copy import REPO
from epub_checks import (
    Book,
    assert_internal_links_resolve,
    assert_offline_and_script_free,
    run_epubcheck,
)


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

    # The table of contents: years, each with its statements, then the index.
    nav = book.soup("nav.xhtml").select_one('nav[epub\\:type="toc"]')
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


def test_make_epub_of_the_real_archive_passes_epubcheck(archive_epub):
    book = Book(archive_epub)
    on_disk = sorted(p.relative_to(REPO).with_suffix(".xhtml").as_posix() for p in REPO.glob("statements/*/*.md") if p.name != "index.md")
    assert sorted(book.statement_pages()) == on_disk
    assert_offline_and_script_free(book)
    assert_internal_links_resolve(book)
    run_epubcheck(book.path)
