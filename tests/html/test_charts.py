"""Statements per year: inline SVG charts on the home, signatory, place and country pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from browser import browser, browser_required, serve
from bs4 import BeautifulSoup

from solidarity_archive.formats.charts import year_chart

SVG = "{http://www.w3.org/2000/svg}"


def soup_of(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def bars(chart) -> list[str]:
    return [bar.find("title").get_text() for bar in chart.select("rect.statement-chart-bar")]


def test_one_statement_is_one_labelled_bar():
    markup = year_chart({2016: 1}, lambda year: f"statements/{year}/index.html", "c")
    root = ET.fromstring(markup)  # well-formed XML, as the ePub needs
    [rect] = root.iter(f"{SVG}rect")
    assert float(rect.get("height")) > 0
    assert rect.find(f"{SVG}title").text == "2016: 1 statement"
    assert root.find(f"{SVG}svg/{SVG}title").text == "Statements per year, 2016"
    counts = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "statement-chart-count"]
    assert counts == ["1"]
    soup = BeautifulSoup(markup, "html.parser")
    assert [[cell.get_text() for cell in row.select("th, td")] for row in soup.select("tbody tr")] == [["2016", "1"]]
    assert year_chart({}, lambda year: None, "c") == ""


def test_years_without_statements_keep_their_place_and_bars_scale():
    soup = BeautifulSoup(year_chart({2001: 2, 2004: 4}, lambda year: None, "c"), "html.parser")
    rects = soup.select("rect.statement-chart-bar")
    assert [rect.find("title").get_text() for rect in rects] == ["2001: 2 statements", "2004: 4 statements"]
    assert float(rects[1]["height"]) == 2 * float(rects[0]["height"])
    assert float(rects[1]["x"]) - float(rects[0]["x"]) == 3 * (float(rects[0]["width"]) + 6)
    # No link: each bar still has its name for screen readers.
    assert [g["aria-label"] for g in soup.select("g[role=img]")] == ["2001: 2 statements", "2004: 4 statements"]


def test_thirty_years_stay_small():
    markup = year_chart({year: 300 + year % 7 for year in range(1996, 2026)}, lambda y: f"../statements/{y}/index.html", "c")
    assert len(markup.encode("utf-8")) < 16_000


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    from browser import build_site

    return build_site(rootdir, tmp_path_factory, "search")


def test_home_chart_links_every_bar_to_its_year(site):
    home = soup_of(site / "source/index.html")
    [chart] = home.select("figure.statement-chart")
    assert bars(chart) == [f"{year}: 1 statement" for year in (2013, 2014, 2015, 2016, 2017)]
    links = [a["xlink:href"] for a in chart.select("svg a")]
    assert links == [f"../statements/{year}/index.html" for year in (2013, 2014, 2015, 2016, 2017)]
    for link in links:
        assert (site / "source" / link).resolve().is_file()
    assert not chart.select("script")
    assert chart.select_one("details.statement-chart-table table") is not None


def test_signatory_place_and_country_pages_have_their_chart(site):
    cispes = soup_of(site / "signatory/cispes.html").select_one("figure.statement-chart")
    assert bars(cispes) == ["2014: 1 statement", "2016: 1 statement", "2017: 1 statement"]
    share = soup_of(site / "signatory/share.html").select_one("figure.statement-chart")
    assert bars(share) == ["2015: 1 statement"]
    assert bars(soup_of(site / "place/washington-united-states.html").select_one("figure.statement-chart")) == ["2013: 1 statement"]
    assert len(bars(soup_of(site / "country/el-salvador.html").select_one("figure.statement-chart"))) == 4
    # Statement pages do not carry it.
    assert not soup_of(site / "statements/2016/2016-01-19-seed.html").select(".statement-chart")


@pytest.mark.sphinx("epub", testroot="search")
def test_the_epub_carries_the_home_chart(app):
    app.build()
    page = (app.outdir / "source/index.xhtml").read_text(encoding="utf-8")
    root = ET.fromstring(page)  # the whole page stays well-formed XHTML
    svg = next(root.iter(f"{SVG}svg"))
    assert len(list(svg.iter(f"{SVG}rect"))) == 5
    assert "statements/2016/index.xhtml" in page


@browser_required()
def test_chart_reads_in_dark_mode_and_print(site):
    with serve(site) as base, browser() as context:
        page = context.new_page()
        page.goto(base + "source/index.html")
        light = page.evaluate("getComputedStyle(document.querySelector('.statement-chart-count')).fill")
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
        dark = page.evaluate("getComputedStyle(document.querySelector('.statement-chart-count')).fill")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert light != dark and dark != background
        page.emulate_media(media="print")
        assert page.locator(".statement-chart-bar").first.is_visible()
        # Each bar is a link a keyboard reaches, named for screen readers.
        first = page.locator(".statement-chart svg a").first
        assert first.get_attribute("aria-label") == "2013: 1 statement"
        first.click()
        page.wait_for_load_state()
        assert page.url.endswith("statements/2013/index.html")


def test_a_glossary_term_has_the_chart_of_the_statements_mentioning_it(archive_html):
    glossary = soup_of(archive_html / "source/glossary.html")
    boxes = [box for box in glossary.select(".glossary-backlinks") if box.select(".statement-list li")]
    assert boxes
    for box in boxes:
        chart = box.find_previous_sibling("figure", class_="statement-chart")
        counted = sum(int(cell.get_text()) for cell in chart.select("tbody td"))
        assert counted == len(box.select(".statement-list li"))
    assert len(glossary.select("dd > figure.statement-chart")) == len(boxes)


def test_the_epub_front_matter_says_where_the_online_archive_is(archive_epub):
    import zipfile

    with zipfile.ZipFile(archive_epub) as book:
        home = BeautifulSoup(book.read("source/index.xhtml").decode("utf-8"), "html.parser")
    notice = home.select_one("p.online-archive")
    assert notice is not None
    assert notice.a["href"] == "https://statements-archive.example.org/"
    assert "kept online at https://statements-archive.example.org/" in notice.get_text()
