"""Layout as Chromium draws it: the statement header on a phone, the search page in the theme's frame."""

from __future__ import annotations

import re

import pytest
from browser import browser, browser_required, serve

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
