"""Feeds, open data, sitemap, Open Graph, 404 page and reading comfort, read back from a build."""

from __future__ import annotations

import csv
import json
import re
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup

from solidarity_archive.formats import opendata
from solidarity_archive.formats.web import open_graph_tags, with_base

BASE = "https://archive.example.org/"
ENGLISH = "statements/2016/2016-01-19-first"
SPANISH = "statements/2017/2017-03-22-alto-a-la-mineria"
SPANISH_TITLE = "Alto a la minería: <el agua> & la vida"


def soup(app, docname):
    return BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="publishing")
def test_atom_feeds_parse_back(app):
    app.build()
    assert app.warning.getvalue() == ""
    feed = feedparser.parse((app.outdir / "feeds/atom.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == BASE + "feeds/atom.xml"
    assert [e.title for e in feed.entries] == [SPANISH_TITLE, "A first statement"]  # newest first
    assert [e.link for e in feed.entries] == [BASE + SPANISH + ".html", BASE + ENGLISH + ".html"]
    assert feed.entries[0].published.startswith("2017-03-22")
    assert [a.name for a in feed.entries[0].authors] == [
        "Center for Exchange & Solidarity (CIS)",
        "Committee in Solidarity with the People of El Salvador (CISPES)",
    ]
    assert feed.entries[1].summary == "Press release by CISPES and Voices on the Border, San Salvador, El Salvador, 19 January 2016."
    assert feed.feed.updated.startswith("2017-03-22")

    voices = feedparser.parse((app.outdir / "feeds/signatories/voices.xml").read_bytes())
    assert voices.bozo == 0
    assert [e.link for e in voices.entries] == [BASE + ENGLISH + ".html"]
    assert "Voices on the Border" in voices.feed.title
    cis = feedparser.parse((app.outdir / "feeds/signatories/cis.xml").read_bytes())
    assert [e.title for e in cis.entries] == [SPANISH_TITLE]

    page = soup(app, ENGLISH)
    alternate = page.find("link", rel="alternate", type="application/atom+xml")
    assert alternate["href"] == "../../feeds/atom.xml"
    signatories = soup(app, "source/signatories")
    hrefs = [link["href"] for link in signatories.find_all("link", rel="alternate")]
    assert hrefs == ["../feeds/atom.xml", "../feeds/signatories/cispes.xml", "../feeds/signatories/voices.xml", "../feeds/signatories/cis.xml"]


@pytest.mark.sphinx("html", testroot="publishing")
def test_open_data_parses_back(app):
    app.build()
    data = json.loads((app.outdir / "data/statements.json").read_text(encoding="utf-8"))
    assert list(data["columns"]) == list(opendata.COLUMNS)
    rows = data["statements"]
    assert [r["id"] for r in rows] == ["2016-01-19-first", "2017-03-22-alto-a-la-mineria"]
    spanish = rows[1]
    assert spanish["title"] == SPANISH_TITLE
    assert spanish["signatory_ids"] == "cis; cispes"
    assert spanish["language"] == "es" and spanish["kind"] == "open letter"
    assert spanish["url"] == BASE + SPANISH + ".html"
    assert rows[0]["date_as_printed"] == "January 19, 2015" and rows[0]["note"] == "Filed under 2016."

    with open(app.outdir / "data/statements.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == list(opendata.COLUMNS)
    assert [{k: str(v) for k, v in row.items()} for row in rows] == table

    page = soup(app, "source/open-data")
    links = [a["href"] for a in page.select("ul.open-data-files a")]
    assert links == ["../data/statements.json", "../data/statements.csv"]
    documented = [code.get_text() for code in page.select("table.open-data-columns tbody tr td:first-child code")]
    assert documented == list(opendata.COLUMNS)


@pytest.mark.sphinx("html", testroot="publishing")
def test_sitemap_open_graph_and_404(app):
    app.build()
    tree = ElementTree.parse(app.outdir / "sitemap.xml")
    locs = [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert BASE + SPANISH + ".html" in locs and BASE + "source/index.html" in locs
    assert not any("404" in loc for loc in locs)
    assert all(loc.startswith(BASE) for loc in locs)

    page = soup(app, SPANISH)
    og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    assert og["og:title"] == SPANISH_TITLE
    assert og["og:type"] == "article"
    assert og["og:url"] == BASE + SPANISH + ".html"
    assert og["og:locale"] == "es"
    assert og["article:published_time"] == "2017-03-22"
    assert og["og:description"] == "Open letter by CIS and CISPES, San Salvador, El Salvador, 22 March 2017."
    home = soup(app, "source/index")
    assert {m["property"]: m["content"] for m in home.find_all("meta", property=True)}["og:type"] == "website"

    not_found = (app.outdir / "404.html").read_text(encoding="utf-8")
    assert '<head><base href="https://archive.example.org/source/" />' in not_found
    assert "Page not found" in not_found


@pytest.mark.sphinx("html", testroot="publishing")
def test_reading_comfort(app):
    app.build()
    assert soup(app, SPANISH).html["lang"] == "es"
    assert soup(app, ENGLISH).html["lang"] == "en"
    page = soup(app, SPANISH)
    prints = [link for link in page.find_all("link", rel="stylesheet") if "print.css" in link["href"]]
    assert len(prints) == 1 and prints[0]["media"] == "print"
    css = (app.outdir / "_static/print.css").read_text(encoding="utf-8")
    hidden = re.search(r"([^{}]*)\{\s*display:\s*none", css).group(1)
    for navigation in (".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".prev-next-area", ".bd-footer"):
        assert navigation in hidden
    assert ".statement-header" in css and ".cite-box" in css and "a.paragraph-number" in css


def test_screen_styles_take_colours_from_the_theme(repo):
    """Dark mode: every colour in the package's screen stylesheets is a theme variable."""
    sheets = sorted((repo / "solidarity_archive/html/static").glob("*.css"))
    screen = [sheet for sheet in sheets if sheet.name != "print.css"]
    assert any(sheet.name == "archive.css" for sheet in screen)
    for sheet in screen:
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        css = re.sub(r"@media\s+print\s*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
        declarations = re.findall(r"(?:^|[;{\s])((?:background(?:-color)?|color|border[a-z-]*|outline|box-shadow|fill|stroke)\s*:[^;}]*)", css)
        for declaration in declarations:
            # A literal colour is allowed only as a var() fallback.
            outside_vars = re.sub(r"var\(--[a-z0-9-]+(?:,[^()]*)?\)", "var()", declaration)
            assert not re.search(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(|\b(?:white|black)\b", outside_vars), f"{sheet.name}: {declaration}"
            if re.search(r"color|background", declaration.split(":")[0]):
                assert "var(--pst-" in declaration or re.search(r":\s*(?:none|transparent|inherit|currentColor)", declaration), f"{sheet.name}: {declaration}"


@pytest.mark.sphinx("epub", testroot="publishing")
def test_epub_has_no_web_outputs(app):
    app.build()
    assert app.warning.getvalue() == ""
    for web_only in ("feeds/atom.xml", "data/statements.json", "sitemap.xml", "404.html"):
        assert not (app.outdir / web_only).exists()


@pytest.mark.sphinx("html", testroot="publishing", parallel=2)
@pytest.mark.slow
def test_parallel_build_gives_the_same_outputs(app, tmp_path):
    app.build()
    assert app.warning.getvalue() == ""
    from sphinx.testing.util import SphinxTestApp

    serial = SphinxTestApp("html", srcdir=app.srcdir, builddir=tmp_path / "serial")
    try:
        serial.build()
    finally:
        serial.cleanup()
    for output in ("feeds/atom.xml", "feeds/signatories/cispes.xml", "data/statements.json", "data/statements.csv", "sitemap.xml"):
        assert (app.outdir / output).read_bytes() == (serial.outdir / output).read_bytes(), output


def test_open_graph_values_are_escaped():
    tags = open_graph_tags(title='A "quoted" <title>', site_name="S & S", description="x' onload='y")
    assert '"A &#34;quoted&#34; &lt;title&gt;"' in tags
    assert "S &amp; S" in tags
    assert "onload='y" not in tags
    assert with_base("<html><head><meta></head>", 'https://e.org/"x/') == '<html><head><base href="https://e.org/&#34;x/" /><meta></head>'
