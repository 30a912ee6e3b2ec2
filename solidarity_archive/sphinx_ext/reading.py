"""Reading statements: the registry, the frontmatter, and the page skeleton.

The frontmatter is read here, strictly, and blanked out before MyST parses the
file, so MyST never acts on a statement's keys. Line numbers are kept.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.model import Problem
from solidarity_archive.core.validation import read_statement
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import interface_language
from solidarity_archive.sphinx_ext.header import (
    corrections_block,
    header_block,
    note_block,
    withdrawn_block,
)

logger = logging.getLogger(__name__)

#: Set on the current document when its source was refused before being read (see safety.py).
REFUSED_SOURCE = "solidarity_archive_refused_source"


def is_statement(docname: str, config) -> bool:
    return archive_settings(config).is_statement(docname)


def warn(problem: Problem, location) -> None:
    logger.warning(problem.message, location=location, type="statement", subtype=problem.subtype)


def load_registry(app, env, added, changed, removed):
    """``env-get-outdated``: (re)load the registry and plan what to re-write.

    Statements are not re-read when the registry changes: signatory names are
    filled in when references are resolved, so re-writing them is enough.
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
        rewrite |= domain.data["record_listings"].keys()
    domain.data["rewrite"] = rewrite - removed
    # Removed statements are purged before reading starts: keep their records.
    domain.data["previous"] = {doc: domain.statements.get(doc) for doc in removed if is_statement(doc, app.config)}
    return []


def remember_statements(app, env, docnames):
    """``env-before-read-docs``: each statement's record before it is re-read."""
    domain = get_domain(env)
    for docname in docnames:
        if is_statement(docname, app.config):
            domain.data["previous"][docname] = domain.statements.get(docname)


def pages_to_rewrite(app, env):
    """``env-get-updated``: pages whose lists changed with the statements just read.

    A statement whose frontmatter did not change (an edit to its text) changes
    no listing drawn from frontmatter; a changed, added or removed one changes
    the listings of its years and those of every year.
    """
    domain = get_domain(env)
    rewrite, domain.data["rewrite"] = domain.data["rewrite"], set()
    previous, domain.data["previous"] = domain.data["previous"], {}
    years: set[int | None] = set()
    for docname, before in previous.items():
        after = domain.statements.get(docname)
        if before != after:
            years |= {None} | {s.year for s in (before, after) if s is not None}
    # Listings of every year are noted under None, which ``years`` holds after any change.
    rewrite |= {doc for doc, listed in domain.data["record_listings"].items() if listed & years}
    return sorted(rewrite & set(env.all_docs))


def read_frontmatter(app, docname: str, source: list[str]) -> None:
    """``source-read``: validate a statement's frontmatter and blank it out."""
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
    )
    for problem in result.problems:
        warn(problem, (docname, problem.line))
    if result.split is not None:
        source[0] = "\n" * result.split.frontmatter_lines + result.split.body
    else:
        source[0] = ""
    if result.statement is not None:
        domain.add_statement(result.statement)
        domain.note_field_lines(docname, result.field_lines or {})
        original = result.statement.original
        if original is not None:
            # A changed original re-reads the statement (its fixity is checked on every build anyway).
            app.env.note_dependency(str(Path(app.env.doc2path(docname)).parent / original.file))


class StatementPage(SphinxTransform):
    """Give a statement page its title, header block and editorial note."""

    default_priority = 200

    def apply(self, **kwargs) -> None:
        domain = get_domain(self.env)
        statement = domain.statement_for(self.env.docname)
        if statement is None:
            return
        document = self.document
        body = list(document.children)
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
        document += section
        document.note_implicit_target(section)
