"""The interface in Spanish: ``language = "es"`` leaves no English string of the archive's catalog in a page.

Each page the archive writes is read back and every English msgid of the
package's catalog is looked for in what the archive itself adds: the page's
text and its attributes, less the statements' own text (statements are
English in these test archives). Short msgids ("Date", "Kind") must not be a
whole text or attribute; longer ones must not appear anywhere.
"""

from __future__ import annotations

import gettext
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Comment

from solidarity_archive.sphinx_ext.i18n import CATALOG, LOCALE_DIR

PO = LOCALE_DIR / "es" / "LC_MESSAGES" / f"{CATALOG}.po"
ATTRIBUTES = ("title", "aria-label", "alt", "content", "placeholder", "label")


def catalog_entries():
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="es")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            yield msgid, strings


def english_patterns():
    """(msgid, compiled pattern, whole, needle) for every msgid its Spanish translation changes: ``needle``,
    the msgid's longest piece, is in every text the pattern matches (a quick test before the pattern's own)."""
    patterns = []
    for msgid, strings in catalog_entries():
        if msgid in strings:
            continue  # "Original" is Spanish too
        pieces = [piece.strip() for piece in re.split(r"\{\w+\}", msgid)]
        words = " ".join(pieces).split()
        if not any(re.search(r"[A-Za-z]{2}", piece) for piece in pieces):
            continue  # "{count}, {span}.": nothing to see
        if len(pieces) > 1 and len(words) < 2:
            continue  # "{first} to {last}": one word between values says too little to look for
        # Each value ({count}) matches some text; a word of the msgid matches only as a whole word.
        regex = r"\s*\S.*?\s*".join(rf"\b{re.escape(piece)}\b" if piece[-1:].isalnum() else re.escape(piece) for piece in pieces)
        whole = len(words) < 3
        patterns.append((msgid, re.compile(regex), whole, max(pieces, key=len)))
    return patterns


def visible_texts(markup: str) -> list[str]:
    """What a page shows and says, less the statements' own text and the scripts' message tables."""
    page = BeautifulSoup(markup, "html.parser")
    # DC.type names a class of the DCMI Type Vocabulary ("Text"), the same in every language.
    for own in page.select(".statement-text, script, style, .statement-search-record, meta[name='DC.type']"):
        own.decompose()
    texts = [" ".join(text.split()) for text in page.find_all(string=True) if not isinstance(text, Comment)]
    for element in page.find_all(True):
        texts.extend(" ".join(str(element.get(name)).split()) for name in ATTRIBUTES if element.get(name))
    return [text for text in texts if text]


def handwritten_text(srcdir: Path) -> str:
    """The hand-written pages' text (their titles show in every page's navigation): translated the
    Sphinx way, with the project's own gettext catalogs, not with the archive's."""
    pages = [page.read_text(encoding="utf-8") for page in sorted((srcdir / "source").rglob("*.md"))]
    return " ".join(" ".join(re.sub(r"[#*_`\[\]]|\]\([^)]*\)", " ", page).split()) for page in pages)


def english_left(files: dict[str, str], srcdir: Path) -> list[str]:
    handwritten = handwritten_text(srcdir)
    patterns = english_patterns()
    assert len(patterns) > 80, "the catalog should hold the interface's strings"
    found = []
    for name, markup in files.items():
        for text in visible_texts(markup):
            if " ".join(re.sub(r"[#*_`\[\]]", " ", text).split()) in handwritten:
                continue
            bare = text.rstrip(":").strip()
            for msgid, pattern, whole, needle in patterns:
                if needle in text and (pattern.fullmatch(bare) if whole else pattern.search(text)):
                    found.append(f"{name}: {msgid!r} in {text[:120]!r}")
    return found


def html_pages(outdir: Path) -> dict[str, str]:
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf-8")
        for path in sorted(outdir.rglob("*.html"))
        if "_static" not in path.parts and "pagefind" not in path.parts
    }


def test_the_compiled_catalog_is_the_po():
    """The package build compiled the .mo from the .po (``make venv``): every translation is in it."""
    mo = PO.with_suffix(".mo")
    assert mo.is_file(), "no compiled catalog: run `make venv` (the package build compiles it)"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="es")
    for message in catalog:
        if message.id and not isinstance(message.id, tuple):
            assert compiled.gettext(message.id) == message.string, message.id
    assert compiled.ngettext("{count} statement", "{count} statements", 1) == "{count} declaración"
    assert compiled.ngettext("{count} statement", "{count} statements", 3) == "{count} declaraciones"


