"""The statement and search pages by keyboard alone, in Chromium: every control the archive adds
is reached with Tab, shows a focus ring there, and works with Enter or Space."""

from __future__ import annotations

import pytest
from browser import browser, browser_required, serve

pytestmark = browser_required()

SEED = "statements/2016/2016-01-19-us-organizations-demand-justice.html"
#: What the focused element is, and whether a ring shows around it.
FOCUSED = r"""() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const opaque = (colour) => { const m = /rgba?\(([^)]*)\)/.exec(colour || ''); const v = m ? m[1].split(/[ ,\/]+/).filter(Boolean) : []; return m && (v.length < 4 || parseFloat(v[3]) >= 0.3); };
  const ringed = (element) => {
    const s = getComputedStyle(element);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && opaque(s.outlineColor);
    const shadow = s.boxShadow.split(/,(?![^(]*\))/).some((one) => {
      const lengths = (one.replace(/rgba?\([^)]*\)/, '').match(/-?[\d.]+px/g) || []).map(parseFloat);
      return opaque(one) && !one.includes('inset') && Math.max(lengths[2] || 0, lengths[3] || 0) >= 2;
    });
    return outline || shadow;
  };
  // The theme rings a search field's box (.bd-search:focus-within), not the field.
  const ring = ringed(e) || (e.parentElement.matches('.bd-search') && ringed(e.parentElement));
  return {
    key: e.id || (e.getAttribute('href') || '') + '|' + (e.value || '') + '|' + e.className + '|' + e.textContent.trim().slice(0, 40),
    archive: !!e.closest('.statement-text, .cite-box, .pin-cite, #statement-search'),
    ring: ring && e.matches(':focus-visible'),
    shown: e.getClientRects().length > 0,
  };
}"""


@pytest.fixture(scope="module")
def site(archive_html):
    with serve(archive_html) as url:
        yield url


@pytest.fixture(scope="module")
def context(site):
    with browser() as chromium:
        chromium.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
        yield chromium


@pytest.fixture
def page(context):
    tab = context.new_page()
    tab.set_viewport_size({"width": 1280, "height": 900})
    yield tab
    tab.close()


def tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus comes round again; each element focused."""
    page.focus("body")
    seen: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        settle(page)
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if seen and focused["key"] == seen[0]["key"]:
            return seen
        seen.append(focused)
    raise AssertionError(f"focus never came round in {limit} presses of Tab")


def settle(page) -> None:
    """Until the focus ring's transition has ended."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def assert_rings(focused: list[dict]) -> None:
    without = [f["key"] for f in focused if f["shown"] and not f["ring"]]
    assert without == [], "focused without a visible focus ring"


def test_statement_page_by_keyboard(page, site):
    page.goto(site + SEED)
    focused = tab_through(page)
    keys = [f["key"] for f in focused]
    numbers = [f"#p{n}|" for n in range(1, 10)]
    for number in numbers:
        assert any(key.startswith(number) for key in keys), f"paragraph number {number} not reached"
    copies = [f for f in focused if "cite-copy" in f["key"]]
    assert len(copies) == 3
    assert_rings(focused)
    assert any(f["archive"] for f in focused)

    # Enter on a paragraph number opens its pin cite; its copy button is next in reach and copies it.
    page.focus('a.paragraph-number[href="#p4"]')
    page.keyboard.press("Enter")
    page.wait_for_selector(".pin-cite")
    assert page.url.endswith("#p4")
    tab_to(page, ".pin-cite button")
    settle(page)
    assert page.evaluate(FOCUSED)["ring"]
    page.keyboard.press("Enter")
    pin = page.inner_text(".pin-cite span")
    assert ", ¶ 4, " in pin
    assert page.evaluate("navigator.clipboard.readText()") == pin

    # Space on a cite box's copy button copies its reference.
    page.focus(".cite-box button.cite-copy")
    page.keyboard.press("Space")
    page.wait_for_function("document.querySelector('.cite-box button.cite-copy').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == page.inner_text(".cite-box .cite-reference")


def test_search_page_by_keyboard(page, site):
    page.goto(site + "search.html?q=CARSI")
    page.wait_for_selector("#statement-search[data-status=results]")
    # The filter panel (closed until asked for: its counts load then) opens from the keyboard.
    page.focus("#statement-search-filter-panel > summary")
    page.keyboard.press("Enter")
    page.wait_for_selector("#statement-search-filters input[type=checkbox]")
    page.goto(site + "search.html?q=CARSI&sort=")  # afresh, focus at the top, the panel open by hand
    page.wait_for_selector("#statement-search[data-status=results]")
    page.evaluate("document.getElementById('statement-search-filter-panel').open = true")
    page.wait_for_selector("#statement-search-filters input[type=checkbox]")
    focused = tab_through(page)
    keys = [f["key"] for f in focused]
    for control in ("statement-search-query", "statement-search-sort"):
        assert control in keys
    assert any(key.endswith("statement-search-button|Search") for key in keys), "the search button"
    assert any("Filters" in key for key in keys), "the filter panel's summary"
    boxes = page.eval_on_selector_all("#statement-search-filters input[type=checkbox]", "boxes => boxes.map(b => b.value)")
    assert "Voices on the Border" in boxes
    for value in boxes:
        assert any(f"|{value}|" in key for key in keys), f"filter {value} not reached"
    years = page.locator("#statement-search-filters select").count()
    assert years == 2 and sum(1 for f in focused if "statement-search-select" in f["key"]) == years
    assert any("statement-search-title" in key for key in keys), "the result's link"
    assert_rings(focused)

    # Space ticks a filter: the search narrows and says so in its address.
    page.focus("#statement-search-filters input[value='Voices on the Border']")
    page.keyboard.press("Space")
    page.wait_for_function("document.location.search.includes('signatory=Voices')")
    page.wait_for_selector("#statement-search[data-status=results]")
    assert page.is_checked("#statement-search-filters input[value='Voices on the Border']")

    # Typing words and pressing Enter searches.
    page.focus("#statement-search-query")
    page.keyboard.press("Control+a")
    page.keyboard.type("migrants")
    page.keyboard.press("Enter")
    page.wait_for_function("new URLSearchParams(document.location.search).get('q') === 'migrants'")
    page.wait_for_selector("#statement-search[data-status=results]")
    assert page.locator(".statement-search-result").count() == 1
