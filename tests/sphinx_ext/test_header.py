"""The statement page: title, header block, note, lang and description."""

import shutil

import pytest
from bs4 import BeautifulSoup


@pytest.mark.sphinx("html", testroot="basic")
def test_header_block(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = app.outdir / "statements/2016/2016-01-19-first.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")

    assert soup.html["lang"] == "en"
    assert soup.title.get_text().startswith("A first statement")
    assert soup.find("meta", attrs={"name": "description"})["content"] == (
        "Press release by CISPES and Voices on the Border, San Salvador, El Salvador, 19 January 2016."
    )
    assert soup.select_one("section.statement h1").get_text().strip("#¶ ") == "A first statement"

    header = soup.select_one(".statement-header")
    assert header.select_one(".statement-date").get_text() == "19 January 2016"
    assert "January 19, 2015" in header.select_one(".statement-date-as-printed").get_text()
    assert header.select_one(".statement-place").get_text() == "San Salvador, El Salvador"
    links = header.select("dd.signatories a")
    assert [a.get_text() for a in links] == [
        "Committee in Solidarity with the People of El Salvador (CISPES)",
        "Voices on the Border",
    ]
    assert links[0]["href"].endswith("signatory/cispes.html")  # its own page (see facets)
    assert header.select_one("dd.language").get_text(strip=True) == "English"
    assert header.select_one("dd.kind").get_text(strip=True) == "Press release"
    assert soup.select_one(".statement-note").get_text(" ", strip=True) == "Editorial note Filed under 2016."
    # The frontmatter never reaches the page as text.
    assert "signatories:" not in soup.get_text()


#: Languages the archive's catalog does not name: Guarani, K'iche' (Guatemala), Aymara and Quechua, which the
#: Unicode CLDR names in both interfaces, and Pipil (Nahuat of El Salvador), which it does not.
NAMED_ELSEWHERE = {
    "gn": {"en": "Guarani", "es": "guaraní"},
    "quc": {"en": "Kʼicheʼ", "es": "quiché"},
    "ay": {"en": "Aymara", "es": "aimara"},
    "qu": {"en": "Quechua", "es": "quechua"},
    "ppl": {"en": "ppl", "es": "ppl"},
}


@pytest.mark.parametrize("interface", ["en", "es"])
@pytest.mark.parametrize("tag", sorted(NAMED_ELSEWHERE))
def test_a_language_the_catalog_does_not_name_is_shown_by_its_name(make_app, rootdir, tmp_path, interface, tag):
    """A statement in a language outside the catalog's list shows its language by the name the Unicode CLDR
    gives it in the interface's language (its tag as written where the CLDR has none), in the header and in
    the search's record (its result line and its filter)."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    statement = srcdir / "statements/2016/2016-01-19-first.md"
    statement.write_text(statement.read_text(encoding="utf-8").replace("language: en", f"language: {tag}"), encoding="utf-8")
    app = make_app("html", srcdir=srcdir, confoverrides={"language": interface})
    app.build()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "statements/2016/2016-01-19-first.html").read_text(encoding="utf-8"), "html.parser")
    name = NAMED_ELSEWHERE[tag][interface]
    assert soup.select_one(".statement-header dd.language").get_text(strip=True) == name
    record = soup.select_one(".statement-search-record")
    assert record.select_one('[data-pagefind-meta="language"]').get_text() == name
    assert record.select_one('[data-pagefind-filter="language"]').get_text() == name
