"""Dossiers built by the command: the chosen statements, as HTML and ePub."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from archive_copy import REPO
from bs4 import BeautifulSoup
from checkers import ace_violations
from epub_checks import (
    Book,
    assert_internal_links_resolve,
    assert_offline_and_script_free,
    run_epubcheck,
)
from paths import ROOTS

from solidarity_archive.cli.main import main

pytestmark = pytest.mark.slow  # dossiers built as websites and ePubs, epubcheck

ROOT = ROOTS / "test-epub"


@pytest.fixture
def archive(tmp_path) -> Path:
    copy = tmp_path / "archive"
    shutil.copytree(ROOT, copy)
    return copy


def mentions(root: Path, *names: str) -> list[str]:
    """Statement pages whose text names the term (any of ``names``), read straight from the files."""
    found = []
    for path in sorted(p for p in root.glob("statements/*/*.md") if p.name != "index.md"):
        text = " ".join(path.read_text(encoding="utf-8").split("---", 2)[2].split())
        if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in names):
            found.append(path.relative_to(root).with_suffix(".xhtml").as_posix())
    return found


CARSI_NAMES = ("CARSI", "Regional Security Initiative for Central America", "Iniciativa Regional de Seguridad para Centroamérica")


def test_dossier_by_term_holds_exactly_the_statements_that_mention_it(archive, tmp_path, capsys):
    intro = tmp_path / "intro.md"
    intro.write_text("Prepared for the delegation of *June 2016*.\n", encoding="utf-8")
    out = tmp_path / "dossiers"
    status = main(["dossier", "--root", str(archive), "--title", "Security aid: CARSI", "--term", "CARSI", "--intro", str(intro), "--output", str(out), "-q"])
    assert status == 0, capsys.readouterr().err
    folder = out / "security-aid-carsi"

    book = Book(folder / "epub" / "security-aid-carsi.epub")
    expected = mentions(archive, *CARSI_NAMES)
    assert expected == [
        "statements/2014/2014-10-12-iniciativa.xhtml",
        "statements/2016/2016-01-19-raids.xhtml",
        "statements/2016/2016-06-01-funds.xhtml",
    ]
    assert book.statement_pages() == expected
    assert "statements/2015/index.xhtml" not in book.files
    assert "<dc:title>Security aid: CARSI</dc:title>" in book.opf
    assert re.search(r"<dc:identifier id=\"dossier-security-aid-carsi\">urn:uuid:[0-9a-f-]{36}</dc:identifier>", book.opf)
    assert "Statements mentioning “CARSI”. 3 statements." in book.opf

    # The front page: the dossier's title, what it holds, the introduction.
    home = book.soup("source/index.xhtml")
    assert home.h1.get_text() == "Security aid: CARSI"
    assert "Prepared for the delegation of June 2016." in " ".join(home.get_text().split())
    assert home.find("em").get_text() == "June 2016"

    # The statement left out links to the online archive; the one kept stays in the book.
    page = book.soup("statements/2016/2016-06-01-funds.xhtml")
    links = {a.get_text(): a["href"] for a in page.select(".statement-text a") if a["href"][0] != "#" and "glossary" not in a["href"]}
    assert links == {
        "Women defenders are not criminals (8 March 2015)": "https://archive.example.org/statements/2015/2015-03-08-women.html",
        "Stop the raids (19 January 2016)": "2016-01-19-raids.xhtml",
        "the women’s statement": "https://archive.example.org/statements/2015/2015-03-08-women.html",
        "the raids": "2016-01-19-raids.xhtml",
    }
    assert_offline_and_script_free(book)
    assert_internal_links_resolve(book)

    html = folder / "html"
    assert (html / "statements/2016/2016-06-01-funds.html").is_file()
    assert not (html / "statements/2015/2015-03-08-women.html").exists()
    site_home = BeautifulSoup((html / "source/index.html").read_text(encoding="utf-8"), "html.parser")
    assert site_home.title.get_text().startswith("Security aid: CARSI")

    run_epubcheck(book.path)
    # Nothing was written into the archive's sources.
    assert sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*") if p.is_file()) == sorted(
        p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file()
    )


def test_dossier_by_language_date_signatory_and_ids(archive, tmp_path, capsys):
    out = tmp_path / "dossiers"
    common = ["dossier", "--root", str(archive), "--output", str(out), "--format", "epub", "-q"]
    assert main([*common, "--title", "Spanish", "--language", "es"]) == 0, capsys.readouterr().err
    assert Book(out / "spanish/epub/spanish.epub").statement_pages() == [
        "statements/2014/2014-10-12-iniciativa.xhtml",
        "statements/2015/2015-03-08-women.xhtml",
    ]
    assert main([*common, "--title", "Early 2016 by CISPES", "--signatory", "cispes", "--from", "2016-01-01", "--to", "2016-03-31"]) == 0
    assert Book(out / "early-2016-by-cispes/epub/early-2016-by-cispes.epub").statement_pages() == ["statements/2016/2016-01-19-raids.xhtml"]
    assert (
        main(
            [
                *common,
                "--title",
                "Chosen",
                "--name",
                "two",
                "--id",
                "2016-06-01-funds",
                "--id",
                "2015-03-08-women",
                "--place",
                "El Salvador",
                "--place",
                "Washington",
            ]
        )
        == 0
    )
    assert Book(out / "two/epub/two.epub").statement_pages() == [
        "statements/2015/2015-03-08-women.xhtml",
        "statements/2016/2016-06-01-funds.xhtml",
    ]
    assert not (out / "two/html").exists()


def test_empty_dossier_is_an_error_naming_what_matched_nothing(archive, tmp_path, capsys):
    out = tmp_path / "dossiers"
    status = main(["dossier", "--root", str(archive), "--title", "Nothing", "--term", "CAFTA", "--language", "en", "--output", str(out)])
    assert status == 2
    err = capsys.readouterr().err
    assert "term “CAFTA”" in err and "language “en”" not in err.split("match nothing")[1]
    assert not out.exists()


def test_carsi_dossier_of_the_real_archive_passes_epubcheck_and_ace(tmp_path, capsys):
    out = tmp_path / "dossiers"
    status = main(["dossier", "--root", str(REPO), "--title", "CARSI", "--term", "CARSI", "--output", str(out), "-q"])
    assert status == 0, capsys.readouterr().err
    book = Book(out / "carsi/epub/carsi.epub")
    assert book.statement_pages() == mentions(REPO, *CARSI_NAMES)
    assert (out / "carsi/html/source/index.html").is_file()
    run_epubcheck(book.path)
    assert ace_violations(book.path, tmp_path / "ace") == []


def test_sources_of_a_dossier_are_few_patterns():
    from solidarity_archive.sphinx_ext.dossier_build import chosen_sources

    chosen, left_out = chosen_sources(ROOT, "statements", {"2015-03-08-women", "2016-06-01-funds"})
    assert chosen == ["statements/2015/**", "statements/2016/2016-06-01-funds.md", "statements/2016/index.md"]
    assert left_out == ["statements/2014/**", "statements/2016/2016-01-19-raids.md"]
    chosen, left_out = chosen_sources(ROOT, "statements", {"2015-03-08-women"})
    assert (chosen, left_out) == (["statements/2015/**"], ["statements/2014/**", "statements/2016/**"])
