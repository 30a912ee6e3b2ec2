"""Glossary links, backlinks, the general index, facet pages, related statements, objects.inv."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

SEED = "statements/2016/2016-01-19-seed"
DRUGS = "statements/2017/2017-03-01-drugs"


def soup_of(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")


def term_links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(term anchor, linked text) of each glossary link in the statement's text."""
    return [(a["href"].split("#")[1], a.get_text()) for a in soup.select(".statement-text a, .statement-terms a") if "glossary.html#" in a.get("href", "")]


def glossary_entry(soup: BeautifulSoup, term_id: str):
    return soup.find(id=term_id).find_next_sibling("dd")


@pytest.mark.sphinx("html", testroot="xref")
def test_terms_linked_once_each_and_never_in_headings_code_links_or_header(app):
    app.build()
    assert app.warning.getvalue() == ""
    soup = soup_of(app, f"{SEED}.html")
    assert term_links(soup) == [
        ("term-War-on-Drugs", "War on Drugs"),
        ("term-CARSI", "Regional Security Initiative for Central America"),
        ("term-Southern-Border-Plan", "Southern Border Plan"),  # the author's own {term} link
        ("term-Alliance-for-Prosperity", "Alliance for Prosperity Plan for the Northern Triangle of Central America"),
        ("term-Northern-Triangle", "Northern Triangle"),  # named only inside the longer name
    ]
    assert soup.select_one(".statement-text h2").find("a", href=re.compile("glossary")) is None
    assert soup.select_one(".statement-text code").get_text() == "CARSI"
    assert soup.select_one('a[href="https://example.org/carsi"]').get_text() == "CARSI"
    for block in (".statement-header", ".statement-note"):
        assert soup.select_one(block).find("a", href=re.compile("glossary")) is None
    # Every mention in running text is an index target, the second "CARSI" too.
    assert len(soup.select(".statement-text span[id^=term-mention-]")) == 6


@pytest.mark.sphinx("html", testroot="xref")
def test_accent_and_case_insensitive_mentions(app):
    app.build()
    spanish = soup_of(app, "statements/2015/2015-06-01-frontera.html")
    assert term_links(spanish) == [
        ("term-Southern-Border-Plan", "Programa Frontera Sur"),
        ("term-Northern-Triangle", "triangulo norte"),
    ]
    assert term_links(soup_of(app, f"{DRUGS}.html")) == [("term-War-on-Drugs", "war on drugs")]
    assert term_links(soup_of(app, "statements/2016/2016-05-02-tps.html")) == [("term-Temporary-Protected-Status", "TPS")]


@pytest.mark.sphinx("html", testroot="xref")
def test_glossary_backlinks_newest_first(app):
    app.build()
    glossary = soup_of(app, "source/glossary.html")
    carsi = glossary_entry(glossary, "term-CARSI").select(".glossary-backlinks li")
    assert [li.get_text(" ", strip=True) for li in carsi] == ["19 January 2016 — Justice for Central American Migrants (San Salvador, El Salvador)"]
    assert carsi[0].a["href"] == f"../{SEED}.html"
    drugs = glossary_entry(glossary, "term-War-on-Drugs").select(".glossary-backlinks li a")
    assert [a.get_text() for a in drugs] == ["Ending the war on drugs", "Justice for Central American Migrants"]


