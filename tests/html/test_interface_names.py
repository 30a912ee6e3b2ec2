"""The archive's names follow the interface language: the site's title, the footer, the ePub's title.

conf.py names the archive, its editors and its rights holders in English; a
Spanish build shows them as the package's catalog translates them, on every
page (the title above the navigation, the window's title, the footer's "By …"
and "© …", the Open Graph site name) and as the ePub's title.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from browser import words
from bs4 import BeautifulSoup

#: The names as the archive's conf.py gives them.
NAMES = {
    "project": "Solidarity Statements Archive",
    "html_title": "Solidarity Statements Archive",
    "archive_title": "Solidarity Statements Archive",
    "archive_publisher": "Solidarity Statements Archive",
    "epub_title": "Solidarity Statements Archive",
    "author": "The archive's editors",
    "copyright": "the signatory organisations",
}
PAGE = "statements/2016/2016-01-19-first.html"


def build(make_app, rootdir, tmp_path, builder: str, language: str):
    src = tmp_path / f"{builder}-{language}"
    shutil.copytree(rootdir / "test-publishing", src)
    app = make_app(builder, srcdir=src, confoverrides={**NAMES, "language": language})
    app.build()
    assert app.statuscode == 0
    return Path(app.outdir)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_sites_title_and_footer_follow_the_interface_language(make_app, rootdir, tmp_path, language):
    t = words(language)
    title, editors, holders = t(NAMES["project"]), t(NAMES["author"]), t(NAMES["copyright"])
    if language == "es":
        assert (title, editors, holders) == ("Archivo de Declaraciones de Solidaridad", "los editores del archivo", "las organizaciones firmantes")
    outdir = build(make_app, rootdir, tmp_path, "html", language)
    for name in (PAGE, "search.html", "source/index.html"):
        page = BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")
        assert page.select_one(".logo__title").get_text(strip=True) == title, name
        assert page.title.get_text().endswith(title), name
        assert page.select_one('meta[property="og:site_name"]')["content"] == title, name
        author = " ".join(page.select_one(".component-author").get_text().split())
        assert author == f"{'Por' if language == 'es' else 'By'} {editors}", name
        assert holders in page.select_one(".copyright").get_text(), name
        text = " ".join(page.get_text().split())
        assert language == "en" or not re.search(r"Solidarity Statements Archive|The archive's editors|the signatory organisations", text), name


def test_the_spanish_ebook_has_the_spanish_title(make_app, rootdir, tmp_path):
    outdir = build(make_app, rootdir, tmp_path, "epub", "es")
    [book] = outdir.glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        package = archive.read("content.opf").decode("utf-8")
    assert "<dc:title>Archivo de Declaraciones de Solidaridad</dc:title>" in package
