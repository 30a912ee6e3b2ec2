"""The real archive: the first statement's glossary links, index entries and pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

SEED_ID = "2016-01-19-us-organizations-demand-justice"
SEED = f"statements/2016/{SEED_ID}"


@pytest.fixture(scope="module")
def site(archive_html):
    return archive_html


def soup_of(site, page):
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_seed_links_each_term_once(site):
    page = soup_of(site, f"{SEED}.html")
    anchors = [a["href"].split("#")[1] for a in page.select(".statement-text a, .statement-terms a") if "glossary.html#" in a["href"]]
    for term in ("CARSI", "Alliance-for-Prosperity", "Southern-Border-Plan", "Northern-Triangle", "War-on-Drugs"):
        assert anchors.count(f"term-{term}") == 1, term
    assert len(anchors) == len(set(anchors))


def test_carsi_entry_lists_the_seed(site):
    glossary = soup_of(site, "source/glossary.html")
    entry = glossary.find(id="term-CARSI").find_next_sibling("dd")
    assert [a["href"] for a in entry.select(".glossary-backlinks a")] == [f"../{SEED}.html"]


def test_general_index_leads_to_the_pages_listing_the_seed(site):
    genindex = soup_of(site, "genindex.html")
    for name, page in (
        ("CISPES", "signatory/cispes.html"),
        ("CARSI", "source/glossary.html"),
        ("San Salvador, El Salvador", "place/san-salvador-el-salvador.html"),
    ):
        item = next(li for li in genindex.select("table.indextable li") if li.contents and li.contents[0].get_text().strip(" ,\n") == name)
        assert {a["href"].split("#")[0] for a in item.select("a")} == {page}, name


def test_signatory_pages_list_the_seed(site):
    for signatory in ("cispes", "sister-cities", "share", "rumhes", "voices", "cis"):
        links = [a["href"] for a in soup_of(site, f"signatory/{signatory}.html").select("ul.statement-list a")]
        assert links == [f"../{SEED}.html"], signatory


def test_objects_inv_lists_the_seed(site):
    with open(site / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    assert inventory["statement:statement"][SEED_ID].uri == f"{SEED}.html"
