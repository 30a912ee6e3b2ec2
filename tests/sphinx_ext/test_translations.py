"""Statements linked to their translations: header links, hreflang, listings, citations, broken links."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from archive_copy import archive_cli
from bs4 import BeautifulSoup

from solidarity_archive.core import translations
from solidarity_archive.core.model import Place, Statement

ORIGINAL = "statements/2016/2016-01-19-justice-for-migrants"
TRANSLATION = "statements/2016/2016-01-19-justicia-para-los-migrantes"
BASE = "https://archive.example.org/"


def page(app, docname):
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def copy_root(rootdir, tmp, name="translations") -> Path:
    src = tmp / name
    shutil.copytree(rootdir / f"test-{name}", src)
    return src


def test_a_statement_and_its_translation_link_each_other(make_app, rootdir, sphinx_test_tempdir):
    app = make_app("html", srcdir=copy_root(rootdir, sphinx_test_tempdir))
    app.build()
    assert app.warning.getvalue() == ""
    original, translation = page(app, ORIGINAL), page(app, TRANSLATION)

    assert original.select_one(".statement-header dt.translations").get_text(strip=True).rstrip(":") == "Also in"
    [link] = original.select(".statement-header dd.translations a.statement-translation")
    assert link.get_text() == "Español" and link.span["lang"] == "es"
    assert link["href"] == "2016-01-19-justicia-para-los-migrantes.html"
    back = translation.select_one(".statement-header dd.translations a.statement-translation")
    assert back.get_text() == "English (original)" and back["href"] == "2016-01-19-justice-for-migrants.html"

    for soup in (original, translation):
        alternates = {tag["hreflang"]: tag["href"] for tag in soup.select('link[rel="alternate"][hreflang]')}
        assert alternates == {"en": BASE + ORIGINAL + ".html", "es": BASE + TRANSLATION + ".html"}
    assert original.html["lang"] == "en" and translation.html["lang"] == "es"

    # Search results say which version is the original (the Pagefind record of each page).
    def version(soup):
        return soup.select_one('.statement-search-record [data-pagefind-meta="version"]').get_text()

    assert (version(original), version(translation)) == ("Original", "Translation")

    # Listings show each version once, marked with its language.
    home = page(app, "source/index")
    marks = [item.select_one(".statement-item-language").get_text() for item in home.select("li.statement-item")]
    assert sorted(marks) == ["[English]", "[Español]"]

    # The translation's citation names the original, in the cite box and the downloads.
    cite = translation.select_one(".cite-box .cite-original")
    assert "Justice for migrants" in cite.get_text() and cite.a["href"] == "2016-01-19-justice-for-migrants.html"
    assert original.select_one(".cite-box .cite-original") is None
    item = json.loads((Path(app.outdir) / "downloads/2016-01-19-justicia-para-los-migrantes.json").read_text())[0]
    assert item["original-title"] == "Justice for migrants"
    assert item["original-date"] == {"date-parts": [[2016, 1, 19]]}
    assert "Translation of “Justice for migrants” (2016-01-19-justice-for-migrants)." in item["note"]
    bib = (Path(app.outdir) / "downloads/2016-01-19-justicia-para-los-migrantes.bib").read_text()
    assert "Translation of" in bib


def test_in_a_spanish_interface_the_header_says_tambien_en(make_app, rootdir, sphinx_test_tempdir):
    app = make_app("html", srcdir=copy_root(rootdir, sphinx_test_tempdir), confoverrides={"language": "es"})
    app.build()
    original = page(app, ORIGINAL)
    assert original.select_one(".statement-header dt.translations").get_text(strip=True).rstrip(":") == "También en"
    assert page(app, TRANSLATION).select_one("dd.translations a").get_text() == "English (original)"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("2016-01-19-nowhere", "translation_of names '2016-01-19-nowhere', which is no statement of the archive"),
        ("2016-01-19-justicia-para-los-migrantes", "translation_of names '2016-01-19-justicia-para-los-migrantes', the statement's own id"),
    ],
)
def test_a_broken_link_is_a_located_error_in_the_build_and_in_check(make_app, rootdir, sphinx_test_tempdir, target, message):
    src = copy_root(rootdir, sphinx_test_tempdir)
    path = src / f"{TRANSLATION}.md"
    path.write_text(path.read_text().replace("translation_of: 2016-01-19-justice-for-migrants", f"translation_of: {target}"))
    app = make_app("html", srcdir=src)
    app.build()
    warnings = app.warning.getvalue()
    assert f"{TRANSLATION}.md:9:" in warnings and message in warnings and "[statement.translation]" in warnings
    checked = archive_cli("check", cwd=src)
    assert checked.returncode != 0
    assert f"{TRANSLATION}.md:9: {message}" in checked.stderr + checked.stdout


def test_a_cycle_is_a_located_error(make_app, rootdir, sphinx_test_tempdir):
    src = copy_root(rootdir, sphinx_test_tempdir)
    path = src / f"{ORIGINAL}.md"
    path.write_text(path.read_text().replace("language: en\n", "language: en\ntranslation_of: 2016-01-19-justicia-para-los-migrantes\n"))
    app = make_app("html", srcdir=src)
    app.build()
    warnings = app.warning.getvalue()
    assert f"{ORIGINAL}.md:9:" in warnings and f"{TRANSLATION}.md:9:" in warnings
    assert "the two name each other, a cycle" in warnings
    checked = archive_cli("check", cwd=src)
    assert checked.returncode != 0 and "a cycle" in checked.stderr + checked.stdout


def _statement(sid, language, translation_of=None):
    import datetime as dt

    return Statement(
        id=sid,
        docname=f"statements/2016/{sid}",
        title=sid,
        date=dt.date(2016, 1, 19),
        place=Place("San Salvador", "El Salvador"),
        signatories=("a",),
        language=language,
        translation_of=translation_of,
    )


def test_versions_and_link_rules():
    original = _statement("2016-01-19-a", "en")
    spanish = _statement("2016-01-19-b", "es", "2016-01-19-a")
    french = _statement("2016-01-19-c", "fr", "2016-01-19-a")
    chained = _statement("2016-01-19-d", "pt", "2016-01-19-b")
    same = _statement("2016-01-19-e", "en-US", "2016-01-19-a")
    found = translations.versions([chained, french, spanish, original, same])
    assert [s.id for s in found["2016-01-19-b"]] == ["2016-01-19-a", "2016-01-19-b", "2016-01-19-c"]
    assert "2016-01-19-d" not in found and "2016-01-19-e" not in found
    by_id = {s.id: s for s in (original, spanish, french, chained, same)}
    problems = translations.link_problems([translations.Link(s, s.id, 3) for s in (spanish, chained, same)], by_id)
    assert [(p.path, p.subtype) for p in problems] == [("2016-01-19-d", "translation"), ("2016-01-19-e", "translation")]
    assert "is itself a translation of '2016-01-19-a'" in problems[0].message
    assert "same language" in problems[1].message


def test_new_translation_of_fills_the_shared_fields(rootdir, tmp_path):
    src = copy_root(rootdir, tmp_path)
    (src / f"{TRANSLATION}.md").unlink()
    text = tmp_path / "texto.md"
    text.write_text("Exigimos justicia.\n", encoding="utf-8")
    made = archive_cli("new", "--translation-of", "2016-01-19-justice-for-migrants", "--title", "Justicia", "--language", "es", "--text", str(text), cwd=src)
    assert made.returncode == 0, made.stderr
    written = (src / made.stdout.strip()).read_text(encoding="utf-8")
    assert "date: 2016-01-19\n" in written and "place: San Salvador, El Salvador\n" in written
    assert "signatories:\n  - cispes\n  - voices\n" in written
    assert 'translation_of: "2016-01-19-justice-for-migrants"\n' in written
    missing = archive_cli("new", "--translation-of", "2016-01-19-nowhere", "--title", "X", "--language", "es", "--text", str(text), cwd=src)
    assert missing.returncode == 2 and "is no statement of the archive" in missing.stderr