@pytest.mark.sphinx("html", testroot="xref")
def test_general_index_entries(app):
    """The website's index leads to the signatory, place, country and glossary pages, not to every statement."""
    app.build()
    genindex = soup_of(app, "genindex.html")

    def targets(name: str) -> set[str]:
        found = set()
        for li in genindex.select("table.indextable li"):
            first = li.contents[0] if li.contents else ""
            label = first.get_text() if hasattr(first, "get_text") else str(first)
            if label.strip(" ,\n") == name:
                found |= {a["href"].split("#")[0] for a in li.select("a")}
        return found

    for name, page in (
        ("CISPES", "signatory/cispes.html"),
        ("Committee in Solidarity with the People of El Salvador", "signatory/cispes.html"),
        ("San Salvador, El Salvador", "place/san-salvador-el-salvador.html"),
        ("El Salvador", "country/el-salvador.html"),
        ("CARSI", "source/glossary.html"),
        ("Northern Triangle", "source/glossary.html"),
        ("War on Drugs", "source/glossary.html"),
    ):
        assert targets(name) == {page}, name
    assert targets("Justice for Central American Migrants") == set()
    assert not [a["href"] for a in genindex.select("table.indextable a") if a["href"].startswith("statements/")]


@pytest.mark.sphinx("html", testroot="xref")
def test_signatory_place_and_country_pages(app):
    app.build()
    seed = soup_of(app, f"{SEED}.html")
    header = seed.select_one(".statement-header")
    hrefs = [a["href"] for a in header.select("a")]
    assert hrefs[:3] == ["index.html", "../../place/san-salvador-el-salvador.html", "../../country/el-salvador.html"]
    assert "../../signatory/cispes.html" in hrefs

    cispes = soup_of(app, "signatory/cispes.html")
    assert cispes.title.get_text().startswith("Committee in Solidarity with the People of El Salvador (CISPES)")
    fields = cispes.select_one(".facet-fields").get_text(" ", strip=True)
    assert "CISPES" in fields and "3 statements, 1 June 2015 to 1 March 2017." in fields
    assert [a.get_text() for a in cispes.select("ul.statement-list a")] == [
        "Ending the war on drugs",
        "Justice for Central American Migrants",
        "Contra el Programa Frontera Sur",
    ]
    assert [li.get_text(" ", strip=True) for li in cispes.select("ul.cosignatory-list li")] == [
        "SHARE Foundation (SHARE) (3 statements)",
        "Voices on the Border (1 statement)",
    ]
    assert cispes.select_one("link[rel=stylesheet]")["href"].startswith("../_static/")
    assert cispes.select_one(".facet-overview a")["href"] == "../source/signatories.html"

    place = soup_of(app, "place/san-salvador-el-salvador.html")
    assert [a.get_text() for a in place.select("ul.statement-list a")] == ["Extend TPS", "Justice for Central American Migrants"]
    country = soup_of(app, "country/mexico.html")
    assert [a.get_text() for a in country.select("ul.statement-list a")] == ["Contra el Programa Frontera Sur"]

    # Overviews link to the pages and stay small: no statement lists in HTML.
    places = soup_of(app, "source/places.html")
    assert places.select_one("#place-san-salvador-el-salvador a")["href"] == "../place/san-salvador-el-salvador.html"
    assert places.select("ul.statement-list") == []
    signatories = soup_of(app, "source/signatories.html")
    assert signatories.select("ul.statement-list") == []
    assert signatories.select_one(".signatory-summary a")["href"] == "../signatory/cispes.html"
    # The source tree gets no generated pages.
    assert not (app.srcdir / "signatory").exists() and not (app.srcdir / "place").exists()


@pytest.mark.sphinx("html", testroot="xref")
def test_related_statements(app):
    app.build()
    related = soup_of(app, f"{SEED}.html").select(".related-statements li a")
    # Frontera shares two signatories and two terms; the drugs statement two and one; TPS one signatory.
    assert [a.get_text() for a in related] == [
        "Contra el Programa Frontera Sur",
        "Ending the war on drugs",
        "Extend TPS",
    ]


@pytest.mark.sphinx("html", testroot="xref")
def test_statement_role_and_objects_inv(app):
    app.build()
    link = soup_of(app, "statements/2016/2016-05-02-tps.html").select_one(".statement-text a.reference.internal[href$='2016-01-19-seed.html']")
    assert link.get_text() == "Justice for Central American Migrants (19 January 2016)"
    with open(app.outdir / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "https://archive.example.org/", lambda base, uri: base + uri)
    entry = inventory["statement:statement"]["2016-01-19-seed"]
    assert entry.uri == f"https://archive.example.org/{SEED}.html"
    assert entry.display_name == "Justice for Central American Migrants"
    assert "CARSI" in inventory["std:term"]


