"""The real archive's first statement is citable; parallel builds write the same citations."""

from __future__ import annotations

import filecmp
import shutil
import zipfile

import pytest
from archive_copy import sphinx_build
from bs4 import BeautifulSoup
from citation_checks import check_csl_json, pin_cite, read_bibtex, read_ris

from solidarity_archive.formats import citation

SEED_ID = "2016-01-19-us-organizations-demand-justice"
SEED = f"statements/2016/{SEED_ID}"
SIGNATORIES = [
    "Committee in Solidarity with the People of El Salvador",
    "US-El Salvador Sister Cities",
    "SHARE Foundation",
    "Joining Hands Network",
    "Voices on the Border",
    "Center for Exchange and Solidarity",
]


@pytest.fixture(scope="module")
def site(archive_html):
    return archive_html


@pytest.fixture(scope="module")
def seed_page(site):
    return BeautifulSoup((site / f"{SEED}.html").read_text(encoding="utf-8"), "html.parser")


def numbers(soup):
    return [(a.find_parent(class_="numbered")["id"], a.get_text(), a["href"]) for a in soup.select(".statement-text a.paragraph-number")]


def test_seed_paragraphs_are_numbered(seed_page):
    # Five paragraphs, then the four demands.
    assert numbers(seed_page) == [(f"p{n}", str(n), f"#p{n}") for n in range(1, 10)]
    assert seed_page.find(id="p6").name == "li"
    assert seed_page.find(id="p6").get_text(" ", strip=True) == "6 An immediate stop to the round ups,"


def test_seed_cite_box(site, seed_page):
    box = seed_page.select_one(".cite-box")
    texts = [reference.get_text() for reference in box.select(".cite-reference")]
    assert len(box.select("button.cite-copy")) == 3
    assert len(texts) == 3
    for text in texts:
        assert text.startswith("Committee in Solidarity with the People of El Salvador")
        assert "Press release, dated January 19, 2015" in text
    assert "(2016, January 19)" in texts[1]
    pin = pin_cite(box["data-pin-cite"], 4, box["data-canonical"])
    assert pin.endswith(f", ¶ 4, https://statements-archive.example.org/{SEED}.html#p4.")
    for link in box.select("a.cite-download"):
        assert (site / "statements/2016" / link["href"]).resolve().is_file()


def test_seed_metadata(seed_page):
    assert seed_page.find("link", rel="canonical")["href"] == f"https://statements-archive.example.org/{SEED}.html"
    authors = [tag["content"] for tag in seed_page.find_all("meta", attrs={"name": "citation_author"})]
    assert authors == SIGNATORIES
    assert seed_page.find("meta", attrs={"name": "citation_publication_date"})["content"] == "2016/01/19"
    assert seed_page.find("meta", attrs={"name": "DC.date"})["content"] == "2016-01-19"


def test_seed_downloads_parse_and_render(site):
    folder = site / "downloads"
    [entry] = read_bibtex((folder / f"{SEED_ID}.bib").read_text(encoding="utf-8"))
    assert entry["author"] == SIGNATORIES
    [record] = read_ris((folder / f"{SEED_ID}.ris").read_text(encoding="utf-8"))
    assert record["authors"] == SIGNATORIES
    [item] = check_csl_json((folder / f"{SEED_ID}.json").read_text(encoding="utf-8"))
    # The downloaded CSL-JSON renders through the CSL processor.
    for reference in citation.references(item):
        assert reference.text.startswith(SIGNATORIES[0])
    for fmt in ("bib", "ris", "json"):
        assert (folder / f"statements-archive.{fmt}").is_file()


def test_seed_epub_has_the_same_paragraph_numbers(seed_page, archive_epub):
    with zipfile.ZipFile(archive_epub) as archive:
        page = BeautifulSoup(archive.read(f"{SEED}.xhtml").decode("utf-8"), "html.parser")
    assert numbers(page) == numbers(seed_page)


@pytest.mark.slow
def test_parallel_build_writes_the_same_citations(rootdir, tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        srcdir = tmp_path / f"src-{jobs}"
        shutil.copytree(rootdir / "test-cite", srcdir)
        result = sphinx_build(srcdir, "html", tmp_path / f"out-{jobs}", "-j", jobs)
        assert result.returncode == 0, result.stderr
        outputs.append(tmp_path / f"out-{jobs}" / "html")
    one, two = outputs
    names = sorted(p.name for p in (one / "downloads").iterdir())
    assert names == sorted(p.name for p in (two / "downloads").iterdir())
    _, mismatch, errors = filecmp.cmpfiles(one / "downloads", two / "downloads", names, shallow=False)
    assert mismatch == errors == []
    page = "statements/2016/2016-01-19-hostile.html"
    assert (one / page).read_text(encoding="utf-8") == (two / page).read_text(encoding="utf-8")
