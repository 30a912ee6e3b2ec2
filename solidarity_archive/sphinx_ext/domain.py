"""The ``statement`` domain: the build's store of statements and signatories.

Data lives in ``env.domaindata['statement']`` and is purged and merged per
document, so parallel and incremental builds see the same archive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from solidarity_archive.core.model import Signatory, Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.untrusted import duplicate_ids
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.i18n import date
from solidarity_archive.sphinx_ext.warning import warn

#: The display name of a paragraph's label, e.g. in another project's link text.
PARAGRAPH_LABEL = "{title}, ¶ {number}"


def paragraph_id(number: int) -> str:
    """The anchor of a statement's numbered paragraph on its page: ``p4``."""
    return f"p{number}"


def paragraph_label(statement_id: str, number: int) -> str:
    """The label that names one paragraph of a statement: ``<id>-p4``."""
    return f"{statement_id}-{paragraph_id(number)}"


class StatementDomain(Domain):
    name = "statement"
    label = "Statements"
    object_types = {
        "statement": ObjType("statement", "statement"),
        # The statement's page and each numbered paragraph, by name (``<id>``, ``<id>-p4``):
        # standard labels to everyone else, written to objects.inv as ``std:label`` (see
        # ``sphinx_ext.inventory``) and resolved by ``{ref}`` here (``resolve_label``).
        "label": ObjType("label", "ref"),
    }
    roles = {"statement": XRefRole(warn_dangling=True), "signatory": XRefRole()}
    initial_data: dict[str, Any] = {  # type: ignore[misc]  # Sphinx declares it a ClassVar; the annotation types its values
        "statements": {},  # docname -> Statement
        "signatory_targets": {},  # signatory id -> (docname, anchor)
        "record_listings": {},  # docname -> years listed (None: all) from frontmatter only
        "registry": Registry(),
        "field_lines": {},  # docname -> line of each frontmatter key (located problems after reading)
        # docname -> (statement id, title, ((number, line), …)): the page and its numbered paragraphs, whose
        # names, anchors and display names are made from these (``paragraph_label``, ``paragraph_id``,
        # ``PARAGRAPH_LABEL``): what every reader sends back and every build loads (0.3 MB, not 2.5 MB, at 1,000).
        "labels": {},
        # docname -> digest of its table of contents as read (``html.navigation``: what the sidebar is drawn from).
        "tocs": {},
    }
    data_version = 6

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

    def note_labels(self, docname: str, statement_id: str, title: str, paragraphs: Iterable[tuple[int, int | None]]) -> None:
        """The statement page's labels: its own (``statement_id``, shown as ``title``) and its numbered
        paragraphs' (``(number, line)``)."""
        self.data["labels"][docname] = (statement_id, title, tuple(paragraphs))

    def note_toc(self, docname: str, toc_digest: str) -> None:
        self.data["tocs"][docname] = toc_digest

    def toc_digests(self) -> list[tuple[str, str]]:
        """Every document's table of contents, as digests, by document name."""
        return sorted(self.data["tocs"].items())

    def _labels_of(self, docname: str) -> Iterator[tuple[str, str, str, int | None]]:
        """The labels of one statement page as ``(name, anchor, display name, line)``, the page first."""
        noted = self.data["labels"].get(docname)
        if noted is None:
            return
        statement_id, title, paragraphs = noted
        yield statement_id, "", title, None
        for number, line in paragraphs:
            yield paragraph_label(statement_id, number), paragraph_id(number), PARAGRAPH_LABEL.format(title=title, number=number), line

    def labels(self) -> Iterator[tuple[str, str, str, str, int | None]]:
        """Every label that is the archive's: ``(name, docname, anchor, display name, line)``.

        One name has one holder: a label a hand-written page defines (Sphinx's
        standard domain holds it) keeps it, and among statements the first by
        document name, as a build reads them.
        """
        taken = self.env.domains.standard_domain.anonlabels
        seen: set[str] = set()
        for docname in sorted(self.data["labels"]):
            for name, anchor, display, line in self._labels_of(docname):
                if name not in taken and name not in seen:
                    seen.add(name)
                    yield name, docname, anchor, display, line

    def _label(self, name: str) -> tuple[str, str, str] | None:
        """``(docname, anchor, display name)`` of the archive's label ``name``, if it holds it."""
        if name in self.env.domains.standard_domain.anonlabels:
            return None
        # The page's own label is its id; a paragraph's is the id and '-p<N>'. The first by
        # document name holds a name two claim, as in ``labels``.
        owner, _, number = name.rpartition("-p")
        candidates = [name] + ([owner] if owner and number.isdigit() else [])
        folder = archive_settings(self.env.config).statements_dir
        holders = []
        for statement_id in candidates:
            docname = f"{folder}/{statement_id[:4]}/{statement_id}"
            for label, anchor, display, _line in self._labels_of(docname):
                if label == name:
                    holders.append((docname, anchor, display))
        return min(holders) if holders else None

    def resolve_label(self, builder, fromdocname: str, target: str, node, contnode):
        """A ``{ref}`` to the archive's label ``target``, resolved as Sphinx resolves a label; or None."""
        found = self._label(target)
        if found is None:
            return None
        docname, anchor, display = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(display, display, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, docname, anchor, contnode)

    # -- environment lifecycle ----------------------------------------------

    def clear_doc(self, docname: str) -> None:
        self.statements.pop(docname, None)
        self.data["record_listings"].pop(docname, None)
        self.data["field_lines"].pop(docname, None)
        self.data["labels"].pop(docname, None)
        self.data["tocs"].pop(docname, None)
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
        for docname, labels in otherdata["labels"].items():
            if docname in wanted:
                self.data["labels"][docname] = labels
        for docname, toc_digest in otherdata["tocs"].items():
            if docname in wanted:
                self.data["tocs"][docname] = toc_digest
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
        paths = {str(env.doc2path(docname, False)).replace("\\", "/"): docname for docname in env.found_docs if settings.is_statement(docname)}
        for problem in duplicate_ids(paths):
            warn(problem, (paths[problem.path], problem.line))
        self._check_labels()

    def _claimants(self) -> set[str]:
        """The statements one of whose labels another page may claim, as ``labels`` decides who holds a name.

        A statement's labels are its id and its paragraphs' (``<id>-p4``): a
        name two statements claim is an id two statements have, or an id that
        ends as a paragraph's label of another (``<id>-p4`` as an id); a
        hand-written page's label may be any statement's. The others' labels
        are theirs alone and are not gone through on every build.
        """
        labels = self.data["labels"]
        by_id: dict[str, list[str]] = {}
        for docname, (statement_id, _title, _paragraphs) in labels.items():
            by_id.setdefault(statement_id, []).append(docname)

        def owners(name: str) -> list[str]:
            owner, _, number = name.rpartition("-p")
            found = list(by_id.get(name, ()))
            if owner and number.isdigit():
                found += by_id.get(owner, ())
            return found

        claimants: set[str] = set()
        for statement_id in by_id:
            others = owners(statement_id)
            if len(others) > 1:
                claimants.update(others)
        for name in self.env.domains.standard_domain.anonlabels:
            claimants.update(owners(name))
        return claimants

    def _check_labels(self) -> None:
        """A statement's label another page holds: reported, and the other page keeps it."""
        claimants = sorted(self._claimants())
        anonlabels = self.env.domains.standard_domain.anonlabels
        held: dict[str, str] = {}
        for docname in claimants:  # the first by document name holds a name, as in ``labels``
            for name, *_ in self._labels_of(docname):
                if name not in anonlabels:
                    held.setdefault(name, docname)
        held.update((name, docname) for name, (docname, _anchor) in anonlabels.items())
        for docname in claimants:
            for name, _anchor, _display, line in self._labels_of(docname):
                other = held.get(name, docname)
                if other != docname:
                    warn(
                        f"label '{name}' is already defined in {other}; expected the statement's id and its paragraphs' labels to be free",
                        (docname, line),
                        "label",
                    )

    # -- references ----------------------------------------------------------

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        if typ == "statement":
            return self._resolve_statement(builder, fromdocname, target, node, contnode)
        if typ == "signatory":
            return self._resolve_signatory(builder, fromdocname, target, node, contnode)
        return None

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = self._resolve_statement(builder, fromdocname, target, node, contnode)
        results = [("statement:statement", found)] if found is not None else []
        # Labels are standard labels to readers: an ``{any}`` that finds one is a ``{ref}``.
        label = self.resolve_label(builder, fromdocname, target, node, contnode)
        return results + ([("std:ref", label)] if label is not None else [])

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
        for name, docname, anchor, display, _line in self.labels():
            yield name, display, "label", docname, anchor, -1


class StatementRefRole(XRefRole):
    """``{statement}`2016-01-19-…``` without the domain prefix."""

    def run(self):
        self.name = "statement:statement"
        return super().run()


def resolve_label_reference(app, env, node, contnode):
    """``missing-reference``: a ``{ref}`` to a statement or a paragraph (``<id>``, ``<id>-p4``)."""
    if node.get("refdomain") != "std" or node.get("reftype") != "ref":
        return None
    return get_domain(env).resolve_label(app.builder, node["refdoc"], node["reftarget"], node, contnode)


def get_domain(env) -> StatementDomain:
    return env.domains["statement"]


def pending_signatory(signatory_id: str) -> addnodes.pending_xref:
    """A link to a signatory, labelled from the registry when resolved."""
    ref = addnodes.pending_xref("", refdomain="statement", reftype="signatory", reftarget=signatory_id, refexplicit=False, refwarn=True)
    ref += nodes.inline("", signatory_id)
    return ref
