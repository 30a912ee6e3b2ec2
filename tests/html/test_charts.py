"""Statements per year: inline SVG charts on the home, signatory, place and country pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from browser import browser, browser_required, serve
from bs4 import BeautifulSoup

from solidarity_archive.core.languages import month_names
from solidarity_archive.formats.charts import BAR, GAP, LABEL_GAP, label_width, month_chart, year_chart

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


def labels(markup: str, kind: str = "statement-chart-year") -> list[tuple[float, str, float]]:
    """Each label of a chart: its middle, text and font size, in the chart's units."""
    root = ET.fromstring(markup)
    return [(float(t.get("x")), t.text, float(t.get("font-size"))) for t in root.iter(f"{SVG}text") if t.get("class") == kind]


def apart(found: list[tuple[float, str, float]]) -> bool:
    """No two labels' widest boxes meet (the chart scales as a whole, so this holds at every width)."""
    return all(b[0] - a[0] >= (label_width(a[1], a[2]) + label_width(b[1], b[2])) / 2 + LABEL_GAP for a, b in zip(found, found[1:], strict=False))


def test_year_labels_never_meet_and_the_newest_is_labelled():
    five = labels(year_chart({year: 1 for year in range(2013, 2018)}, lambda year: None, "c"))
    assert [text for _, text, _ in five] == ["2013", "2015", "2017"]
    assert apart(five)
    ten = labels(year_chart({year: 1 for year in range(2008, 2018)}, lambda year: None, "c"))
    assert [text for _, text, _ in ten] == ["2009", "2011", "2013", "2015", "2017"] and apart(ten)
    thirty = labels(year_chart({year: 3 for year in range(1996, 2026)}, lambda year: None, "c"))
    assert [text for _, text, _ in thirty] == ["2000", "2005", "2010", "2015", "2020", "2025"] and apart(thirty)
    # The first and last labels stay inside the chart.
    assert five[0][0] - label_width("2013") / 2 >= 0


def test_counts_of_four_digits_shrink_to_their_bar():
    counts = labels(year_chart({2001: 1200, 2002: 1300, 2003: 900}, lambda year: None, "c"), "statement-chart-count")
    assert all(label_width(text, size) <= BAR + GAP - LABEL_GAP for _, text, size in counts)
    assert apart(counts)


@pytest.mark.parametrize(("language", "may"), [("en", "May 2010"), ("es", "mayo de 2010")])
def test_a_year_charted_by_month_in_the_interface_language(language, may):
    narrow, names = month_names(2010, language)
    assert len(narrow) == 12 and names[4] == may
    assert month_chart(2010, {5: 3}, narrow, names, "c") == ""  # one month: one bar says nothing
    markup = month_chart(2010, {1: 1, 5: 2}, narrow, names, "c")
    found = labels(markup)
    assert [text for _, text, _ in found] == narrow and apart(found)
    soup = BeautifulSoup(markup, "html.parser")
    assert [[cell.get_text() for cell in row.select("th, td")] for row in soup.select("tbody tr")] == [[names[0], "1"], [may, "2"]]
    assert bars(soup) == [f"{names[0]}: 1 statement", f"{may}: 2 statements"]
    assert soup.select_one("svg title").get_text() == "Statements per month, 2010"


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


@pytest.fixture(scope="module")
def terms_site(rootdir, tmp_path_factory):
    """The search test archive with CARSI mentioned in 2014 too, and a term of one statement: Cabañas."""
    from browser import build_site

    def prepare(srcdir):
        glossary = srcdir / "source/glossary.md"
        glossary.write_text(glossary.read_text(encoding="utf-8").replace("```\n", "\nCabañas\n  A department of El Salvador.\n```\n", 1), encoding="utf-8")
        (srcdir / "statements/2014/2014-02-03-carsi.md").write_text(
            "---\ntitle: CARSI again\ndate: 2014-02-03\nplace: Washington, United States\nsignatories:\n  - voices\n"
            "language: en\nkind: press release\n---\n\nCARSI funded the police.\n",
            encoding="utf-8",
        )

    return build_site(rootdir, tmp_path_factory, "search", prepare=prepare, strict=True)


def test_a_glossary_term_has_a_chart_when_its_statements_span_years(terms_site):
    glossary = soup_of(terms_site / "source/glossary.html")
    carsi, cabanas = glossary.select(".glossary-backlinks")
    assert len(carsi.select(".statement-list li")) == 2 and len(cabanas.select(".statement-list li")) == 1
    # CARSI's statements span 2014 to 2016: a chart of its years, its counts those of its list.
    chart = carsi.find_previous_sibling("figure", class_="statement-chart")
    assert bars(chart) == ["2014: 1 statement", "2016: 1 statement"]
    # Cabañas, in one statement of one year, would have a one-bar chart: it has none.
    assert cabanas.find_previous_sibling("figure", class_="statement-chart") is None
    assert len(glossary.select("dd > figure.statement-chart")) == 1


def test_the_epub_front_matter_says_where_the_online_archive_is(archive_epub):
    import zipfile

    with zipfile.ZipFile(archive_epub) as book:
        home = BeautifulSoup(book.read("source/index.xhtml").decode("utf-8"), "html.parser")
    notice = home.select_one("p.online-archive")
    assert notice is not None
    assert notice.a["href"] == "https://statements-archive.example.org/"
    assert "kept online at https://statements-archive.example.org/" in notice.get_text()
