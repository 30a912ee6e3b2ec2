"""The guide for staff as Chromium draws it, in both interfaces: reached from the home page, and
every page, at 1280 and 390 pixels, without a sideways scroll, a console error or anything
axe-core (WCAG 2.0 to 2.2, A and AA) finds."""

from __future__ import annotations

import pytest
from archive_copy import REPO
from browser import browser_required, serve, watched_tab
from checkers import axe_check, describe_violations

pytestmark = browser_required()

PAGES = sorted(path.stem for path in (REPO / "source" / "guide").glob("*.md"))
TITLES = {"en": "Guide for staff", "es": "Guía para el personal"}
LINKS = {"en": "guide for staff", "es": "guía para el personal"}


@pytest.fixture(scope="module", params=["en", "es"])
def site(request, archive_html, archive_html_es):
    language = request.param
    with serve({"en": archive_html, "es": archive_html_es}[language]) as url:
        yield language, url


def test_the_home_page_leads_to_the_guide(context, site):
    language, url = site
    with watched_tab(context) as tab:
        tab.goto(url + "source/index.html")
        tab.get_by_role("article").get_by_role("link", name=LINKS[language]).click()
        tab.wait_for_url("**/source/guide/index.html")
        assert tab.get_by_role("heading", level=1, name=TITLES[language]).is_visible()
        assert tab.problems == []


@pytest.mark.parametrize("width", [1280, 390])
def test_every_guide_page_fits_the_screen_and_passes_axe_core(context, site, width):
    language, url = site
    found = {}
    with watched_tab(context) as tab:
        tab.set_viewport_size({"width": width, "height": 900})
        for name in PAGES:
            tab.goto(url + f"source/guide/{name}.html")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, (language, name)
            assert tab.locator("html").get_attribute("lang") == language
            violations = describe_violations(axe_check(tab.tab)["violations"])
            if violations:
                found[name] = violations
        assert tab.problems == []
    assert found == {}