@pytest.mark.sphinx("html", testroot="xref", srcdir="xref-dangling")
def test_dangling_statement_reference_is_reported(app):
    page = app.srcdir / "statements/2016/2016-05-02-tps.md"
    page.write_text(page.read_text(encoding="utf-8").replace("2016-01-19-seed", "2016-01-19-missing"), encoding="utf-8")
    app.build()
    assert "2016-01-19-missing" in app.warning.getvalue()


@pytest.mark.sphinx("epub", testroot="xref")
def test_epub_overviews_carry_full_listings(app):
    app.build()
    assert app.warning.getvalue() == ""
    assert not (app.outdir / "signatory").exists()
    places = BeautifulSoup((app.outdir / "source/places.xhtml").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text() for a in places.select("#place-san-salvador-el-salvador ul.statement-list a")] == [
        "Extend TPS",
        "Justice for Central American Migrants",
    ]
    signatories = BeautifulSoup((app.outdir / "source/signatories.xhtml").read_text(encoding="utf-8"), "html.parser")
    cispes = signatories.select_one("#signatory-cispes")
    assert len(cispes.select("ul.statement-list a")) == 3
    assert "SHARE Foundation (SHARE) (3 statements)" in cispes.get_text(" ", strip=True)
    seed = BeautifulSoup((app.outdir / f"{SEED}.xhtml").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in seed.select(".statement-header a")]
    assert "../../source/places.xhtml#place-san-salvador-el-salvador" in hrefs
    assert "../../source/signatories.xhtml#signatory-cispes" in hrefs


def test_statement_resolves_through_intersphinx_from_another_project(make_app, rootdir, tmp_path):
    archive_src = tmp_path / "archive"
    shutil.copytree(rootdir / "test-xref", archive_src)
    archive = make_app("html", srcdir=archive_src)
    archive.build()
    assert archive.warning.getvalue() == ""
    archive.cleanup()  # one Sphinx application at a time in this process

    citing_src = tmp_path / "citing"
    shutil.copytree(rootdir / "test-citing", citing_src)
    citing = make_app(
        "html",
        srcdir=citing_src,
        confoverrides={"intersphinx_mapping": {"archive": (str(archive.outdir), None)}},
    )
    citing.build()
    assert citing.warning.getvalue() == ""
    link = BeautifulSoup((citing.outdir / "source/index.html").read_text(encoding="utf-8"), "html.parser").select_one("a.reference.external")
    assert link.get_text() == "Justice for Central American Migrants"
    target = Path(link["href"].split("#")[0])
    assert target == archive.outdir / f"{SEED}.html"


