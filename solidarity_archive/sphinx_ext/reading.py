"""Reading statements: the registry, the frontmatter, and the page skeleton.

The frontmatter is read here, strictly, and blanked out before MyST parses the
file, so MyST never acts on a statement's keys. Line numbers are kept.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxContentsFilter, SphinxTransform

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.statement_text import TITLE_PLACEHOLDER
from solidarity_archive.core.validation import read_statement
from solidarity_archive.myst import parse_statement_text
from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.header import (
    corrections_block,
    header_block,
    note_block,
    signatories_after_text_block,
    withdrawn_block,
)
from solidarity_archive.sphinx_ext.i18n import interface_language
from solidarity_archive.sphinx_ext.sphinx_private import add_to_page_toc
from solidarity_archive.sphinx_ext.statement_parser import CHECKED_TEXT
from solidarity_archive.sphinx_ext.warning import warn

#: Set on the current document when its source was refused before being read (see safety.py).
REFUSED_SOURCE = "solidarity_archive_refused_source"


def is_statement(docname: str, config) -> bool:
    return archive_settings(config).is_statement(docname)


def load_registry(app, env, added, changed, removed):
    """``env-get-outdated``: (re)load the registry and plan what to re-write.

    Statements are not re-read when the registry changes: signatory names are
    filled in when references are resolved, so re-writing the statements that
    name a changed signatory, and the pages listing the registry, is enough.
    """
    registry_path = archive_settings(app.config).registry
    path = Path(app.confdir, registry_path)
    registry, problems = registry_module.load(path, registry_path)
    for problem in problems:
        warn(problem, f"{path}:{problem.line}")
    domain = get_domain(env)
    old = domain.registry.signatories
    changed_ids = {sid for sid in old.keys() | registry.signatories.keys() if old.get(sid) != registry.signatories.get(sid)}
    domain.set_registry(registry)
    rewrite = {s.docname for s in domain.statements.values() if changed_ids.intersection(s.signatories)}
    if rewrite:
        # And the pages that list the registry (the signatories overview). Other
        # listings (home, years, glossary, places) name no signatory; the
        # signatory, place and country pages are written when what they show changes.
        rewrite |= {doc for doc, _anchor in domain.data["signatory_targets"].values()}
    state = build_state(env)
    state.rewrite = rewrite - removed
    # Removed statements are purged before reading starts: keep their records.
    state.previous = {doc: domain.statements.get(doc) for doc in removed if is_statement(doc, app.config)}
    return []


def remember_statements(app, env, docnames):
    """``env-before-read-docs``: each statement's record before it is re-read."""
    domain = get_domain(env)
    previous = build_state(env).previous
    for docname in docnames:
        if is_statement(docname, app.config):
            previous[docname] = domain.statements.get(docname)


def neighbours(env) -> dict[str, tuple]:
    """Each page's parent, previous and next pages in the reading order, with their titles: what its links show."""
    titles = env.titles

    def shown(docname: str | None) -> tuple[str, str] | None:
        if docname is None:
            return None
        title = titles.get(docname)
        return docname, title.astext() if title is not None else ""

    return {docname: tuple(shown(other) for other in related) for docname, related in env.collect_relations().items()}


