"""Search: what statement pages carry for Pagefind, the bundle, the search page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup

from solidarity_archive.core.model import Place, Statement
from solidarity_archive.html.search import record_html

SEED = "statements/2016/2016-01-19-seed.html"
SPANISH = "statements/2015/2015-06-02-migracion.html"


def soup_of(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_record_escapes_values():
    statement = Statement(
        id="2016-01-19-x",
        docname="statements/2016/2016-01-19-x",
        title='Rights & "wrongs" <now>',
        date=dt.date(2016, 1, 19),
        place=Place("San Salvador", "El Salvador"),
        signatories=("a",),
        language="es",
    )
    record = BeautifulSoup(record_html(statement, ["A <b>&</b> B"], ["CARSI"]), "html.parser")
    assert record.find(attrs={"data-pagefind-meta": "title"}).get_text() == 'Rights & "wrongs" <now>'
    assert record.find(attrs={"data-pagefind-filter": "signatory"}).get_text() == "A <b>&</b> B"
    assert record.find("b") is None
    assert record.find(attrs={"data-pagefind-filter": "language"}).get_text() == "Spanish"
    assert record.find(attrs={"data-pagefind-sort": "date"}).get_text() == "2016-01-19"


@pytest.mark.sphinx("html", testroot="search")
def test_statement_pages_are_marked_for_the_index(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = soup_of(app.outdir / SEED)
    bodies = page.select("[data-pagefind-body]")
    assert len(bodies) == 1
    body = bodies[0]
    assert body.select_one("section.statement .statement-text") is not None
    # Navigation, sidebars and the rest of the page stay outside the indexed part.
    assert body.find_parent("nav") is None and not body.select("nav")
    record = body.select_one(".statement-search-record")
    assert record.has_attr("hidden") and record.has_attr("data-pagefind-ignore")
    filters = {(tag["data-pagefind-filter"], tag.get_text()) for tag in record.select("[data-pagefind-filter]")}
    assert filters == {
        ("year", "2016"),
        ("place", "San Salvador, El Salvador"),
        ("country", "El Salvador"),
        ("language", "English"),
        ("kind", "Press release"),
        ("signatory", "Committee in Solidarity with the People of El Salvador (CISPES)"),
        ("signatory", "Voices on the Border"),
        ("term", "CARSI"),
    }
    meta = {tag["data-pagefind-meta"]: tag.get_text() for tag in record.select("[data-pagefind-meta]")}
    assert meta["date"] == "19 January 2016"
    assert meta["signatories"] == "Committee in Solidarity with the People of El Salvador (CISPES); Voices on the Border"
    assert soup_of(app.outdir / SPANISH).html["lang"] == "es"
    # Only statements are indexed.
    for other in ("source/index.html", "statements/2016/index.html", "source/glossary.html"):
        assert not soup_of(app.outdir / other).select("[data-pagefind-body]"), other


@pytest.mark.sphinx("html", testroot="search")
def test_bundle_has_one_index_per_language(app):
    app.build()
    entry = json.loads((app.outdir / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    # The es-SV statement is indexed with Spanish: no index of its own.
    assert {language: info["page_count"] for language, info in entry["languages"].items()} == {"en": 3, "es": 2}
    assert soup_of(app.outdir / "statements/2014/2014-11-20-morazan.html").html["lang"] == "es-SV"
    assert (app.outdir / "pagefind/pagefind.js").is_file()


@pytest.mark.sphinx("html", testroot="search")
def test_theme_search_box_leads_to_the_statement_search(app):
    app.build()
    for page in (SEED, "source/index.html"):
        soup = soup_of(app.outdir / page)
        # The header's link (its phone and desktop places) is the page's one search control.
        links = soup.select("a.archive-search-link")
        assert links, page
        assert {link["href"] for link in links} == {"../../search.html" if page == SEED else "../search.html"}
        assert not soup.select("form.bd-search, #pst-search-dialog, .search-button__button"), page
    search = soup_of(app.outdir / "search.html")
    assert not search.select("a.archive-search-link, form.bd-search")
    root = search.select_one("#statement-search")
    assert root["data-bundle"] == "pagefind/"
    assert search.select_one("script[src$='_static/search.js']") is not None
    assert (app.outdir / "_static/search.js").is_file()


@pytest.mark.sphinx("epub", testroot="search")
def test_epub_has_no_search_index(app):
    app.build()
    assert not (app.outdir / "pagefind").exists()
    page = app.outdir / "statements/2016/2016-01-19-seed.xhtml"
    assert page.is_file()
    assert "data-pagefind" not in page.read_text(encoding="utf-8")


def test_word_starts_fold_accents_and_case():
    from solidarity_archive.html.search import index_language, word_starts

    starts = word_starts(["Migración en Centroamérica, y (CARSI)"])
    assert starts == {"prefixes": "carcenmig", "short": ["en", "y"]}
    assert index_language("es-SV") == "es" and index_language("en") == "en"


@pytest.mark.sphinx("html", testroot="search")
def test_search_from_disk_holds_what_pagefind_indexed(app):
    app.build()
    assert app.warning.getvalue() == ""
    folder = app.outdir / "search-offline"
    listing = (folder / "index.js").read_text(encoding="utf-8")
    assert listing.startswith("window.archiveSearchOffline = ")
    [chunk] = sorted(folder.glob("statements-*.js"))
    text = chunk.read_text(encoding="utf-8")
    records = json.loads(text[text.index("(...") + 4 : text.rindex(");")])
    by_url = {record["url"]: record for record in records}
    assert sorted(by_url) == sorted(
        [
            "/statements/2013/2013-03-08-defenders.html",
            "/statements/2014/2014-11-20-morazan.html",
            "/statements/2015/2015-06-02-migracion.html",
            "/statements/2016/2016-01-19-seed.html",
            "/statements/2017/2017-09-14-rights.html",
        ]
    )
    morazan = by_url["/statements/2014/2014-11-20-morazan.html"]
    assert morazan["language"] == "es"
    paragraphs = [anchor for anchor in morazan["anchors"] if anchor[0].startswith("p")]
    assert [anchor[0] for anchor in paragraphs] == [f"p{n}" for n in range(1, 9)]
    words = morazan["content"].split()
    # The word offset of paragraph 7 is where its text starts in the indexed text.
    assert words[paragraphs[6][2] : paragraphs[6][2] + 3] == ["En", "Perquín,", "los"]
    words_file = json.loads((app.outdir / "pagefind/archive-words.json").read_text(encoding="utf-8"))
    assert set(words_file) == {"en", "es"} and "caf" in words_file["es"]["prefixes"]
