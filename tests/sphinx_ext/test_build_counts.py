"""What a build computes is counted, not timed: references, sidebars and feed links, per page written."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from paths import ROOTS

from solidarity_archive.formats import citation
from solidarity_archive.html import head


@pytest.fixture
def counted_references(monkeypatch):
    calls: list[str] = []
    render = citation.render

    def counting(item, style, *args, **kwargs):
        calls.append(item["id"])
        return render(item, style, *args, **kwargs)

    monkeypatch.setattr(citation, "render", counting)
    return calls


def statements_written(app) -> set[str]:
    written: set[str] = set()
    app.connect(
        "html-page-context",
        lambda app, page, template, context, doctree: (
            doctree is not None and page.startswith("statements/") and not page.endswith("/index") and written.add(page)
        ),
    )
    return written


@pytest.mark.sphinx("html", testroot="cite", freshenv=True)
def test_references_are_formatted_for_the_statement_pages_written_and_no_more(app, counted_references):
    written = statements_written(app)
    app.build()
    assert app.warning.getvalue() == ""
    assert written
    # One reference per style for each statement written, and at most one more for its pin cite.
    per_statement = {page.rsplit("/", 1)[-1]: counted_references.count(page.rsplit("/", 1)[-1]) for page in written}
    assert all(len(citation.STYLES) <= n <= len(citation.STYLES) + 1 for n in per_statement.values()), per_statement
    assert set(counted_references) == set(per_statement)

    counted_references.clear()
    written.clear()
    app.build()  # nothing changed: nothing is formatted again
    assert counted_references == [] and written == set()


PUBLISHING = ROOTS / "test-publishing"


def feed_hrefs(app, docname: str) -> list[str]:
    page = BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return [link["href"] for link in page.find_all("link", rel="alternate", type="application/atom+xml")]


def test_each_pages_signatories_are_mapped_once_per_build_not_once_per_page(make_app, tmp_path, monkeypatch):
    mapped: list[int] = []
    by_page = head.signatories_by_page

    def counting(env):
        mapped.append(1)
        return by_page(env)

    monkeypatch.setattr(head, "signatories_by_page", counting)
    srcdir = tmp_path / "publishing"
    shutil.copytree(PUBLISHING, srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    written: set[str] = set()
    app.connect("html-page-context", lambda app, page, template, context, doctree: written.add(page))
    app.build()
    assert app.warning.getvalue() == ""
    assert len(written) > 5 and len(mapped) == 1
    signatories = ["../feeds/atom.xml", "../feeds/signatories/cispes.xml", "../feeds/signatories/voices.xml", "../feeds/signatories/cis.xml"]
    assert feed_hrefs(app, "source/signatories") == signatories

    # A new signatory in the registry: the next build maps the pages afresh, once, and lists it.
    registry = srcdir / "source" / "signatories.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "share:\n  name: SHARE Foundation\n  country: United States\n", encoding="utf-8")
    written.clear()
    app.build()
    assert app.warning.getvalue() == ""
    assert "source/signatories" in written and len(mapped) == 2
    assert feed_hrefs(app, "source/signatories") == [*signatories, "../feeds/signatories/share.xml"]
