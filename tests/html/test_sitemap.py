"""The sitemap lists every public page with its lastmod, and is valid by the sitemaps.org schema;
a signatory's feed leads to the signatory's page, which offers the feed."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from bs4 import BeautifulSoup
from checkers import SITEMAP_XSD, node_tool
from lxml import etree

from solidarity_archive.core.model import Place, Source, Statement
from solidarity_archive.formats.web import (
    newest_lastmod,
    sitemap_xml,
    statement_lastmod,
)

BASE = "https://archive.example.org/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FIRST, SECOND = "2016-01-19", "2017-03-22"
#: Every public page of the test archive, with its lastmod.
EXPECTED = {
    "statements/2016/2016-01-19-first.html": FIRST,
    "statements/2017/2017-03-22-alto-a-la-mineria.html": SECOND,
    "statements/2016/index.html": FIRST,
    "statements/2017/index.html": SECOND,
    "source/index.html": SECOND,
    "source/signatories.html": SECOND,
    "source/open-data.html": SECOND,
    "signatory/cispes.html": SECOND,
    "signatory/voices.html": FIRST,
    "signatory/cis.html": SECOND,
    "place/san-salvador-el-salvador.html": SECOND,
    "country/el-salvador.html": SECOND,
}
#: Written, but not pages a search engine should list.
NOT_LISTED = {"index.html", "404.html", "source/404.html", "search.html", "genindex.html"}


def sitemap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(node_tool(SITEMAP_XSD))))


@pytest.mark.sphinx("html", testroot="publishing")
def test_sitemap_lists_every_public_page_with_its_lastmod(app):
    app.build()
    assert app.warning.getvalue() == ""
    document = etree.parse(str(app.outdir / "sitemap.xml"))
    schema = sitemap_schema()
    assert schema.validate(document), schema.error_log
    listed = {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS) for url in document.getroot().findall("s:url", NS)}
    assert listed == {BASE + page: lastmod for page, lastmod in EXPECTED.items()}
    # Every page listed is written, and every page written is listed or knowingly left out.
    written = {path.relative_to(app.outdir).as_posix() for path in app.outdir.rglob("*.html") if "_static" not in path.relative_to(app.outdir).parts}
    assert set(EXPECTED) <= written
    assert written - set(EXPECTED) == NOT_LISTED


def test_sitemap_schema_refuses_what_it_should():
    """The schema check can fail: a lastmod that is no date, an address too short."""
    schema = sitemap_schema()
    good = etree.fromstring(sitemap_xml([("https://e.org/a.html", dt.date(2016, 1, 19)), ("https://e.org/b.html", None)]))
    assert schema.validate(good), schema.error_log
    for bad in (
        sitemap_xml([("https://e.org/a.html", None)]).replace(b"</loc>", b"</loc><lastmod>19 January 2016</lastmod>"),
        sitemap_xml([("x", None)]),
    ):
        assert not schema.validate(etree.fromstring(bad))


def test_lastmod_is_a_statements_latest_date():
    def statement(day: int, **extra) -> Statement:
        return Statement(
            id=f"2017-03-{day:02d}-s",
            docname=f"statements/2017/2017-03-{day:02d}-s",
            title="T",
            date=dt.date(2017, 3, day),
            place=Place("San Salvador", "El Salvador"),
            signatories=("cis",),
            language="es",
            **extra,
        )

    plain = statement(1)
    retrieved = statement(2, source=Source(url="https://e.org/a", retrieved=dt.date(2018, 5, 6)))
    assert statement_lastmod(plain) == dt.date(2017, 3, 1)
    assert statement_lastmod(retrieved) == dt.date(2018, 5, 6)
    assert newest_lastmod([plain, retrieved]) == dt.date(2018, 5, 6)
    assert newest_lastmod([]) is None


@pytest.mark.sphinx("html", testroot="publishing")
def test_signatory_feed_leads_to_the_signatory_page(app):
    app.build()
    voices = feedparser.parse((app.outdir / "feeds/signatories/voices.xml").read_bytes())
    assert voices.bozo == 0
    alternates = [link.href for link in voices.feed.links if link.rel == "alternate"]
    assert alternates == [BASE + "signatory/voices.html"]
    main = feedparser.parse((app.outdir / "feeds/atom.xml").read_bytes())
    assert [link.href for link in main.feed.links if link.rel == "alternate"] == [BASE + "source/index.html"]
    # The signatory's page offers its feed, after the archive's.
    page = BeautifulSoup((app.outdir / "signatory/voices.html").read_text(encoding="utf-8"), "html.parser")
    feeds = [link["href"] for link in page.find_all("link", rel="alternate", type="application/atom+xml")]
    assert feeds == ["../feeds/atom.xml", "../feeds/signatories/voices.xml"]


def test_real_archive_sitemap_lists_its_signatory_place_and_country_pages(archive_html):
    document = etree.parse(str(archive_html / "sitemap.xml"))
    schema = sitemap_schema()
    assert schema.validate(document), schema.error_log
    base = "https://statements-archive.example.org/"
    listed = {loc.text.removeprefix(base) for loc in document.getroot().iterfind("s:url/s:loc", NS)}
    facet_pages = {path.relative_to(archive_html).as_posix() for folder in ("signatory", "place", "country") for path in (archive_html / folder).glob("*.html")}
    assert len(facet_pages) >= 8
    assert facet_pages <= listed
    assert "statements/2016/2016-01-19-us-organizations-demand-justice.html" in listed
