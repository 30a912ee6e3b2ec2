"""The cite box in a browser: copy buttons copy the reference; a paragraph number gives its pin cite."""

from __future__ import annotations

import pytest
from browser import browser, browser_required, build_site, serve

pytestmark = browser_required()

PAGE = "statements/2016/2016-01-19-hostile.html"


@pytest.fixture(scope="module")
def site_url(rootdir, tmp_path_factory):
    with serve(build_site(rootdir, tmp_path_factory, "cite")) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(site_url):
    with browser() as context:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        yield context


@pytest.fixture
def page(chromium, site_url):
    page = chromium.new_page()
    page.goto(site_url + PAGE)
    yield page
    page.close()


def test_copy_button_copies_the_reference(page):
    reference = page.locator(".cite-box .cite-reference").nth(1).inner_text()
    page.locator(".cite-box button.cite-copy").nth(1).click()
    assert page.evaluate("navigator.clipboard.readText()") == reference
    assert "[Open letter, dated January 19, 2015]" in reference
    assert page.locator(".cite-box button.cite-copy").nth(1).inner_text() == "Copied"


def test_paragraph_number_shows_and_copies_its_pin_cite(page):
    page.locator('a.paragraph-number[href="#p4"]').click()
    assert page.url.endswith("#p4")
    panel = page.locator(".pin-cite")
    assert panel.count() == 1
    text = panel.locator("span").inner_text()
    assert ", ¶ 4, " in text
    assert text.startswith('Org "Quoted" & {Braced} 100% \\ Back </script>')
    assert text.endswith(", ¶ 4, https://archive.example.org/statements/2016/2016-01-19-hostile.html#p4.")
    panel.locator("button").click()
    assert page.evaluate("navigator.clipboard.readText()") == text
    # Another number replaces the panel.
    page.locator('a.paragraph-number[href="#p2"]').click()
    assert page.locator(".pin-cite").count() == 1
    assert ", ¶ 2, " in page.locator(".pin-cite span").inner_text()
