"""Related statements: up to five at the foot of each, sharing the most terms and signatories.

Computed once per build at ``env-updated`` from domain data, with an inverted
index (so the cost follows shared features, not all pairs), and stored for the
writers. Statements whose list changed are written again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from docutils import nodes
from sphinx.transforms import SphinxTransform

from solidarity_archive.core.model import Statement
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _
from solidarity_archive.sphinx_ext.listings import statement_entry
from solidarity_archive.sphinx_ext.xref import get_xref

RELATED_SHOWN = 5
#: A term or signatory is counted among at most this many statements nearest in
#: time: a feature shared by thousands would otherwise make the work grow with the
#: square of the archive.
NEAREST_COUNTED = 50


class related_listing(nodes.General, nodes.Element):
    """Placeholder at the foot of a statement, filled at ``doctree-resolved``."""


def related_statements(
    statements: Mapping[str, Statement],
    mentions: Mapping[str, tuple[str, ...]],
    limit: int = RELATED_SHOWN,
    nearest: int = NEAREST_COUNTED,
) -> dict[str, tuple[str, ...]]:
    """For each statement, the others sharing most glossary terms and signatories.

    Ties go to the newer statement, then to the smaller id. Statements sharing
    nothing are never related. A feature shared by more than ``nearest`` other
    statements counts only for the ``nearest`` of them closest in time.
    """
    features: dict[str, dict[tuple[str, str], int]] = {}  # docname -> feature -> place in its posting
    postings: dict[tuple[str, str], list[str]] = defaultdict(list)  # feature -> docnames, oldest first
    for statement in sorted(statements.values(), key=lambda s: s.sort_key):
        own = {("term", key) for key in mentions.get(statement.docname, ())}
        own |= {("signatory", sid) for sid in statement.signatories}
        features[statement.docname] = {}
        for feature in sorted(own):
            features[statement.docname][feature] = len(postings[feature])
            postings[feature].append(statement.docname)
    result: dict[str, tuple[str, ...]] = {}
    for docname in sorted(features):
        shared: Counter[str] = Counter()
        for feature, place in features[docname].items():
            shared.update(_closest(postings[feature], place, nearest))
        del shared[docname]
        ranked = sorted(
            shared.items(),
            key=lambda pair: (-pair[1], -statements[pair[0]].date.toordinal(), statements[pair[0]].id),
        )
        result[docname] = tuple(other for other, _ in ranked[:limit])
    return result


def _closest(posting: list[str], place: int, count: int) -> list[str]:
    """The entry at ``place`` and the ``count`` others around it (fewer at the ends of a short list)."""
    start = min(max(0, place - count // 2), max(0, len(posting) - count - 1))
    return posting[start : start + count + 1]


class RelatedPlaceholder(SphinxTransform):
    """Leave a placeholder at the foot of each statement."""

    def apply(self, **kwargs) -> None:
        if get_domain(self.env).statement_for(self.env.docname) is None:
            return
        section = next((n for n in self.document.findall(nodes.section) if "statement" in n["ids"]), None)
        if section is not None:
            section += related_listing()


def compute_related(app, env):
    """``env-updated``: related statements for the whole archive; returns pages to re-write."""
    xref = get_xref(env)
    # Withdrawn statements are related to nothing: their tombstones are no listing's entries.
    statements = {s.docname: s for s in get_domain(env).listed()}
    new = related_statements(statements, xref.data["mentions"])
    old = xref.data["related"]
    xref.data["related"] = new
    return sorted(doc for doc in new if old.get(doc) != new[doc] and doc in env.all_docs)


def fill_related(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the related statements, or nothing if there are none."""
    placeholders = list(doctree.findall(related_listing))
    if not placeholders:
        return
    statements = get_domain(app.env).statements
    chosen = [statements[doc] for doc in get_xref(app.env).data["related"].get(docname, ()) if doc in statements]
    for node in placeholders:
        if not chosen:
            node.parent.remove(node)
            continue
        box = nodes.container(classes=["related-statements"])
        box += nodes.rubric("", _("Related statements"))
        listing = nodes.bullet_list(classes=["statement-list"])
        listing.extend(statement_entry(app.builder, docname, s) for s in chosen)
        box += listing
        node.replace_self(box)


def setup(app):
    app.add_node(related_listing)
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
