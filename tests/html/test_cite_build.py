"""Citing in a built archive: numbered paragraphs, the cite box, metadata, downloads.

The ``cite`` test project has a statement with hostile strings in its title,
its signatories' names and its place, and a plain one.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from citation_checks import check_csl_json, read_bibtex, read_ris
from sphinx.testing.util import SphinxTestApp

HOSTILE = "statements/2016/2016-01-19-hostile"
HOSTILE_TITLE = 'He said "no" {to} 100% & C:\\path \\emph{x} $5 #1 a_b ~ ^ ER - </script><b>Ñandú</b>'
HOSTILE_NAMES = ['Org "Quoted" & {Braced} 100% \\ Back </script>', "Ünïon de Café, Inc.", "Voices on the Border"]
BASE = "https://archive.example.org/"


def soup_of(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def paragraph_numbers(soup) -> list[tuple[str, str, str]]:
    """(block id, visible number, link target) for every numbered block of the text."""
    found = []
    for marker in soup.select(".statement-text a.paragraph-number"):
        block = marker.find_parent(class_="numbered")
        found.append((block["id"], marker.get_text(), marker["href"]))
    return found


def build(builder: str, srcdir):
    app = SphinxTestApp(builder, srcdir=srcdir, warning=StringIO(), status=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    """The ``cite`` project built once as HTML for this module's tests."""
    srcdir = tmp_path_factory.mktemp("cite") / "src"
    shutil.copytree(rootdir / "test-cite", srcdir)
    return build("html", srcdir)


def test_builds_without_warnings(built):
    assert built.warning.getvalue() == ""


def test_paragraphs_and_list_items_are_numbered_in_order(built):
    soup = soup_of(built.outdir / f"{HOSTILE}.html")
    numbers = paragraph_numbers(soup)
    assert numbers == [(f"p{n}", str(n), f"#p{n}") for n in range(1, 8)]
    texts = [soup.find(id=f"p{n}").get_text(" ", strip=True) for n in (1, 2, 3, 5, 6, 7)]
    assert texts[0] == "1 First paragraph."
    assert texts[1] == "2 Second paragraph."
    assert texts[2] == "3 First demand."
    assert texts[3] == "5 nested item."
    assert texts[4] == "6 A quoted paragraph."
    assert texts[5].startswith("7 The last paragraph, with a footnote.")
    # Tables and footnotes are apparatus, not numbered text.
    assert soup.select(".statement-text table .paragraph-number, .statement-text .footnote .paragraph-number") == []
    assert soup.select_one(".statement-text table") is not None
    # The header block and the editorial note are not numbered.
    assert soup.select(".statement-header .paragraph-number, .statement-note .paragraph-number") == []


def test_cite_box_has_three_styles_copy_buttons_and_downloads(built):
    page = built.outdir / f"{HOSTILE}.html"
    soup = soup_of(page)
    box = soup.select_one("section.statement .cite-box")
    assert [dt.get_text() for dt in box.select("dt")] == [
        "Chicago (18th ed., notes and bibliography)",
        "APA (7th ed.)",
        "MLA (9th ed.)",
    ]
    references = box.select(".cite-reference")
    buttons = box.select("button.cite-copy")
    assert len(references) == len(buttons) == 3
    for reference, button in zip(references, buttons, strict=True):
        # a copy button copies the reference beside it, as text (see the browser test)
        assert button.find_previous_sibling(class_="cite-reference") is reference
        assert "dated January 19, 2015" in reference.get_text()
        assert "</script><b>Ñandú</b>" in reference.get_text()
        assert reference.find("script") is None and reference.find("b") is None
    assert HOSTILE_NAMES[0] in references[0].get_text()
    links = {a.get_text(): a["href"] for a in box.select("a.cite-download")}
    assert set(links) == {"BibTeX", "RIS", "CSL-JSON"}
    for href in links.values():
        assert (page.parent / href).resolve().is_file()
    assert box["data-canonical"] == BASE + f"{HOSTILE}.html"
    assert box["data-pin-cite"].startswith(HOSTILE_NAMES[0])
    cite_link = box.find("a", string="How to cite the archive")
    assert (page.parent / cite_link["href"]).resolve() == (built.outdir / "source/cite.html").resolve()


def test_canonical_link_and_metadata(built):
    soup = soup_of(built.outdir / f"{HOSTILE}.html")
    url = BASE + f"{HOSTILE}.html"
    assert soup.find("link", rel="canonical")["href"] == url

    def meta(name):
        return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]

    assert meta("citation_title") == [HOSTILE_TITLE]
    assert meta("citation_author") == HOSTILE_NAMES
    assert meta("citation_publication_date") == ["2016/01/19"]
    assert meta("citation_language") == ["es"]
    assert meta("citation_public_url") == [url]
    assert meta("citation_technical_report_institution") == ["; ".join(HOSTILE_NAMES)]
    assert meta("DC.title") == [HOSTILE_TITLE]
    assert meta("DC.creator") == HOSTILE_NAMES
    assert meta("DC.date") == ["2016-01-19"]
    assert meta("DC.identifier") == [url]

    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    assert "</" not in scripts[0].string
    data = json.loads(scripts[0].string)
    assert data["@type"] == "Report"
    assert data["name"] == HOSTILE_TITLE
    assert [a["name"] for a in data["author"]] == HOSTILE_NAMES
    assert data["datePublished"] == "2016-01-19"


