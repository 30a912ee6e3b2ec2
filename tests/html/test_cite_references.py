"""References as the style guides print them, written out by hand; the downloads read back.

The ``references`` test project has the seed (six organisations, a misprinted
date), a statement by two organisations, one with quotes in its title and one
in Spanish. The expected references follow the guides' examples for a press
release by an organisation: Chicago (18th ed.) "Organization. “Title.” Press
release, Month Day, Year. URL."; APA (7th ed.) "Organization. (Year, Month
Day). *Title* [Press release]. Site. URL", a correction noted inside the
brackets; MLA (9th ed.) "Organization. “Title.” Day Mon. Year, URL." with
"et al." after the first of three or more authors. Organisations are never
inverted, so two of them take no serial comma in Chicago and MLA.
"""

from __future__ import annotations

import shutil
from io import StringIO
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from citation_checks import check_csl_json, read_bibtex, read_ris
from sphinx.testing.util import SphinxTestApp

BASE = "https://archive.example.org/statements"
ARCHIVE = "Solidarity Statements Archive"
SEED = "2016-01-19-us-organizations-demand-justice"
SIX = "Committee in Solidarity with the People of El Salvador, US-El Salvador Sister Cities, SHARE Foundation, Joining Hands Network, Voices on the Border, "
SEED_TITLE = "US Organizations Demand Justice for Central American Migrants in the United States"

