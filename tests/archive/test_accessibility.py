"""Every page type of the real archive, in Chromium, checked by axe-core and the Nu Html Checker.

Each page is opened in the light and the dark colour scheme (the theme
follows the system's, as a reader's browser tells it), 1280 and 390 pixels
wide. axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) checks it as shown; the page's
DOM after its scripts ran is saved and given to the Nu Html Checker, as are
the files as written. One build (the session's); one browser and one pass over
the pages for each colour scheme, two tests that parallel workers share.
"""

from __future__ import annotations

import mimetypes
import runpy
from urllib.parse import urlsplit

import pytest
from browser import browser, browser_required, serve
from checkers import (
    REPO,
    axe_check,
    describe_violations,
    install_axe,
    vnu_messages,
    vnu_problems,
)

pytestmark = browser_required()

SEED = "statements/2016/2016-01-19-us-organizations-demand-justice.html"
#: Every page type: its name, its address in the site.
PAGES = {
    "home": "source/index.html",
    "statement": SEED,
    "statement at ¶ 4": SEED + "#p4",
    "search": "search.html",
    "search with a query and filters": "search.html?q=CARSI&signatory=Voices+on+the+Border&from=2016&to=2016",
    "glossary": "source/glossary.html",
    "signatories": "source/signatories.html",
    "a signatory": "signatory/voices.html",
    "places": "source/places.html",
    "a place": "place/san-salvador-el-salvador.html",
    "a country": "country/el-salvador.html",
    "year": "statements/2016/index.html",
    "cite": "source/cite.html",
    "open data": "source/open-data.html",
    "about": "source/about.html",
    "index": "genindex.html",
    "404": "404.html",
}
SCHEMES = ("light", "dark")
WIDTHS = (1280, 390)
SETTLED = "#statement-search[data-status=results], #statement-search[data-status=idle]"


@pytest.fixture(scope="module", params=SCHEMES)
def visits(request, archive_html, tmp_path_factory):
    """Each page in one scheme (the fixture's parameter: two passes, which parallel workers share) at each
    width: axe-core's results, and the DOM saved after scripts ran."""
    scheme = request.param
    base_url = runpy.run_path(str(REPO / "conf.py"))["archive_base_url"]
    doms = tmp_path_factory.mktemp(f"dom-{scheme}")
    results = {}
    with serve(archive_html) as site, browser() as context:
        # The root 404 page loads its styles from the public address (<base href>): served from the build.
        def public(route) -> None:
            path = archive_html / urlsplit(route.request.url).path.lstrip("/")
            if path.is_file():
                route.fulfill(body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")
            else:
                route.fulfill(status=404, body="")

        context.route(base_url + "**", public)
        install_axe(context)
        page = context.new_page()
        page.emulate_media(color_scheme=scheme)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for name, address in PAGES.items():
                if page.url.split("#")[0] == (site + address).split("#")[0]:
                    page.goto("about:blank")  # a new document, not a jump within the last one to its #fragment
                page.goto(site + address)
                page.wait_for_load_state("load")
                if address.startswith("search.html"):
                    page.wait_for_selector(SETTLED, timeout=30_000)
                if "#p" in address:
                    # The pin cite a paragraph number opens is checked too.
                    page.click(f'a.paragraph-number[href="#{address.split("#")[1]}"]')
                    page.wait_for_selector(".pin-cite")
                # Checked as a reader sees it: once the colours' transitions (to the dark scheme) ended.
                page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
                shown = page.evaluate(
                    "() => ({theme: document.documentElement.dataset.theme, width: window.innerWidth,"
                    " results: document.querySelectorAll('.statement-search-result').length})"
                )
                dom = doms / f"{len(results):02d}.html"
                dom.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8")
                results[(name, scheme, width)] = {"axe": axe_check(page), "shown": shown, "dom": dom}
    assert len(results) == len(PAGES) * len(WIDTHS)
    return results


def test_every_page_passes_axe_core_and_the_nu_html_checker(visits):
    """One test for each pass over the pages (a colour scheme's), so that parallel workers do not each make it."""
    axe_found = {}
    for (name, scheme, width), visit in visits.items():
        # The page was shown as meant: in its scheme, at its width, with its search results.
        assert visit["shown"]["theme"] == scheme, (name, scheme)
        assert visit["shown"]["width"] == width, (name, width)
        if name == "search with a query and filters":
            assert visit["shown"]["results"] == 1, (name, scheme, width)
        # axe-core ran its WCAG rules there.
        assert len(visit["axe"]["passes"]) > 10, (name, scheme, width)
        lines = describe_violations(visit["axe"]["violations"])
        if lines:
            axe_found[f"{name}, {scheme}, {width} px"] = lines
    # The DOM after the page's scripts ran, as the Nu Html Checker reads it.
    doms = {visit["dom"]: key for key, visit in visits.items()}
    root = next(iter(doms)).parent
    vnu_found = [f"{doms[root / line.split(':', 1)[0]]}: {line}" for line in vnu_problems(vnu_messages(sorted(doms)), root)]
    assert {"axe-core": axe_found, "Nu Html Checker": vnu_found} == {"axe-core": {}, "Nu Html Checker": []}


def test_nu_html_checker_accepts_every_page_as_written(archive_html):
    pages = sorted(path for path in archive_html.rglob("*.html") if "_static" not in path.relative_to(archive_html).parts)
    assert len(pages) >= len(PAGES)
    assert vnu_problems(vnu_messages(pages), archive_html) == []


def test_the_checkers_do_report_what_they_exist_to_report(tmp_path):
    """A page with an image without text and an empty form action: both checkers say so."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><main><h1></h1><img src="x.png"><form action=""><input name="q"></form></main></body></html>',
        encoding="utf-8",
    )
    problems = vnu_problems(vnu_messages([bad]), tmp_path)
    assert any("action" in line for line in problems) and any("Empty heading" in line for line in problems)
    with serve(tmp_path) as site, browser() as context:
        page = context.new_page()
        page.goto(site + "bad.html")
        rules = {violation["id"] for violation in axe_check(page)["violations"]}
    assert {"image-alt", "label"} <= rules
