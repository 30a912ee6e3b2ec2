"""The ``statement`` domain: the build's store of statements and signatories.

Data lives in ``env.domaindata['statement']`` and is purged and merged per
document, so parallel and incremental builds see the same archive.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.domains.std import StandardDomain
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from solidarity_archive.core.model import Signatory, Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.untrusted import duplicate_ids
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.i18n import date, problem_text

logger = logging.getLogger(__name__)


class ArchiveStandardDomain(StandardDomain):
    """Sphinx's standard domain, which clears only the documents read before this build.

    Sphinx clears every document before reading it, and the standard domain
    finds a document's labels and objects by going through all of them. The
    archive has a label for every numbered paragraph, so in a first build that
    cost grew with the square of the archive (37 s of a 250 s profiled build
    at 3,000 statements, 4 s at 1,000). A document never read has nothing to
    clear. Which documents were read before is taken when reading starts
    (``note_read_before``, at ``env-before-read-docs``: Sphinx forgets a
    document's reading just before it clears it) and dropped when reading ends.
    """

    def clear_doc(self, docname: str) -> None:
        read_before = getattr(self, "_archive_read_before", None)
        if read_before is None or docname in read_before:
            super().clear_doc(docname)
        else:
            # The domain makes some of its stores when first used, and merging a
            # parallel reader's data expects each of them: use them as clearing would.
            self.progoptions, self.objects, self._terms, self.labels, self.anonlabels  # noqa: B018


def note_read_before(app, env, docnames) -> None:
    """``env-before-read-docs``: the documents read in an earlier build, for ``ArchiveStandardDomain``."""
    std = env.domains.standard_domain
    if isinstance(std, ArchiveStandardDomain):
        std._archive_read_before = frozenset(env.all_docs)  # type: ignore[attr-defined]  # set on the archive's own standard domain only


def forget_read_before(app, env) -> list[str]:
    """``env-updated``: reading is over; the standard domain clears as Sphinx's does again."""
    std = env.domains.standard_domain
    if isinstance(std, ArchiveStandardDomain):
        std._archive_read_before = None  # type: ignore[attr-defined]  # set on the archive's own standard domain only
    return []


class StatementDomain(Domain):
    name = "statement"
    label = "Statements"
    object_types = {"statement": ObjType("statement", "statement")}
    roles = {"statement": XRefRole(warn_dangling=True), "signatory": XRefRole()}
    initial_data: dict[str, Any] = {  # type: ignore[misc]  # Sphinx declares it a ClassVar; the annotation types its values
        "statements": {},  # docname -> Statement
        "signatory_targets": {},  # signatory id -> (docname, anchor)
        "record_listings": {},  # docname -> years listed (None: all) from frontmatter only
        "previous": {},  # docname -> Statement before this build re-read it (None: new)
        "rewrite": set(),  # pages to write again this build without re-reading
        "registry": Registry(),
        "field_lines": {},  # docname -> line of each frontmatter key (located problems after reading)
    }
    data_version = 3

    # -- the store ---------------------------------------------------------

    @property
    def statements(self) -> dict[str, Statement]:
        return self.data["statements"]

    @property
    def registry(self) -> Registry:
        return self.data["registry"]

    def set_registry(self, registry: Registry) -> None:
        self.data["registry"] = registry

    def add_statement(self, statement: Statement) -> None:
        self.statements[statement.docname] = statement

    def statement_for(self, docname: str) -> Statement | None:
        return self.statements.get(docname)

    def chronological(self) -> list[Statement]:
        """Every statement, oldest first (ties broken by id)."""
        return sorted(self.statements.values(), key=lambda s: s.sort_key)

    def listed(self) -> list[Statement]:
        """The statements listings, feeds and search show, oldest first: all but the withdrawn."""
        return [s for s in self.chronological() if s.withdrawn is None]

    def note_field_lines(self, docname: str, lines: dict[str, int]) -> None:
        self.data["field_lines"][docname] = dict(lines)

    def field_line(self, docname: str, key: str) -> int:
        return self.data["field_lines"].get(docname, {}).get(key, 1)

    def former_targets(self) -> dict[str, Statement]:
        """Former id -> the statement it now redirects to (the first claim, by id, when two claim one)."""
        targets: dict[str, Statement] = {}
        for statement in sorted(self.statements.values(), key=lambda s: s.id):
            for former in statement.former_ids:
                targets.setdefault(former, statement)
        return targets

    def signatory(self, signatory_id: str) -> Signatory | None:
        return self.registry.signatories.get(signatory_id)

    def note_signatory_target(self, signatory_id: str, docname: str, anchor: str) -> None:
        self.data["signatory_targets"][signatory_id] = (docname, anchor)

    def note_record_listing(self, docname: str, year: int | None = None) -> None:
        """``docname`` lists statements of ``year`` (None: every year) from their frontmatter only."""
        self.data["record_listings"].setdefault(docname, set()).add(year)

    # -- environment lifecycle ----------------------------------------------

    def clear_doc(self, docname: str) -> None:
        self.statements.pop(docname, None)
        self.data["record_listings"].pop(docname, None)
        self.data["field_lines"].pop(docname, None)
        targets = self.data["signatory_targets"]
        for sid in [sid for sid, (doc, _) in targets.items() if doc == docname]:
            del targets[sid]

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for docname, statement in otherdata["statements"].items():
            if docname in wanted:
                self.statements[docname] = statement
        for docname, lines in otherdata["field_lines"].items():
            if docname in wanted:
                self.data["field_lines"][docname] = lines
        for docname, years in otherdata["record_listings"].items():
            if docname in wanted:
                self.data["record_listings"].setdefault(docname, set()).update(years)
        for sid, target in otherdata["signatory_targets"].items():
            if target[0] in wanted:
                self.data["signatory_targets"][sid] = target

    def check_consistency(self) -> None:
        """No two statement files share an id, ignoring case (two years, or a case variant)."""
        env = self.env
        settings = archive_settings(env.config)
        paths = {
            str(env.doc2path(docname, False)).replace("\\", "/"): docname
            for docname in env.found_docs
            if settings.is_statement(docname)
        }
        for problem in duplicate_ids(paths):
            logger.warning(problem_text(problem), location=(paths[problem.path], problem.line), type="statement", subtype=problem.subtype)

    # -- references ----------------------------------------------------------

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        if typ == "statement":
            return self._resolve_statement(builder, fromdocname, target, node, contnode)
        if typ == "signatory":
            return self._resolve_signatory(builder, fromdocname, target, node, contnode)
        return None

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = self._resolve_statement(builder, fromdocname, target, node, contnode)
        return [("statement:statement", found)] if found is not None else []

    def _by_id(self, statement_id: str) -> Statement | None:
        """The statement with this id: its docname follows from the id."""
        folder = archive_settings(self.env.config).statements_dir
        found = self.statements.get(f"{folder}/{statement_id[:4]}/{statement_id}")
        if found is None:
            # A former id (the statement was renamed) still resolves, to the statement's new page.
            found = self.former_targets().get(statement_id)
        return found

    def _resolve_statement(self, builder, fromdocname, target, node, contnode):
        statement = self._by_id(target)
        if statement is None:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline("", f"{statement.title} ({date(builder.config, statement.date)})", classes=["statement-ref"])
        return make_refnode(builder, fromdocname, statement.docname, "", contnode, statement.title)

    def _resolve_signatory(self, builder, fromdocname, target, node, contnode):
        signatory = self.signatory(target)
        where = self._signatory_page(builder, target) or self.data["signatory_targets"].get(target)
        if signatory is None or where is None:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline("", signatory.label, classes=["signatory-ref"])
        return make_refnode(builder, fromdocname, where[0], where[1], contnode, signatory.name)

    def _signatory_page(self, builder, signatory_id: str) -> tuple[str, str] | None:
        """The signatory's own page, in builders that write one (see ``facets``)."""
        from solidarity_archive.sphinx_ext.builders import is_website
        from solidarity_archive.sphinx_ext.xref import signatory_page

        if signatory_id in self.registry.signatories and is_website(builder):
            return signatory_page(signatory_id), ""
        return None

    def get_objects(self):
        for statement in self.chronological():
            yield statement.id, statement.title, "statement", statement.docname, "", 1
        # Former ids keep resolving through intersphinx, to the new page (-1: not searched twice).
        live = {s.id for s in self.statements.values()}
        for former, statement in sorted(self.former_targets().items()):
            if former not in live:
                yield former, statement.title, "statement", statement.docname, "", -1


class StatementRefRole(XRefRole):
    """``{statement}`2016-01-19-…``` without the domain prefix."""

    def run(self):
        self.name = "statement:statement"
        return super().run()


def get_domain(env) -> StatementDomain:
    return env.domains["statement"]


def pending_signatory(signatory_id: str) -> addnodes.pending_xref:
    """A link to a signatory, labelled from the registry when resolved."""
    ref = addnodes.pending_xref(
        "", refdomain="statement", reftype="signatory", reftarget=signatory_id, refexplicit=False, refwarn=True
    )
    ref += nodes.inline("", signatory_id)
    return ref
