"""``make html-bilingual``: both interfaces as one site; a reader follows the language switcher.

Chromium opens the site's root in a Spanish-speaking browser, lands on the
Spanish interface, goes to a statement and follows the switcher to the same
statement in the English interface.
"""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from browser import browser_required, chromium_path, serve

from solidarity_archive.html.bilingual import twin_uri, write_root

pytestmark = browser_required()

INTERFACES = ["en", "es"]
STATEMENT = "statements/2016/2016-01-19-justice-for-migrants.html"


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory) -> Path:
    from sphinx.testing.util import SphinxTestApp

    site = tmp_path_factory.mktemp("bilingual") / "site"
    srcdir = tmp_path_factory.mktemp("bilingual-src") / "src"
    shutil.copytree(rootdir / "test-translations", srcdir)
    for language in INTERFACES:
        warnings = StringIO()
        app = SphinxTestApp(
            "html",
            srcdir=srcdir,
            builddir=srcdir / "_build" / language,
            confoverrides={"language": language, "archive_interfaces": INTERFACES},
            warning=warnings,
            status=StringIO(),
        )
        try:
            app.build()
        finally:
            app.cleanup()
        assert warnings.getvalue() == ""
        shutil.copytree(app.outdir, site / language)
    write_root(site, INTERFACES)
    return site


def test_twin_addresses():
    assert twin_uri("index.html", "es") == "../es/index.html"
    assert twin_uri("statements/2016/x.html", "en") == "../../../en/statements/2016/x.html"


def test_the_root_opens_the_browsers_language_and_the_switcher_leads_to_the_same_page(site):
    from playwright.sync_api import sync_playwright

    with serve(site) as url, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"], headless=True)
        try:
            context = chromium.new_context(locale="es-SV")
            page = context.new_page()
            page.goto(url)
            page.wait_for_url(f"{url}es/**")
            assert page.locator("html").get_attribute("lang") == "es"
            page.goto(f"{url}es/{STATEMENT}")
            assert page.locator(".statement-header dt.date").inner_text().rstrip(":") == "Fecha"
            switcher = page.locator("nav.interface-switcher")
            assert switcher.get_attribute("aria-label") == "Idioma de la interfaz"
            switcher.get_by_role("link", name="English").click()
            page.wait_for_url(f"{url}en/{STATEMENT}")
            assert page.locator(".statement-header dt.date").inner_text().rstrip(":") == "Date"
            assert page.locator("nav.interface-switcher .interface-current").inner_text() == "English"
            # And back, from the English interface.
            page.locator("nav.interface-switcher").get_by_role("link", name="Español").click()
            page.wait_for_url(f"{url}es/{STATEMENT}")

            english = chromium.new_context(locale="en-US").new_page()
            english.goto(url)
            english.wait_for_url(f"{url}en/**")
        finally:
            chromium.close()


def test_without_script_the_root_offers_a_link_per_interface(site):
    root = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="en/index.html" hreflang="en" lang="en">English</a>' in root
    assert '<a href="es/index.html" hreflang="es" lang="es">Español</a>' in root


def test_each_interface_has_its_own_public_address(site):
    page = (site / "es" / STATEMENT).read_text(encoding="utf-8")
    assert f'rel="canonical" href="https://archive.example.org/es/{STATEMENT}"' in page
