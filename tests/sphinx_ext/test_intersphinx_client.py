"""Another Sphinx project cites statements and paragraphs with only ``sphinx.ext.intersphinx``.

The real archive's built ``objects.inv`` is loaded by Sphinx's own intersphinx
loader, from a local path, into the ``intersphinx-client`` test project, which
has no other extension and writes ``:external+archive:ref:`<id>``` and
``…-p4``.
"""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

SEED_ID = "2016-01-19-us-organizations-demand-justice"
SEED = f"statements/2016/{SEED_ID}.html"
TITLE = "US Organizations Demand Justice for Central American Migrants in the United States"


def test_a_plain_project_resolves_a_statement_and_a_paragraph(archive_html, rootdir, tmp_path):
    srcdir = tmp_path / "client"
    shutil.copytree(rootdir / "test-intersphinx-client", srcdir)
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        confoverrides={"intersphinx_mapping": {"archive": (str(archive_html), None)}},
        warning=StringIO(),
        status=StringIO(),
    )
    try:
        assert app.config.extensions == ["sphinx.ext.intersphinx"]
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [(a.get_text(), a["href"]) for a in soup.select("a.reference.external")]
    page = archive_html / SEED
    assert [(text, Path(href.split("#")[0])) for text, href in links] == [
        (TITLE, page),
        (f"{TITLE}, ¶ 4", page),
        ("the raids", page),
    ]
    assert [href.partition("#")[2] for _, href in links] == ["", "p4", "p1"]
    # The anchors exist on the archive's page.
    archive_page = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert archive_page.find(id="p4") is not None and archive_page.find(id="p1") is not None