def test_downloads_round_trip(built):
    folder = built.outdir / "downloads"
    url = BASE + f"{HOSTILE}.html"
    [entry] = read_bibtex((folder / "2016-01-19-hostile.bib").read_text(encoding="utf-8"))
    assert entry["title"] == HOSTILE_TITLE
    assert entry["author"] == HOSTILE_NAMES
    assert entry["url"] == url
    assert entry["address"] == "San José, Costa Rica"

    [record] = read_ris((folder / "2016-01-19-hostile.ris").read_text(encoding="utf-8"))
    assert record["title"] == HOSTILE_TITLE
    assert record["authors"] == HOSTILE_NAMES
    assert record["type_of_reference"] == "RPRT"
    assert record["urls"] == [url]

    [item] = check_csl_json((folder / "2016-01-19-hostile.json").read_text(encoding="utf-8"))
    assert item["title"] == HOSTILE_TITLE
    assert item["author"] == [{"literal": name} for name in HOSTILE_NAMES]
    assert item["issued"] == {"date-parts": [[2016, 1, 19]]}
    assert item["note"] == "Date as printed: January 19, 2015"
    assert item["genre"] == "Open letter, dated January 19, 2015"


def test_archive_wide_downloads_hold_every_statement(built):
    folder = built.outdir / "downloads"
    ids = ["2016-01-19-hostile", "2016-02-01-plain"]
    assert [e["ID"] for e in read_bibtex((folder / "statements-archive.bib").read_text(encoding="utf-8"))] == ids
    assert [r["id"] for r in read_ris((folder / "statements-archive.ris").read_text(encoding="utf-8"))] == ids
    assert [i["id"] for i in check_csl_json((folder / "statements-archive.json").read_text(encoding="utf-8"))] == ids
    plain = check_csl_json((folder / "2016-02-01-plain.json").read_text(encoding="utf-8"))[0]
    assert plain["issued"] == {"date-parts": [[2016, 2, 1]]}


def test_cite_page_links_the_archive_downloads(built):
    page = built.outdir / "source/cite.html"
    links = soup_of(page).select("ul.archive-downloads a.cite-download")
    assert [a.get_text() for a in links] == [
        "statements-archive.bib",
        "statements-archive.ris",
        "statements-archive.json",
    ]
    for a in links:
        assert (page.parent / a["href"]).resolve().is_file()


def test_nothing_written_into_the_source_tree(built):
    assert built.outdir.is_relative_to(built.srcdir / "_build")
    assert not (built.srcdir / "downloads").exists()
    written = [p for p in built.srcdir.rglob("*") if p.suffix in (".bib", ".ris", ".json") and "_build" not in p.parts]
    assert written == []


def test_cite_script_and_styles_on_the_website(built):
    html = (built.outdir / f"{HOSTILE}.html").read_text(encoding="utf-8")
    assert re.search(r'<script defer="defer" src="[./]*_static/cite\.js', html)
    assert (built.outdir / "_static/cite.js").is_file()
    assert (built.outdir / "_static/cite.css").is_file()


def test_epub_has_the_same_paragraph_numbers_and_no_cite_box(built, rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-cite", srcdir)
    app = build("epub", srcdir)
    assert app.warning.getvalue() == ""
    [book] = list(app.outdir.glob("*.epub"))
    with zipfile.ZipFile(book) as archive:
        xhtml = archive.read(f"{HOSTILE}.xhtml").decode("utf-8")
    epub_soup = BeautifulSoup(xhtml, "html.parser")
    html_soup = soup_of(built.outdir / f"{HOSTILE}.html")
    assert paragraph_numbers(epub_soup) == paragraph_numbers(html_soup)
    assert epub_soup.select_one(".cite-box") is None
    assert "cite.js" not in xhtml
    assert "citation_author" not in xhtml


def test_incremental_build_drops_a_removed_statements_downloads(rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-cite", srcdir)
    first = build("html", srcdir)
    folder = first.outdir / "downloads"
    assert (folder / "2016-02-01-plain.ris").is_file()

    (srcdir / "statements/2016/2016-02-01-plain.md").unlink()
    second = build("html", srcdir)
    assert second.warning.getvalue() == ""
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"2016-01-19-hostile.{fmt}" for fmt in ("bib", "ris", "json", "unapi.xml")] + [f"statements-archive.{fmt}" for fmt in ("bib", "ris", "json")]
    )
    assert [r["id"] for r in read_ris((folder / "statements-archive.ris").read_text(encoding="utf-8"))] == ["2016-01-19-hostile"]


def test_incremental_build_renders_only_the_downloads_whose_record_changed(rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-cite", srcdir)
    first = build("html", srcdir)
    folder = first.outdir / "downloads"

    def written(stem: str) -> dict[str, int]:
        return {path.name: path.stat().st_mtime_ns for path in folder.glob(f"{stem}.*")}

    source = srcdir / "statements/2016/2016-02-01-plain.md"
    hostile, plain = written("2016-01-19-hostile"), written("2016-02-01-plain")
    source.write_text(source.read_text(encoding="utf-8") + "\nA paragraph added later.\n", encoding="utf-8")
    assert build("html", srcdir).warning.getvalue() == ""
    assert written("2016-01-19-hostile") == hostile  # its page was not written again
    # Its page was, but its downloads show its record, not its text: they are left as they were.
    assert written("2016-02-01-plain") == plain

    source.write_text(source.read_text(encoding="utf-8").replace("title: A plain statement", "title: A retitled statement"), encoding="utf-8")
    assert build("html", srcdir).warning.getvalue() == ""
    assert written("2016-01-19-hostile") == hostile
    assert all(written("2016-02-01-plain")[name] > plain[name] for name in plain)
    for fmt in ("bib", "ris", "json"):
        assert "A retitled statement" in (folder / f"2016-02-01-plain.{fmt}").read_text(encoding="utf-8")
        assert "A retitled statement" in (folder / f"statements-archive.{fmt}").read_text(encoding="utf-8")
