"""The home page's terms and signatories ({term-list}, {signatory-index}): the most often met first,
each with its count and a link, in the interface language; in the ePub, links into the book."""

from __future__ import annotations

import shutil
import zipfile
from io import StringIO

import pytest
from browser import build_site
from bs4 import BeautifulSoup

INDEXES = "\n## Terms\n\n```{term-list}\n```\n\n## Signatories\n\n```{signatory-index}\n:limit: 2\n```\n"


def add_indexes(srcdir):
    index = srcdir / "source/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("```{statement-list}\n```\n", "```{statement-list}\n```\n" + INDEXES), encoding="utf-8")


def entries(listing) -> list[tuple[str, str, str]]:
    return [(item.a.get_text(), item.a["href"], item.select_one(".archive-index-count").get_text().strip()) for item in listing.select("li")]


@pytest.mark.parametrize(("language", "one", "three"), [("en", "1 statement", "3 statements"), ("es", "1 declaración", "3 declaraciones")])
def test_the_home_page_leads_to_the_terms_and_the_signatories(rootdir, tmp_path_factory, language, one, three):
    site = build_site(rootdir, tmp_path_factory, "search", prepare=add_indexes, strict=True, confoverrides={"language": language})
    home = BeautifulSoup((site / "source/index.html").read_text(encoding="utf-8"), "html.parser")
    assert entries(home.select_one("ul.term-index")) == [("CARSI", "glossary.html#term-CARSI", one)]
    # The two signatories with the most statements, each linked to its page; SHARE's one statement is left out.
    signatories = entries(home.select_one("ul.signatory-index"))
    assert signatories[0] == ("Committee in Solidarity with the People of El Salvador (CISPES)", "../signatory/cispes.html", three)
    assert len(signatories) == 2 and "SHARE" not in str(signatories)
    assert (site / "signatory/cispes.html").is_file()


def test_in_the_epub_a_signatory_links_to_its_entry_in_the_signatories_list(rootdir, tmp_path_factory):
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("home-epub") / "src"
    shutil.copytree(rootdir / "test-search", srcdir)
    add_indexes(srcdir)
    app = SphinxTestApp("epub", srcdir=srcdir, warning=StringIO(), status=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    [book] = app.outdir.glob("*.epub")
    with zipfile.ZipFile(book) as epub:
        home = BeautifulSoup(epub.read("source/index.xhtml").decode("utf-8"), "html.parser")
    [first, _] = home.select("ul.signatory-index li a")
    assert first["href"] == "signatories.xhtml#signatory-cispes"
    assert home.select_one("ul.term-index li a")["href"] == "glossary.xhtml#term-CARSI"