@pytest.mark.parametrize("root", ["xref", "archival", "publishing", "search", "references", "navigation"])
def test_spanish_interface_leaves_no_english_string(make_app, rootdir, sphinx_test_tempdir, root):
    src = sphinx_test_tempdir / root
    shutil.copytree(rootdir / f"test-{root}", src)
    app = make_app("html", srcdir=src, confoverrides={"language": "es"})
    app.build()
    assert app.statuscode == 0
    pages = html_pages(Path(app.outdir))
    assert pages
    assert english_left(pages, src) == []


def test_the_search_for_english_finds_the_english_interface(make_app, rootdir, sphinx_test_tempdir):
    """The search above finds what it looks for: the same project in English shows the catalog's msgids."""
    src = sphinx_test_tempdir / "publishing"
    shutil.copytree(rootdir / "test-publishing", src)
    app = make_app("html", srcdir=src)
    app.build()
    found = english_left(html_pages(Path(app.outdir)), src)
    statement = [line for line in found if line.startswith("statements/2016/2016-01-19-first.html: ")]
    assert {"'Cite this statement'", "'Date'"} <= {line.split(": ", 1)[1].split(" in ", 1)[0] for line in statement}


def test_spanish_pages_read_in_spanish(make_app, rootdir, sphinx_test_tempdir):
    src = sphinx_test_tempdir / "publishing"
    shutil.copytree(rootdir / "test-publishing", src)
    app = make_app("html", srcdir=src, confoverrides={"language": "es"})
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "statements/2016/2016-01-19-first.html").read_text(encoding="utf-8"), "html.parser")
    header = page.select_one(".statement-header")
    labels = [name.get_text(strip=True).rstrip(":") for name in header.select("dt")]
    assert labels[:5] == ["Fecha", "Lugar", "Firmantes", "Idioma", "Tipo"]
    assert header.select_one(".statement-date").get_text() == "19 de enero de 2016"
    assert header.select_one("dd.kind").get_text(strip=True) == "Comunicado de prensa"
    box = page.select_one(".cite-box")
    assert box.select_one(".cite-heading").get_text() == "Citar esta declaración"
    apa = box.select_one('[data-style="apa"]').get_text()
    assert "(2016, enero 19)" in apa and "[Comunicado de prensa, con fecha January 19, 2015]" in apa  # the es-ES CSL locale
    chicago = box.select_one('[data-style="chicago"]').get_text()
    assert "«" in chicago and "19 de enero de 2016" in chicago
    assert '"Copied": "Copiado"' in box["data-messages"]
    listing = BeautifulSoup((Path(app.outdir) / "source/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "19 de enero de 2016" in listing.get_text()


def test_spanish_ebook_leaves_no_english_string(make_app, rootdir, sphinx_test_tempdir):
    src = sphinx_test_tempdir / "epub"
    shutil.copytree(rootdir / "test-epub", src)
    app = make_app("epub", srcdir=src, confoverrides={"language": "es"})
    app.build()
    [book] = Path(app.outdir).glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        pages = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith((".xhtml", ".ncx"))}
    assert any("declaraciones" in markup or "declaración" in markup for markup in pages.values())
    assert english_left(pages, src) == []


def test_the_real_archive_in_spanish(repo, archive_html_es, archive_epub_es):
    pages = html_pages(archive_html_es)
    assert english_left(pages, repo) == []
    statement = pages["statements/2016/2016-01-19-us-organizations-demand-justice.html"]
    assert "19 de enero de 2016" in statement and "Citar esta declaración" in statement
    # The hand-written pages are translated the Sphinx way (locale/es/LC_MESSAGES/source/*.po),
    # their catalogs compiled into the build folder, never next to the .po files.
    cite = BeautifulSoup(pages["source/cite.html"], "html.parser")
    assert cite.h1.get_text(strip=True).rstrip("#") == "Cómo citar"
    assert not list((repo / "locale").rglob("*.mo"))
    with zipfile.ZipFile(archive_epub_es) as archive:
        chapters = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith((".xhtml", ".ncx"))}
    assert english_left(chapters, repo) == []
    assert any("19 de enero de 2016" in markup for markup in chapters.values())
