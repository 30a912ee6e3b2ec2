"""What a build computes is counted, not timed: references and sidebars, per page written."""

from __future__ import annotations

import pytest

from solidarity_archive.formats import citation


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
        lambda app, page, template, context, doctree: doctree is not None and page.startswith("statements/") and not page.endswith("/index") and written.add(page),
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
