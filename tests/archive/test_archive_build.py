"""The real archive builds strictly, as HTML and as ePub, with its first statement."""

from __future__ import annotations

import re
import zipfile

import pytest
from archive_copy import REPO, sphinx_build
from bs4 import BeautifulSoup

SEED = "statements/2016/2016-01-19-us-organizations-demand-justice"


@pytest.fixture(scope="module")
def html_build(archive_html):
    return archive_html


def test_real_archive_builds_without_warnings(html_build):
    assert (html_build / "source/index.html").is_file()
    assert (html_build / f"{SEED}.html").is_file()


def test_first_statement_page(html_build):
    soup = BeautifulSoup((html_build / f"{SEED}.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.title.get_text().startswith("US Organizations Demand Justice for Central American Migrants")
    header = soup.select_one(".statement-header")
    assert header.select_one(".statement-date").get_text() == "19 January 2016"
    assert "January 19, 2015" in header.get_text()
    assert header.select_one(".statement-place").get_text() == "San Salvador, El Salvador"
    assert len(header.select("dd.signatories a")) == 6
    text = soup.select_one(".statement-text")
    paragraphs = [p for p in text.find_all("p") if not p.find_parent("li")]
    # Each paragraph starts with its number (the pin-cite anchor).
    assert paragraphs[0].get_text().startswith("1 We, the Committee in Solidarity")
    assert len(paragraphs) == 5
    assert len(text.select("li")) == 4
    # Mastheads and closing lines are metadata, not text.
    for masthead in ("PRESS RELEASE", "Ciudades Hermanas", "January 19, 2015"):
        assert masthead not in text.get_text()
    assert "2016" in soup.select_one(".statement-note").get_text()


def test_rebuild_with_nothing_changed_succeeds(html_build):
    again = sphinx_build(REPO, "html", html_build.parent)
    assert again.returncode == 0, again.stderr


def test_site_root_leads_home(html_build):
    assert "url=source/index.html" in (html_build / "index.html").read_text(encoding="utf-8")


def test_statement_sidebar_shows_its_year_only(html_build):
    soup = BeautifulSoup((html_build / f"{SEED}.html").read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one(".bd-sidebar-primary nav")
    links = [a.get_text(strip=True) for a in nav.select("a")]
    assert "2016" in links


def test_home_lists_newest_statements_and_years(html_build):
    soup = BeautifulSoup((html_build / "source/index.html").read_text(encoding="utf-8"), "html.parser")
    newest = soup.select("ul.statement-list li a")
    assert newest[0]["href"].endswith(f"{SEED}.html")
    assert [li.get_text(" ", strip=True) for li in soup.select("ul.year-list li")] == ["2016 (1 statement)"]


def test_no_file_written_into_the_source_tree(html_build):
    untracked = [p for p in (REPO / "source").rglob("*") if p.is_file() and p.stat().st_mtime > html_build.stat().st_mtime]
    assert untracked == []


def test_epub_builds_with_statement_in_order(archive_epub):
    with zipfile.ZipFile(archive_epub) as book:
        opf = book.read("content.opf").decode()
        page = book.read(f"{SEED}.xhtml").decode()
    assert "<dc:identifier" in opf and "<dc:publisher>" in opf and "<dc:language>en</dc:language>" in opf
    assert 'class="statement-header' in page
    hrefs = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    reading_order = [hrefs[idref] for idref in re.findall(r'<itemref idref="([^"]+)"', opf)]
    assert reading_order.index("statements/2016/index.xhtml") < reading_order.index(f"{SEED}.xhtml")