def remember_neighbours(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: each page's neighbours before anything is read (or removed) again.

    A page links to the pages before and after it, by title; Sphinx writes
    again the pages it reads, not their neighbours. When a statement comes, goes
    or is renamed, or its title changes, the pages beside it are written again
    (``pages_to_rewrite``), as a full build would write them.
    """
    if added or changed or removed:
        build_state(env).neighbours = neighbours(env)
    return []


def pages_to_rewrite(app, env):
    """``env-get-updated``: pages whose lists or neighbours changed with the statements just read.

    A statement whose frontmatter did not change (an edit to its text) changes
    no listing drawn from frontmatter; a changed, added or removed one changes
    the listings of its years and those of every year. A page whose previous,
    next or parent page (or its title) is not the one it was links to it anew.
    """
    domain = get_domain(env)
    state = build_state(env)
    if state.neighbours:
        before, state.neighbours = state.neighbours, {}
        state.rewrite |= {docname for docname, now in neighbours(env).items() if before.get(docname) != now}
    rewrite, state.rewrite = state.rewrite, set()
    previous, state.previous = state.previous, {}
    years: set[int | None] = set()
    for docname, before in previous.items():
        after = domain.statements.get(docname)
        if before != after:
            years |= {None} | {s.year for s in (before, after) if s is not None}
    # Listings of every year are noted under None, which ``years`` holds after any change.
    rewrite |= {doc for doc, listed in domain.data["record_listings"].items() if listed & years}
    return sorted(rewrite & set(env.all_docs))


def read_frontmatter(app, docname: str, source: list[str]) -> None:
    """``source-read``: read a statement, check its frontmatter and its text, and hand MyST the checked text.

    The frontmatter becomes blank lines under a title placeholder (see
    ``statement_text.myst_source``), so MyST never acts on a statement's keys
    and line numbers are kept; the parser renders the tokens checked here.
    """
    if not is_statement(docname, app.config) or app.env.current_document.get(REFUSED_SOURCE):
        return
    domain = get_domain(app.env)
    result = read_statement(
        # surrogateescape restores bytes that were not UTF-8, so they are reported with line and column
        source[0].encode("utf-8", "surrogateescape"),
        path=str(Path(app.env.doc2path(docname, False))).replace("\\", "/"),
        docname=docname,
        registry=domain.registry,
        today=archive_settings(app.config).current_date(),
        markdown=parse_statement_text,
        folder=Path(app.env.doc2path(docname)).parent,
    )
    for problem in result.problems:
        warn(problem, (docname, problem.line))
    if result.text is not None:
        # StatementPage puts the statement's own title where the placeholder is.
        source[0] = result.text.source
        app.env.current_document[CHECKED_TEXT] = result.text
    else:
        source[0] = ""
    if result.statement is not None:
        domain.add_statement(result.statement)
        domain.note_field_lines(docname, result.field_lines or {})
        original = result.statement.original
        if original is not None:
            # A changed original re-reads the statement (its fixity is checked on every build anyway).
            app.env.note_dependency(str(Path(app.env.doc2path(docname)).parent / original.file))  # type: ignore[operator]  # an original has its file


class StatementPage(SphinxTransform):
    """Give a statement page its title, header block and editorial note."""

    def apply(self, **kwargs) -> None:
        domain = get_domain(self.env)
        statement = domain.statement_for(self.env.docname)
        if statement is None:
            return
        document = self.document
        body = _unwrap_title_placeholder(document)
        document.clear()

        section = nodes.section(ids=["statement"], names=[nodes.fully_normalize_name(statement.title)])
        section["classes"].append("statement")
        section += nodes.title("", statement.title)
        language = interface_language(self.config)
        section += header_block(statement, language)
        corrections = corrections_block(statement, language)
        if corrections is not None:
            section += corrections
        note = note_block(statement)
        if note is not None:
            section += note
        if statement.withdrawn is not None:
            # A tombstone: the address, the title, the dates and the reason stay; the text does not.
            section += withdrawn_block(statement, language)
        else:
            text = nodes.container(classes=["statement-text"])
            text.extend(body)
            section += text
        everyone = signatories_after_text_block(statement)
        if everyone is not None:
            section += everyone
        document += section
        document.note_implicit_target(section)


def _unwrap_title_placeholder(document: nodes.document) -> list[nodes.Node]:
    """The statement's text: what MyST put under the placeholder title, without it.

    The placeholder's target is forgotten, so only the statement's own section
    is ``#statement``; the text's own sections keep theirs.
    """
    children = list(document.children)
    if not children or not isinstance(children[0], nodes.section):
        return children
    placeholder = children[0]
    if not placeholder.children or placeholder[0].astext() != TITLE_PLACEHOLDER:
        return children
    for node_id in placeholder["ids"]:
        document.ids.pop(node_id, None)
    for name in placeholder["names"]:
        document.nameids.pop(name, None)
        document.nametypes.pop(name, None)
    return list(placeholder.children[1:]) + children[1:]


def statement_sections_in_toc(app, doctree) -> None:
    """``doctree-read``, after Sphinx's table of contents: add the text's sections.

    The text's sections sit in ``div.statement-text``, where Sphinx's table of
    contents does not look; they are added under the statement's title, so the
    page's table of contents lists them.
    """
    env = app.env
    if get_domain(env).statement_for(env.docname) is None:
        return
    text = next((n for n in doctree.findall(nodes.container) if "statement-text" in n["classes"]), None)
    if text is None:
        return
    entries = _section_entries(text, env.docname, doctree)
    if entries is not None:
        add_to_page_toc(env, env.docname, entries)


def _section_entries(parent: nodes.Element, docname: str, doctree) -> nodes.bullet_list | None:
    items = []
    for section in parent.children:
        if not isinstance(section, nodes.section) or not section["ids"]:
            continue
        visitor = SphinxContentsFilter(doctree)
        section[0].walkabout(visitor)
        reference = nodes.reference("", "", *visitor.get_entry_text(), internal=True, refuri=docname, anchorname="#" + section["ids"][0])
        item = nodes.list_item("", addnodes.compact_paragraph("", "", reference))
        nested = _section_entries(section, docname, doctree)
        if nested is not None:
            item += nested
        items.append(item)
    return nodes.bullet_list("", *items) if items else None
