"""The ePub's statement header as a reader's engine draws it: each field name ends with one colon.

Sphinx writes the colon into the page (``<span class="colon">:</span>``) and
the style sheet of its ePub theme adds another after every field name; the
book is unzipped and its pages drawn by Chromium with the book's own style
sheets, in both interface languages.
"""

from __future__ import annotations

import shutil
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from browser import browser, browser_required, words

pytestmark = browser_required()

PAGE = "statements/2016/2016-01-19-raids.xhtml"
FIELDS = ["Date", "Place", "Signatories", "Language", "Kind"]


@pytest.fixture(scope="module", params=["en", "es"])
def book(request, rootdir, tmp_path_factory) -> tuple[str, Path]:
    """(interface language, the unzipped book)."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp(f"epub-{request.param}") / "src"
    shutil.copytree(rootdir / "test-epub", srcdir)
    app = SphinxTestApp("epub", srcdir=srcdir, confoverrides={"language": request.param}, warning=StringIO(), status=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    [epub] = Path(app.outdir).glob("*.epub")
    unzipped = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(unzipped)
    return request.param, unzipped


def drawn_field_names(page) -> list[str]:
    """Each field name of the header as drawn: its text and what its style sheets add after it."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.statement-header dl.field-list > dt')].map((dt) => {
             const after = getComputedStyle(dt, '::after').content;
             return dt.textContent + (after && after !== 'none' && after !== 'normal' ? JSON.parse(after) : '');
           })"""
    )


def test_each_field_name_ends_with_one_colon(book):
    language, unzipped = book
    t = words(language)
    with browser() as context:
        page = context.new_page()
        page.goto((unzipped / PAGE).as_uri())
        names = drawn_field_names(page)
    assert names[: len(FIELDS)] == [f"{t(name)}:" for name in FIELDS]
    assert not [name for name in names if name.endswith("::")]
