"""Statements linked to their translations, in the build.

A translation names its original (``translation_of``, see ``core.translations``).
Every build checks the links (a located error for a missing id, the
statement itself, a chain or cycle, or the same language); each version's
header says "Also in: Español" with links to the others, its head carries a
``<link rel="alternate" hreflang>`` for every version, listings mark each
version's language, and a translation's citation names the original.
"""

from __future__ import annotations

from docutils import nodes
from markupsafe import escape
from sphinx.util.osutil import relative_uri

from solidarity_archive.core import translations as rules
from solidarity_archive.core.languages import autonym
from solidarity_archive.core.model import Statement
from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _
from solidarity_archive.sphinx_ext.urls import page_url


def versions_of(env, statement: Statement) -> tuple[Statement, ...]:
    """Every version of the statement's text (the original first), itself included; () when it has none.

    The versions are found once per build, at ``env-updated`` (``check_links``), and kept in the build's state.
    """
    found = build_state(env).translation_versions
    if found is None:
        found = rules.versions(get_domain(env).statements.values())
    return found.get(statement.id, ())


def check_links(app, env) -> list[str]:
    """``env-updated``: each statement's versions, for the "Also in" field (the links' problems are
    said by the archive-wide checks, ``archive_checks``, with ``check``'s code)."""
    by_id = {s.id: s for s in get_domain(env).statements.values()}
    build_state(env).translation_versions = rules.versions(by_id.values())
    return []


def other_versions_field(builder, docname: str, statement: Statement, group: tuple[Statement, ...]) -> nodes.field:
    """``Also in: Español``: each other version, named in its own language, linked."""
    field = nodes.field(classes=["translations"])
    field += nodes.field_name("", _("Also in"))
    paragraph = nodes.paragraph()
    others = [other for other in group if other.id != statement.id]
    for index, other in enumerate(others):
        if index:
            paragraph += nodes.Text(", ")
        link = nodes.reference("", "", internal=True, refuri=builder.get_relative_uri(docname, other.docname), classes=["statement-translation"])
        # docutils writes a "language-xx" class as lang="xx": the name is read in its own language.
        link += nodes.inline("", autonym(other.language), classes=["statement-translation-language", f"language-{other.language}"])
        if other is group[0]:
            link += nodes.Text(" " + _("(original)"))
        paragraph += link
    field += nodes.field_body("", paragraph)
    return field


def add_other_versions(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the header of each version links the others."""
    statement = get_domain(app.env).statement_for(docname)
    if statement is None:
        return
    group = versions_of(app.env, statement)
    if not group:
        return
    for fields in doctree.findall(nodes.field_list):
        if "statement-fields" in fields["classes"]:
            fields += other_versions_field(app.builder, docname, statement, group)
            return


def language_mark(env, statement: Statement) -> list[nodes.Node]:
    """In a listing, a statement that has other versions says its language: `` [Español]``."""
    if not versions_of(env, statement):
        return []
    mark = nodes.inline("", f"[{autonym(statement.language)}]", classes=["statement-item-language", f"language-{statement.language}"])
    return [nodes.Text(" "), mark]


def hreflang_links(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: ``<link rel="alternate" hreflang>`` for every version, this one included."""
    if not is_website(app.builder):
        return
    statement = get_domain(app.env).statement_for(pagename)
    if statement is None:
        return
    group = versions_of(app.env, statement)
    here = app.builder.get_target_uri(pagename)
    tags = []
    for version in group:
        href = page_url(app, version.docname) or relative_uri(here, app.builder.get_target_uri(version.docname))
        tags.append(f'\n    <link rel="alternate" hreflang="{escape(version.language)}" href="{escape(href)}" />')
    context["metatags"] = context.get("metatags", "") + "".join(tags)


def version_label(env, statement: Statement) -> str:
    """``Original`` or ``Translation`` for a statement with other versions (search results say which); else ``""``."""
    group = versions_of(env, statement)
    if not group:
        return ""
    return _("Original") if group[0].id == statement.id else _("Translation")


def original_for_citation(app, statement: Statement) -> Statement | None:
    """The original of a translation, for its citation record; None for an original."""
    group = versions_of(app.env, statement)
    return rules.original_of(statement, group)
