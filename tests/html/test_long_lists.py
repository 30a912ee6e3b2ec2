"""Lists that grow with the archive: on the website a signatory's, place's or
country's page and a glossary entry show the newest statements and lead to the
rest through the search page with that filter set; the ePub lists them all."""

from __future__ import annotations

import shutil
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import browser, browser_required, serve
from bs4 import BeautifulSoup

from solidarity_archive.sphinx_ext.listings import FACET_SHOWN, TERM_SHOWN

MANY = FACET_SHOWN + 5
NEWEST = f"Letter number {MANY}"


def write_many(srcdir) -> None:
    """MANY more statements in 2018, all signed by Voices on the Border in Washington, all naming CARSI."""
    folder = srcdir / "statements/2018"
    folder.mkdir()
    (folder / "index.md").write_text("# 2018\n\n```{statement-year}\n```\n", encoding="utf-8")
    for n in range(1, MANY + 1):
        month, day = divmod(n - 1, 28)
        (folder / f"2018-{month + 1:02d}-{day + 1:02d}-letter-{n}.md").write_text(
            f"---\ntitle: Letter number {n}\ndate: 2018-{month + 1:02d}-{day + 1:02d}\n"
            "place: Washington, United States\nsignatories:\n  - voices\nlanguage: en\nkind: open letter\n---\n\n"
            f"We write again about CARSI and the deportations ({n}).\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def project(rootdir, tmp_path_factory):
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("long-lists") / "src"
    shutil.copytree(rootdir / "test-search", srcdir)
    write_many(srcdir)
    with open(srcdir / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('copyright = "the test signatories"\nversion = release = "1"\n')
    built = {}
    for builder in ("html", "epub"):
        app = SphinxTestApp(builder, srcdir=srcdir)
        try:
            app.build()
            assert app.warning.getvalue() == ""
            built[builder] = app.outdir
        finally:
            app.cleanup()
    return built


def listed(soup) -> list[str]:
    return [a.get_text() for a in soup.select("ul.statement-list li.statement-item a")]


def more_link(soup, page: str) -> dict:
    links = soup.select("p.statement-list-more a")
    assert len(links) == 1, page
    url = urlsplit(links[0]["href"])
    assert url.path.endswith("search.html")
    return parse_qs(url.query)


@pytest.mark.parametrize(
    ("page", "search", "total"),
    [
        ("signatory/voices.html", {"signatory": ["Voices on the Border"]}, MANY + 2),
        ("place/washington-united-states.html", {"place": ["Washington, United States"]}, MANY + 1),
        ("country/united-states.html", {"country": ["United States"]}, MANY + 1),
    ],
)
def test_a_long_facet_list_shows_the_newest_and_leads_to_the_search(project, page, search, total):
    soup = BeautifulSoup((project["html"] / page).read_text(encoding="utf-8"), "html.parser")
    titles = listed(soup)
    assert len(titles) == FACET_SHOWN and titles[0] == NEWEST
    assert more_link(soup, page) == {**search, "sort": ["newest"]}
    assert f"The newest {FACET_SHOWN} of {total} statements." in soup.select_one("p.statement-list-more").get_text()


def test_a_long_glossary_entry_shows_the_newest_and_leads_to_the_search(project):
    soup = BeautifulSoup((project["html"] / "source/glossary.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one(".glossary-backlinks")
    # The letters and the seed statement, which links the term itself ({term}`CARSI`).
    assert f"Mentioned in {MANY + 1} statements" in box.get_text()
    assert f"The newest {TERM_SHOWN} of {MANY + 1} statements." in box.get_text()
    titles = listed(box)
    assert len(titles) == TERM_SHOWN and titles[0] == NEWEST
    assert more_link(box, "glossary") == {"term": ["CARSI"], "sort": ["newest"]}


def test_a_short_list_is_whole(project):
    soup = BeautifulSoup((project["html"] / "signatory/cispes.html").read_text(encoding="utf-8"), "html.parser")
    assert listed(soup) and not soup.select("p.statement-list-more")


def test_the_epub_lists_them_all(project):
    [epub] = project["epub"].glob("*.epub")
    with zipfile.ZipFile(epub) as book:
        glossary = BeautifulSoup(book.read("source/glossary.xhtml").decode("utf-8"), "html.parser")
        signatories = BeautifulSoup(book.read("source/signatories.xhtml").decode("utf-8"), "html.parser")
    assert len(listed(glossary.select_one(".glossary-backlinks"))) == MANY + 1
    voices = signatories.select_one("#signatory-voices")
    assert len([t for t in listed(voices) if t.startswith("Letter number")]) == MANY
    assert not glossary.select("p.statement-list-more") and not signatories.select("p.statement-list-more")


@browser_required()
@pytest.mark.parametrize("page", ["signatory/voices.html", "source/glossary.html"])
def test_the_link_to_the_rest_finds_every_one_in_the_search(project, page):
    """Followed in Chromium, as a reader would: the search lists all of them, newest first."""
    from benchmarks.search_metrics import SETTLED

    with serve(project["html"]) as base, browser() as context:
        tab = context.new_page()
        tab.goto(base + page)
        tab.click("p.statement-list-more a")
        tab.wait_for_selector(SETTLED)
        status = tab.inner_text("#statement-search-status")
        soup = BeautifulSoup((project["html"] / page).read_text(encoding="utf-8"), "html.parser")
        total = soup.select_one("p.statement-list-more").get_text().split(" of ")[1].split(" ")[0]
        assert status == f"{total} statements found."
        assert tab.locator(".statement-search-result h2").first.inner_text() == NEWEST