def pages(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*.html"))}


def test_parallel_build_writes_the_same_pages(make_app, rootdir, tmp_path):
    built = []
    for jobs in (1, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(rootdir / "test-xref", srcdir)
        app = make_app("html", srcdir=srcdir, parallel=jobs)
        app.build()
        assert app.warning.getvalue() == ""
        built.append(pages(app.outdir))
        app.cleanup()
    serial, parallel = built
    assert serial.keys() == parallel.keys()
    assert "signatory/cispes.html" in serial
    assert [name for name in serial if serial[name] != parallel[name]] == []


def read_docnames(status: str) -> set[str]:
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", re.sub(r"\x1b\[[0-9;]*m", "", status)))


def test_editing_a_statement_updates_listings_and_backlinks_incrementally(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "archive"
    shutil.copytree(rootdir / "test-xref", srcdir)
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    assert first.warning.getvalue() == ""
    first.cleanup()

    path = srcdir / f"{DRUGS}.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("signatories: [share, cispes]", "signatories: [share, cispes, voices]")
    text = text.replace("The war on drugs has failed.", "The war on drugs and CARSI have failed.")
    path.write_text(text, encoding="utf-8")
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))

    second = make_app("html", srcdir=srcdir)
    second.build()
    assert second.warning.getvalue() == ""
    assert read_docnames(second.status.getvalue()) == {DRUGS}

    glossary = soup_of(second, "source/glossary.html")
    carsi = [a.get_text() for a in glossary_entry(glossary, "term-CARSI").select(".glossary-backlinks li a")]
    assert carsi == ["Ending the war on drugs", "Justice for Central American Migrants"]
    voices = soup_of(second, "signatory/voices.html")
    assert "Ending the war on drugs" in [a.get_text() for a in voices.select("ul.statement-list a")]
    # The TPS statement (signed by voices) now has the edited statement as related, without being re-read.
    related = soup_of(second, "statements/2016/2016-05-02-tps.html").select(".related-statements li a")
    assert "Ending the war on drugs" in [a.get_text() for a in related]


def test_renamed_signatory_is_indexed_under_its_new_name(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "archive"
    shutil.copytree(rootdir / "test-xref", srcdir)
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    first.cleanup()

    registry = srcdir / "source/signatories.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("Voices on the Border", "Voces en la Frontera"), encoding="utf-8")
    second = make_app("html", srcdir=srcdir)
    written: list[str] = []
    second.connect("html-page-context", lambda app, pagename, *rest: written.append(pagename))
    second.build()
    assert second.warning.getvalue() == ""
    # Written again: the statements that name it and the page listing the registry, and (as
    # Sphinx does for any page it writes) their year page and the home page, whose tables of
    # contents hold them; not the other listings, which name no signatory.
    assert {SEED, "statements/2016/2016-05-02-tps", "source/signatories"} <= set(written)
    assert not {"source/glossary", "source/places"} & set(written)
    assert [page for page in written if page.startswith("statements/") and page.endswith("/index")] == ["statements/2016/index"]
    # No statement is read again: their index entries follow the registry (the signatories page reads it).
    assert read_docnames(second.status.getvalue()) == {"source/signatories"}
    genindex = (second.outdir / "genindex.html").read_text(encoding="utf-8")
    assert "Voces en la Frontera" in genindex and "Voices on the Border" not in genindex
    # The statements voices signed are written again, with the new name in their header.
    for docname in (SEED, "statements/2016/2016-05-02-tps"):
        page = (second.outdir / f"{docname}.html").read_text(encoding="utf-8")
        assert "Voces en la Frontera" in page and "Voices on the Border" not in page


def test_new_glossary_term_is_linked_in_statements_already_built(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "archive"
    shutil.copytree(rootdir / "test-xref", srcdir)
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    first.cleanup()

    glossary = srcdir / "source/glossary.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("```\n", "\nMilitarization\nmilitarización\n  Giving armed forces a larger role.\n```\n"),
        encoding="utf-8",
    )
    second = make_app("html", srcdir=srcdir)
    second.build()
    assert second.warning.getvalue() == ""
    links = term_links(soup_of(second, "statements/2015/2015-06-01-frontera.html"))
    assert ("term-Militarization", "militarización") in links
    entry = glossary_entry(soup_of(second, "source/glossary.html"), "term-Militarization")
    assert [a.get_text() for a in entry.select(".glossary-backlinks a")] == ["Contra el Programa Frontera Sur"]


@pytest.mark.sphinx("html", testroot="xref", freshenv=True)
def test_rebuild_with_nothing_changed_still_writes_entity_pages(app):
    app.build()
    page = next((app.outdir / "signatory").glob("*.html"))
    page.unlink()
    app.build()  # nothing to read or write: entity pages are still produced
    assert page.is_file()
    assert "Exception" not in app.warning.getvalue()
