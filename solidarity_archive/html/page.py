"""Per-page HTML context for statements: language and description."""

from __future__ import annotations

from markupsafe import escape

from solidarity_archive.formats.description import describe
from solidarity_archive.sphinx_ext.domain import get_domain


def statement_page_context(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: ``lang`` and meta description from the frontmatter."""
    domain = get_domain(app.env)
    statement = domain.statement_for(pagename)
    if statement is None:
        return
    context["language"] = statement.language
    description = describe(statement, domain.registry)
    context["metatags"] = context.get("metatags", "") + f'\n    <meta name="description" content="{escape(description)}" />'
