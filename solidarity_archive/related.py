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

from .domain import get_domain
from .listings import statement_item
from .model import Statement
from .xref import get_xref

RELATED_SHOWN = 5
#: A term or signatory shared by more statements than this tells little about
#: which are related, and would make the work grow with the square of the archive.
MAX_SHARED_BY = 250


class related_listing(nodes.General, nodes.Element):
    """Placeholder at the foot of a statement, filled at ``doctree-resolved``."""


def related_statements(
    statements: Mapping[str, Statement],
    mentions: Mapping[str, tuple[str, ...]],
    limit: int = RELATED_SHOWN,
    max_shared_by: int = MAX_SHARED_BY,
) -> dict[str, tuple[str, ...]]:
    """For each statement, the others sharing most glossary terms and signatories.

    Ties go to the newer statement, then to the smaller id. Statements sharing
    nothing are never related. Features shared by more than ``max_shared_by``
    statements are not counted.
    """
    features: dict[str, set[tuple[str, str]]] = {}
    postings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for docname in sorted(statements):
        statement = statements[docname]
        own = {("term", key) for key in mentions.get(docname, ())} | {("signatory", sid) for sid in statement.signatories}
        features[docname] = own
        for feature in own:
            postings[feature].append(docname)
    result: dict[str, tuple[str, ...]] = {}
    for docname, own in features.items():
        shared: Counter[str] = Counter()
        for feature in own:
            if len(postings[feature]) <= max_shared_by:
                shared.update(postings[feature])
        del shared[docname]
        ranked = sorted(
            shared.items(),
            key=lambda pair: (-pair[1], -statements[pair[0]].date.toordinal(), statements[pair[0]].id),
        )
        result[docname] = tuple(other for other, _ in ranked[:limit])
    return result


class RelatedPlaceholder(SphinxTransform):
    """Leave a placeholder at the foot of each statement."""

    default_priority = 220

    def apply(self, **kwargs) -> None:
        if get_domain(self.env).statement_for(self.env.docname) is None:
            return
        section = next((n for n in self.document.findall(nodes.section) if "statement" in n["ids"]), None)
        if section is not None:
            section += related_listing()


def compute_related(app, env):
    """``env-updated``: related statements for the whole archive; returns pages to re-write."""
    xref = get_xref(env)
    statements = get_domain(env).statements
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
        box += nodes.rubric("", "Related statements")
        listing = nodes.bullet_list(classes=["statement-list"])
        listing.extend(statement_item(app.builder, docname, s) for s in chosen)
        box += listing
        node.replace_self(box)


def setup(app):
    app.add_node(related_listing)
    app.add_transform(RelatedPlaceholder)
    app.connect("env-updated", compute_related)
    app.connect("doctree-resolved", fill_related)
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