EXPECTED = {
    SEED: {
        "chicago": f"{SIX}and Center for Exchange and Solidarity. “{SEED_TITLE}.” Press release, dated January 19, 2015. "
        f"San Salvador, El Salvador, January 19, 2016. {ARCHIVE}. {BASE}/2016/{SEED}.html.",
        "apa": f"{SIX}&amp; Center for Exchange and Solidarity. (2016, January 19). <i>{SEED_TITLE}</i> "
        f"[Press release, dated January 19, 2015]. {ARCHIVE}. {BASE}/2016/{SEED}.html",
        "mla": f"Committee in Solidarity with the People of El Salvador, et al. “{SEED_TITLE}.” Press release, dated "
        f"January 19, 2015. San Salvador, El Salvador, 19 Jan. 2016, {ARCHIVE}, {BASE}/2016/{SEED}.html.",
    },
    "2016-05-02-tps": {
        "chicago": "Committee in Solidarity with the People of El Salvador and SHARE Foundation. “Extend Temporary "
        f"Protected Status for Salvadorans.” Press release. Washington, United States, May 2, 2016. {ARCHIVE}. "
        f"{BASE}/2016/2016-05-02-tps.html.",
        "apa": "Committee in Solidarity with the People of El Salvador &amp; SHARE Foundation. (2016, May 2). "
        f"<i>Extend Temporary Protected Status for Salvadorans</i> [Press release]. {ARCHIVE}. "
        f"{BASE}/2016/2016-05-02-tps.html",
        "mla": "Committee in Solidarity with the People of El Salvador and SHARE Foundation. “Extend Temporary "
        f"Protected Status for Salvadorans.” Press release. Washington, United States, 2 May 2016, {ARCHIVE}, "
        f"{BASE}/2016/2016-05-02-tps.html.",
    },
    "2016-06-01-funds": {
        "chicago": "Center for Exchange and Solidarity, Voices on the Border, and US-El Salvador Sister Cities. "
        "“Stop the ‘Alliance for Prosperity’ Plan.” Open letter. San Salvador, El Salvador, June 1, 2016. "
        f"{ARCHIVE}. {BASE}/2016/2016-06-01-funds.html.",
        "apa": "Center for Exchange and Solidarity, Voices on the Border, &amp; US-El Salvador Sister Cities. "
        "(2016, June 1). <i>Stop the “Alliance for Prosperity” Plan</i> [Open letter]. "
        f"{ARCHIVE}. {BASE}/2016/2016-06-01-funds.html",
        "mla": "Center for Exchange and Solidarity, et al. “Stop the ‘Alliance for Prosperity’ Plan.” Open letter. "
        f"San Salvador, El Salvador, 1 June 2016, {ARCHIVE}, {BASE}/2016/2016-06-01-funds.html.",
    },
    "2017-03-22-mineria": {
        # Its printed date ("22 de marzo de 2017") is its date, in Spanish: nothing to note.
        "chicago": "Center for Exchange and Solidarity. “Alto a la minería metálica en El Salvador.” Declaration. "
        f"San Salvador, El Salvador, March 22, 2017. {ARCHIVE}. {BASE}/2017/2017-03-22-mineria.html.",
        "apa": "Center for Exchange and Solidarity. (2017, March 22). <i>Alto a la minería metálica en El Salvador</i> "
        f"[Declaration]. {ARCHIVE}. {BASE}/2017/2017-03-22-mineria.html",
        "mla": "Center for Exchange and Solidarity. “Alto a la minería metálica en El Salvador.” Declaration. "
        f"San Salvador, El Salvador, 22 Mar. 2017, {ARCHIVE}, {BASE}/2017/2017-03-22-mineria.html.",
    },
}


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("references") / "src"
    shutil.copytree(rootdir / "test-references", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, warning=StringIO(), status=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    return app.outdir


def cite_box(site, statement_id: str) -> dict[str, str]:
    page = site / "statements" / statement_id[:4] / f"{statement_id}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {ref["data-style"]: ref.decode_contents() for ref in soup.select(".cite-box .cite-reference")}


@pytest.mark.parametrize("statement_id", list(EXPECTED))
def test_cite_box_prints_the_guides_references(site, statement_id):
    assert cite_box(site, statement_id) == EXPECTED[statement_id]


@pytest.fixture(scope="module")
def spanish_site(rootdir, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("references-es") / "src"
    shutil.copytree(rootdir / "test-references", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides={"language": "es"}, warning=StringIO(), status=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    return app.outdir


#: The authors as the Spanish interface's references begin (Chicago and APA; MLA names the first
#: of three or more): no comma before the last name, whose "y" is the es-ES locale's, never "&".
SPANISH_AUTHORS = {
    SEED: f"{SIX.removesuffix(', ')} y Center for Exchange and Solidarity. ",
    "2016-05-02-tps": "Committee in Solidarity with the People of El Salvador y SHARE Foundation. ",
    "2016-06-01-funds": "Center for Exchange and Solidarity, Voices on the Border y US-El Salvador Sister Cities. ",
}


@pytest.mark.parametrize("statement_id", list(SPANISH_AUTHORS))
def test_spanish_references_join_the_names_as_spanish_does(spanish_site, statement_id):
    box = cite_box(spanish_site, statement_id)
    assert box["chicago"].startswith(SPANISH_AUTHORS[statement_id])
    assert box["apa"].startswith(SPANISH_AUTHORS[statement_id])
    if statement_id == "2016-05-02-tps":
        assert box["mla"].startswith(SPANISH_AUTHORS[statement_id])
    page = BeautifulSoup((spanish_site / "statements" / "2016" / f"{statement_id}.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(".cite-box")["data-pin-cite"].startswith(SPANISH_AUTHORS[statement_id].rstrip())


def test_downloads_read_back_with_every_field(site):
    folder = site / "downloads"
    url = f"{BASE}/2016/{SEED}.html"
    authors = [name.strip() for name in SIX.split(", ") if name.strip()] + ["Center for Exchange and Solidarity"]
    abstract = "Press release by CISPES, US-El Salvador Sister Cities, SHARE, RUMHES, Voices on the Border and CIS, San Salvador, El Salvador, 19 January 2016."

    [record] = read_ris((folder / f"{SEED}.ris").read_text(encoding="utf-8"))
    assert record == {
        "type_of_reference": "RPRT",
        "id": SEED,
        "title": SEED_TITLE,
        "authors": authors,
        "year": "2016",
        "date": "2016/01/19",
        "type_of_work": "Press release",
        "place_published": "San Salvador, El Salvador",
        "language": "en",
        "name_of_database": ARCHIVE,
        "urls": [url],
        "abstract": abstract,
        "notes": ["Date as printed: January 19, 2015"],
    }

    [entry] = read_bibtex((folder / f"{SEED}.bib").read_text(encoding="utf-8"))
    assert entry == {
        "ENTRYTYPE": "techreport",
        "ID": SEED,
        "author": authors,  # one name each: the signatories are never joined into one string
        "title": SEED_TITLE,
        "type": "Press release",
        "institution": ARCHIVE,
        "address": "San Salvador, El Salvador",
        "year": "2016",
        "month": "jan",  # the BibTeX month macro
        "date": "2016-01-19",
        "language": "en",
        "url": url,
        "abstract": abstract,
        "note": "Date as printed: January 19, 2015",
    }

    [item] = check_csl_json((folder / f"{SEED}.json").read_text(encoding="utf-8"))
    assert item["issued"] == {"date-parts": [[2016, 1, 19]]}  # machine-readable: no literal
    assert item["author"] == [{"literal": name} for name in authors]
    assert item["abstract"] == abstract


def test_a_date_printed_as_filed_adds_no_note(site):
    [record] = read_ris((site / "downloads/2017-03-22-mineria.ris").read_text(encoding="utf-8"))
    assert "notes" not in record
    assert record["language"] == "es" and record["type_of_work"] == "Declaration"


def test_unapi_answer_is_the_format_list_and_the_ris_record(site):
    page = site / "statements/2016" / f"{SEED}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    server = soup.find("link", rel="unapi-server")
    assert server["type"] == "application/xml"
    assert soup.select_one("abbr.unapi-id")["title"] == SEED
    answer = (page.parent / server["href"]).resolve()
    text = answer.read_text(encoding="utf-8")
    # As XML: the unAPI format list, offering RIS.
    formats = ElementTree.fromstring(text.encode("utf-8"))
    assert formats.tag == "formats" and formats.get("id") == SEED
    assert [f.get("name") for f in formats.findall("format")] == ["ris"]
    # As RIS: the statement's record, the same as the RIS download.
    assert read_ris(text) == read_ris((site / "downloads" / f"{SEED}.ris").read_text(encoding="utf-8"))
    assert formats.find("record").text.strip() == (site / "downloads" / f"{SEED}.ris").read_text(encoding="utf-8").strip()


def labels(outdir) -> dict[str, tuple[str, str]]:
    """The ``std:label`` entries of a built ``objects.inv``: name → (URI, display name)."""
    from sphinx.util.inventory import InventoryFile

    inventory = InventoryFile.loads((outdir / "objects.inv").read_bytes(), uri="")
    return {name: (entry.uri, entry.display_name) for name, entry in inventory.data.get("std:label", {}).items()}


def test_statements_and_paragraphs_are_standard_labels(site):
    found = labels(site)
    assert found["2016-05-02-tps"] == ("statements/2016/2016-05-02-tps.html", "Extend Temporary Protected Status for Salvadorans")
    assert found["2016-05-02-tps-p2"] == (
        "statements/2016/2016-05-02-tps.html#p2",
        "Extend Temporary Protected Status for Salvadorans, ¶ 2",
    )
    assert found[f"{SEED}-p9"][0] == f"statements/2016/{SEED}.html#p9"
    assert f"{SEED}-p10" not in found
    assert found["2016-06-01-funds"][1] == 'Stop the "Alliance for Prosperity" Plan'


@pytest.mark.slow
def test_labels_follow_edits_and_parallel_builds(rootdir, tmp_path):
    """A removed paragraph's label goes with it; -j 2 writes the same labels as -j 1."""
    from archive_copy import sphinx_build

    built = {}
    for jobs in ("1", "2"):
        srcdir = tmp_path / f"src-{jobs}"
        shutil.copytree(rootdir / "test-references", srcdir)
        result = sphinx_build(srcdir, "html", tmp_path / f"out-{jobs}", "-j", jobs)
        assert result.returncode == 0, result.stderr
        built[jobs] = labels(tmp_path / f"out-{jobs}" / "html")
    assert built["1"] == built["2"]
    assert "2016-05-02-tps-p2" in built["1"]

    srcdir = tmp_path / "src-1"
    source = srcdir / "statements/2016/2016-05-02-tps.md"
    source.write_text(source.read_text(encoding="utf-8").replace("\nSecond paragraph.\n", ""), encoding="utf-8")
    result = sphinx_build(srcdir, "html", tmp_path / "out-1", "-j", "2")
    assert result.returncode == 0, result.stderr
    after = labels(tmp_path / "out-1" / "html")
    assert "2016-05-02-tps-p2" not in after and "2016-05-02-tps-p1" in after
    assert {k: v for k, v in after.items() if not k.startswith("2016-05-02-tps")} == {k: v for k, v in built["1"].items() if not k.startswith("2016-05-02-tps")}


def test_a_label_taken_by_another_page_is_reported(rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-references", srcdir)
    cite = srcdir / "source/cite.md"
    cite.write_text("(2016-05-02-tps-p1)=\n" + cite.read_text(encoding="utf-8"), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir, warning=StringIO(), status=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = app.warning.getvalue()
    assert "label '2016-05-02-tps-p1' is already defined in source/cite" in warnings
    assert "[statement.label]" in warnings
    assert labels(app.outdir)["2016-05-02-tps-p1"][0].startswith("source/cite.html#")  # the first holder keeps it


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_statement_whose_id_is_another_statements_paragraph_label_is_reported(rootdir, tmp_path, language):
    """Two statements claim one name (``<id>-p1`` as an id): the first by document name keeps it, the other is told,
    in both interfaces; the check goes through the labels of the statements that can clash, not every statement's."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-references", srcdir)
    first = srcdir / "statements/2016/2016-05-02-tps.md"
    (first.parent / "2016-05-02-tps-p1.md").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir, warning=StringIO(), status=StringIO(), confoverrides={"language": language})
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = app.warning.getvalue()
    assert "label '2016-05-02-tps-p1' is already defined in statements/2016/2016-05-02-tps" in warnings, warnings
    assert "[statement.label]" in warnings
    assert labels(app.outdir)["2016-05-02-tps-p1"][0].startswith("statements/2016/2016-05-02-tps.html#p1")


def test_a_page_of_the_archive_refers_to_a_statement_and_a_paragraph_by_label(rootdir, tmp_path):
    """``{ref}`` to ``<id>`` and ``<id>-p2`` in a hand-written page: the archive's labels, as Sphinx links labels."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-references", srcdir)
    cite = srcdir / "source/cite.md"
    cite.write_text(
        cite.read_text(encoding="utf-8") + "\nThe statement: {ref}`2016-05-02-tps`; its second paragraph: {ref}`2016-05-02-tps-p2`;"
        " in our words: {ref}`the second <2016-05-02-tps-p2>`.\n",
        encoding="utf-8",
    )
    app = SphinxTestApp("html", srcdir=srcdir, warning=StringIO(), status=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "source/cite.html").read_text(encoding="utf-8"), "html.parser")
    paragraph = next(p for p in soup.find_all("p") if p.get_text().startswith("The statement:"))
    links = [(a.get_text(), a["href"]) for a in paragraph.find_all("a")]
    title = "Extend Temporary Protected Status for Salvadorans"
    assert links == [
        (title, "../statements/2016/2016-05-02-tps.html"),
        (f"{title}, ¶ 2", "../statements/2016/2016-05-02-tps.html#p2"),
        ("the second", "../statements/2016/2016-05-02-tps.html#p2"),
    ]
