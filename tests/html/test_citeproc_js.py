"""The cite box agrees with citeproc-js (the engine of Zotero and Mendeley) on the downloaded CSL-JSON.

Every statement's ``downloads/<id>.json``, exactly as downloaded, is rendered by
npm ``citeproc`` with the same CSL style files and the same CSL locale file
as the cite box (citeproc-py), and the two must agree, text and markup.
"""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from citeproc_js import citeproc_js_required, normalised, render
from sphinx.testing.util import SphinxTestApp

from solidarity_archive.formats import citation
from solidarity_archive.formats.exports import ARCHIVE_FILE

pytestmark = citeproc_js_required()


def cite_boxes_and_downloads(site) -> list[tuple[str, dict[str, str], dict]]:
    """(id, cite box references by style, downloaded item) for every statement of a built site."""
    found = []
    for path in sorted((site / "downloads").glob("*.json")):
        if path.stem == ARCHIVE_FILE:
            continue
        [item] = json.loads(path.read_text(encoding="utf-8"))
        page = site / "statements" / item["id"][:4] / f"{item['id']}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        box = {ref["data-style"]: ref.decode_contents() for ref in soup.select(".cite-box .cite-reference")}
        found.append((item["id"], box, item))
    return found


def assert_agree(site, locale: str = citation.CSL_LOCALE) -> int:
    statements = cite_boxes_and_downloads(site)
    assert statements
    items = [item for _, _, item in statements]
    for style in citation.STYLES:
        rendered = render(items, style, locale)
        for statement_id, box, _ in statements:
            assert normalised(rendered[statement_id]) == normalised(box[style.key]), (statement_id, style.key)
    return len(statements)


def test_the_real_archive_agrees_with_citeproc_js(archive_html):
    assert assert_agree(archive_html) == len(list((archive_html / "statements").glob("*/2*.html")))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_guides_examples_agree_with_citeproc_js(rootdir, tmp_path, language):
    """In each interface language: the Spanish one renders with the es-ES locale (and Spanish name lists)."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-references", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides={"language": language}, warning=StringIO(), status=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert assert_agree(app.outdir, citation.csl_locale_for(language)) == 4


def test_a_literal_date_would_not_agree():
    """What the test guards against: citeproc-js prints a literal date *and* its date-parts."""
    item = {
        "id": "x",
        "type": "document",
        "title": "T",
        "author": [{"literal": "A Org"}],
        "issued": {"date-parts": [[2016, 1, 19]], "literal": "January 19, 2015 [i.e., 2016]"},
        "archive": "Archive",
    }
    chicago = normalised(render([item], citation.PIN_STYLE)["x"])
    assert "January 19, 2015 [i.e., 2016]" in chicago and chicago != normalised(citation.render(item, citation.PIN_STYLE).html)
