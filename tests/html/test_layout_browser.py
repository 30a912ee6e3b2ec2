"""Layout as Chromium draws it: the statement header on a phone, the search page in the theme's frame,
and every page type in both interfaces at a desktop's and a phone's width: one search control, the
archive's name in sight, charts whose labels never overlap, search results that use the page's width."""

from __future__ import annotations

import re

import pytest
from browser import browser, browser_required, build_site, serve, watched_tab, words

pytestmark = browser_required()

SEED = "statements/2016/2016-01-19-us-organizations-demand-justice.html"


@pytest.fixture(scope="module")
def site(archive_html):
    with serve(archive_html) as url:
        yield url


@pytest.fixture(scope="module")
def context(site):
    with browser() as chromium:
        yield chromium


@pytest.fixture
def page(context):
    tab = context.new_page()
    yield tab
    tab.close()


def luminance(css_colour: str) -> float:
    red, green, blue = (float(v) for v in re.findall(r"[\d.]+", css_colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.parametrize("width", [320, 390])
def test_statement_header_labels_stay_whole_on_a_phone(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site + SEED)
    labels = page.eval_on_selector_all(
        ".statement-header dt",
        """labels => labels.map(dt => {
             const range = document.createRange();
             range.selectNodeContents(dt);
             return {text: dt.textContent, lines: new Set([...range.getClientRects()].map(r => Math.round(r.top))).size,
                     overflows: dt.scrollWidth > dt.clientWidth};
           })""",
    )
    assert [label["text"] for label in labels] == ["Date:", "Place:", "Signatories:", "Language:", "Kind:", "Original:"]
    for label in labels:
        assert label["lines"] == 1 and not label["overflows"], label
    # Each value has the width a label leaves it, and nothing makes the page scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    value_width = page.eval_on_selector(".statement-header dd.signatories", "dd => dd.getBoundingClientRect().width")
    assert value_width > width * 0.7


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_page_sits_in_the_theme_frame_in_both_schemes(page, site, scheme):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "source/index.html")
    home_left = page.eval_on_selector(".bd-article h1", "h => h.getBoundingClientRect().left")
    page.goto(site + "search.html?q=CARSI")
    page.wait_for_selector("#statement-search[data-status=results]")
    page.click("#statement-search-filter-panel > summary")
    page.wait_for_selector("#statement-search-filters input[type=checkbox]")
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    # The same margin as every other page's content, not against the sidebar.
    assert page.eval_on_selector("#statement-search h1", "h => h.getBoundingClientRect().left") == home_left
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    text = page.evaluate("getComputedStyle(document.body).color")
    dark = scheme == "dark"
    assert (luminance(background) < 0.2) is dark
    for control in ("#statement-search-query", "#statement-search-sort", ".statement-search-form button", "#statement-search-filters select"):
        colours = page.eval_on_selector(control, "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor, getComputedStyle(e).borderTopStyle]")
        assert colours[0] == text, (control, colours)
        assert (luminance(colours[1]) < 0.3) is dark, (control, colours)
    # The query box is the theme's own search field, with its border.
    assert page.eval_on_selector(".statement-search-box", "e => getComputedStyle(e).borderTopStyle") == "solid"
    boxes = page.eval_on_selector_all("#statement-search-filters input[type=checkbox]", "bs => bs.map(b => getComputedStyle(b).colorScheme)")
    assert boxes and set(boxes) == {scheme}


# -- every page type, both interfaces, 1280 and 390 px --------------------------------------

#: Years with a statement signed by CISPES that mentions CARSI, added to the search test archive:
#: with its own, the home page's chart spans ten years, and the glossary's term and the
#: signatory's page have a chart of several years.
ADDED_YEARS = range(2008, 2013)
PAGES = {
    "home": "source/index.html",
    "statement": "statements/2016/2016-01-19-seed.html",
    "year": "statements/2010/index.html",
    "signatory": "signatory/cispes.html",
    "place": "place/san-salvador-el-salvador.html",
    "glossary": "source/glossary.html",
    "search": "search.html?q=CARSI",
    "about": "source/about.html",
    "not found": "source/404.html",
}
#: The pages whose charts are checked, and that must have one.
CHARTED = ("home", "year", "signatory", "glossary")


def add_pages(srcdir):
    """Statements over five more years (four in 2010), an about page and a page-not-found page."""
    for year in ADDED_YEARS:
        folder = srcdir / f"statements/{year}"
        folder.mkdir()
        (folder / "index.md").write_text(f"# {year}\n\n```{{statement-year}}\n```\n", encoding="utf-8")
        (folder / f"{year}-05-01-carsi-{year}.md").write_text(
            f"---\ntitle: CARSI in {year}\ndate: {year}-05-01\nplace: San Salvador, El Salvador\n"
            "signatories:\n  - cispes\nlanguage: en\nkind: press release\n---\n\n"
            f"CARSI funded the police again in {year}.\n",
            encoding="utf-8",
        )
    for month in (1, 7, 11):  # 2010's page charts its statements per month
        (srcdir / f"statements/2010/2010-{month:02d}-15-month-{month}.md").write_text(
            f"---\ntitle: Month {month} of 2010\ndate: 2010-{month:02d}-15\nplace: Washington, United States\n"
            "signatories:\n  - voices\nlanguage: es\nkind: communiqué\n---\n\nLas comunidades defienden el agua.\n",
            encoding="utf-8",
        )
    (srcdir / "source/about.md").write_text("# About the archive\n\nWho keeps the archive, and why.\n", encoding="utf-8")
    (srcdir / "source/404.md").write_text("---\norphan: true\n---\n\n# Page not found\n\nThere is no page here.\n", encoding="utf-8")
    index = srcdir / "source/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("signatories\nglossary\n", "signatories\nglossary\nabout\n"), encoding="utf-8")


@pytest.fixture(scope="module", params=["en", "es"])
def interface(request):
    return request.param


@pytest.fixture(scope="module")
def interface_site(rootdir, tmp_path_factory, interface):
    """The search test archive with more years, an about and a not-found page, built in ``interface``."""
    with serve(build_site(rootdir, tmp_path_factory, "search", prepare=add_pages, strict=True, confoverrides={"language": interface})) as url:
        yield url


#: The search controls a reader sees on the page, each counted once: a visible text or search
#: field in a search form (role=search, or a form sent to the search page) or any visible
#: search field, counted as its form; and a visible button or link that searches (the theme's
#: search buttons, a link to the search page, or a button or link named with the interface's
#: word for search) outside such a form. A link to the search page with a query or a filter
#: (``search.html?term=CARSI``) is a search already made, a result, not a control.
SEARCH_CONTROLS = r"""word => {
  const visible = e => e.checkVisibility() && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0;
  const searchForm = e => e.closest('form[role=search], [role=search], search, form[action*="search"]');
  const controls = new Set();
  for (const input of document.querySelectorAll('input')) {
    const type = (input.getAttribute('type') || 'text').toLowerCase();
    if (!visible(input) || !['search', 'text'].includes(type)) continue;
    if (type === 'search' || searchForm(input)) controls.add(searchForm(input) || input);
  }
  for (const button of document.querySelectorAll('button, a[href], [role=button]')) {
    if (!visible(button) || searchForm(button)) continue;
    const name = (button.getAttribute('aria-label') || button.getAttribute('title') || button.textContent).trim();
    const searches = button.matches('.search-button, .search-button__button, .search-button-field')
      || /(^|\/)search\.html(#|$)/.test(button.getAttribute('href') || '') || name === word;
    if (searches) controls.add(button);
  }
  return [...controls].map(c => c.outerHTML.slice(0, 120));
}"""

#: Each icon in sight (not hidden by ``visibility`` either, as the closed sidebar of a phone's width is, its years'
#: chevrons beside the page) and how it is drawn: the theme's stylesheet draws it with Font Awesome's web font, as
#: its ``::before``'s glyph (the archive leaves out Font Awesome's script, which would redraw it as SVG).
ICONS = """() => [...document.querySelectorAll('[class*="fa-"]')].filter(e => e.checkVisibility({visibilityProperty: true})).map(e => {
  const glyph = getComputedStyle(e, '::before');
  return {icon: [...e.classList].find(c => c.startsWith('fa-') && !['fa-solid', 'fa-lg', 'fa-fw'].includes(c)),
          width: e.getBoundingClientRect().width, glyph: glyph.content, font: glyph.fontFamily};
})"""

#: Every icon in sight that lies over the text of a field (its box within its borders and padding): the theme
#: places the search box's magnifying glass by a rule written for Font Awesome's SVG, which the font's icon matches.
ICONS_OVER_FIELDS = """() => {
  const fields = [...document.querySelectorAll('input:not([type=checkbox]):not([type=radio]), textarea, select')]
    .filter(e => e.checkVisibility({visibilityProperty: true}));
  const clashes = [];
  for (const icon of document.querySelectorAll('[class*="fa-"]')) {
    if (!icon.checkVisibility({visibilityProperty: true})) continue;
    const i = icon.getBoundingClientRect();
    for (const field of fields) {
      const f = field.getBoundingClientRect(), s = getComputedStyle(field);
      const left = f.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
      const right = f.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight);
      if (i.left < right && left < i.right && i.top < f.bottom && f.top < i.bottom)
        clashes.push(`${icon.className} over ${field.id || field.name || field.tagName}`);
    }
  }
  return clashes;
}"""

#: Every pair of labels of each chart whose boxes intersect, and every label outside its chart.
CHART_LABEL_CLASHES = """() => [...document.querySelectorAll('svg.statement-chart-svg')].flatMap((svg, n) => {
  const chart = svg.getBoundingClientRect();
  const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
  const clashes = [];
  boxes.forEach(([text, box], i) => {
    if (box.left < chart.left - 0.5 || box.right > chart.right + 0.5) clashes.push(`chart ${n}: ${text} outside`);
    boxes.slice(i + 1).forEach(([other, o]) => {
      if (box.left < o.right && o.left < box.right && box.top < o.bottom && o.top < box.bottom)
        clashes.push(`chart ${n}: ${text} over ${other}`);
    });
  });
  return clashes;
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_type_has_one_search_control_its_name_and_clear_charts(context, interface_site, interface, width):
    search = words(interface)("Search")
    with watched_tab(context) as tab:
        tab.set_viewport_size({"width": width, "height": 900})
        for kind, path in PAGES.items():
            tab.goto(interface_site + path)
            if kind == "search":
                tab.wait_for_selector("#statement-search[data-status=results]")
            tab.wait_for_load_state("load")
            controls = tab.evaluate(SEARCH_CONTROLS, search)
            assert len(controls) == 1, (kind, controls)
            # The archive's name, whole and in sight at the page's top, at every width.
            name = tab.locator(".bd-header .navbar-brand .logo__title")
            assert name.is_visible(), kind
            assert "Test archive" in name.inner_text()
            box = name.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] < 100, (kind, box)
            if kind in CHARTED:
                assert tab.locator("svg.statement-chart-svg").count() >= 1, kind
                tab.wait_for_function("document.fonts.status === 'loaded'")
                assert tab.evaluate(CHART_LABEL_CLASHES) == [], kind
            # Nothing makes the page scroll sideways.
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, kind
            # Every icon in sight is drawn, by the font.
            tab.evaluate("document.fonts.ready.then(() => true)")
            icons = tab.evaluate(ICONS)
            assert {"fa-magnifying-glass", "fa-bars"} <= {icon["icon"] for icon in icons}, (kind, icons)
            for icon in icons:
                assert icon["width"] > 0 and icon["glyph"].startswith('"') and "Font Awesome" in icon["font"], (kind, icon)
            assert tab.evaluate("""document.fonts.check('900 1em "Font Awesome 7 Free"')"""), kind
            assert tab.locator("svg.svg-inline--fa").count() == 0, kind
            # No icon hides what is typed in a field (the search page's box holds its query).
            assert tab.evaluate(ICONS_OVER_FIELDS) == [], kind
        assert tab.problems == []
        assert not [path for path in tab.requested if path.endswith("/fontawesome.js")]
        assert any(path.endswith("/fa-solid-900.woff2") for path in tab.requested)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_use_the_page_width_with_the_filters_beside_them(context, interface_site, scheme):
    with watched_tab(context) as tab:
        tab.emulate_media(color_scheme=scheme)
        tab.set_viewport_size({"width": 1280, "height": 900})
        tab.goto(interface_site + "search.html?q=CARSI")
        tab.wait_for_selector("#statement-search[data-status=results]")
        main = tab.eval_on_selector(".bd-main", "e => e.getBoundingClientRect().width")
        results = tab.eval_on_selector("#statement-search-results", "e => e.getBoundingClientRect()")
        filters = tab.eval_on_selector(".statement-search-filters", "e => e.getBoundingClientRect()")
        assert results["width"] >= 0.6 * main, (results, main)
        assert filters["right"] <= results["left"] and filters["top"] < results["bottom"]  # beside
        # The filters open, their fields in sight: no icon over the text of one of them, or of the query's box.
        tab.click("#statement-search-filter-panel > summary")
        tab.wait_for_selector("#statement-search-filters input[type=checkbox]")
        assert tab.locator("#statement-search-filters select:visible").count() >= 2
        assert tab.evaluate(ICONS_OVER_FIELDS) == []
        tab.set_viewport_size({"width": 390, "height": 900})
        results = tab.eval_on_selector("#statement-search-results", "e => e.getBoundingClientRect()")
        filters = tab.eval_on_selector(".statement-search-filters", "e => e.getBoundingClientRect()")
        assert filters["bottom"] <= results["top"]  # above
        tab.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        assert tab.evaluate(ICONS_OVER_FIELDS) == []
        assert tab.problems == []
