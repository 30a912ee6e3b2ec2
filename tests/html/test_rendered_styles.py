"""Print and dark-mode styles as Chromium renders them."""

from __future__ import annotations

import re

import pytest
from browser import browser, browser_required

pytestmark = browser_required()

SPANISH = "statements/2017/2017-03-22-alto-a-la-mineria.html"
#: What the archive adds to a statement page, and the property that carries its colour.
ADDED = {
    ".statement-header": "border-left-color",
    ".statement-note": "background-color",
    ".statement-date-as-printed": "color",
    ".statement-note .rubric": "color",
    ".statement-text a.paragraph-number": "color",
    ".cite-box .cite-heading": "color",
}
FIRST = "statements/2016/2016-01-19-first.html"


@pytest.fixture
def browser_page():
    with browser() as chromium:
        yield chromium.new_page()


def luminance(css_colour: str) -> float:
    red, green, blue = (int(v) for v in re.findall(r"[\d.]+", css_colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def styles(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).getPropertyValue('{prop}')")


@pytest.mark.sphinx("html", testroot="publishing")
def test_dark_mode_colours_every_added_element(app, browser_page):
    app.build()
    browser_page.goto((app.outdir / FIRST).as_uri())
    light = {selector: styles(browser_page, selector, prop) for selector, prop in ADDED.items()}
    browser_page.evaluate("document.documentElement.dataset.theme = 'dark'")
    dark = {selector: styles(browser_page, selector, prop) for selector, prop in ADDED.items()}
    for selector in ADDED:
        assert light[selector] != dark[selector], f"{selector} keeps its light colour in dark mode"
    # Text the archive adds stays readable: light text on the dark background.
    assert luminance(styles(browser_page, ".statement-note", "color")) > 0.6
    assert luminance(styles(browser_page, ".statement-date-as-printed", "color")) > 0.4


@pytest.mark.sphinx("html", testroot="publishing")
def test_print_shows_the_statement_without_navigation(app, browser_page):
    app.build()
    browser_page.goto((app.outdir / SPANISH).as_uri())
    browser_page.emulate_media(media="print")
    for navigation in (".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".prev-next-area", "#jb-print-toc"):
        for element in browser_page.query_selector_all(navigation):
            assert not element.is_visible(), navigation
    titles = [h1.inner_text().strip("#¶ ") for h1 in browser_page.query_selector_all("h1") if h1.is_visible()]
    assert len(titles) == 1 and titles[0].startswith("Alto a la minería:")
    assert browser_page.is_visible(".statement-header")
    numbers = [a.inner_text() for a in browser_page.query_selector_all(".statement-text a.paragraph-number") if a.is_visible()]
    assert numbers == ["1", "2"]
    assert browser_page.is_visible(".cite-box .cite-references")
    # Dark mode on screen does not print dark.
    browser_page.evaluate("document.documentElement.dataset.theme = 'dark'")
    assert luminance(styles(browser_page, "body", "background-color")) > 0.9
    # On screen, nothing of the print stylesheet applies.
    browser_page.emulate_media(media="screen")
    assert browser_page.is_visible(".bd-sidebar-primary")
