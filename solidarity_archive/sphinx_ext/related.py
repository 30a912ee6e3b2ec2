"""Related statements: up to five at the foot of each, sharing the most terms and signatories.

Computed once per build at ``env-updated`` from domain data, with an inverted
index (so the cost follows shared features, not all pairs), and stored for the
writers. Statements whose list changed are written again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

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


Feature = tuple[str, str]


def statement_features(statement: Statement, mentions: Mapping[str, tuple[str, ...]]) -> tuple[Feature, ...]:
    """What a statement is related by: the glossary terms it mentions and its signatories, sorted."""
    own = {("term", key) for key in mentions.get(statement.docname, ())}
    own |= {("signatory", sid) for sid in statement.signatories}
    return tuple(sorted(own))


def related_statements(
    statements: Mapping[str, Statement],
    mentions: Mapping[str, tuple[str, ...]],
    limit: int = RELATED_SHOWN,
    nearest: int = NEAREST_COUNTED,
    only: Iterable[str] | None = None,
) -> dict[str, tuple[str, ...]]:
    """For each statement (or each of ``only``), the others sharing most glossary terms and signatories.

    Ties go to the newer statement, then to the smaller id. Statements sharing
    nothing are never related. A feature shared by more than ``nearest`` other
    statements counts only for the ``nearest`` of them closest in time.
    """
    features: dict[str, dict[Feature, int]] = {}  # docname -> feature -> place in its posting
    postings: dict[Feature, list[str]] = defaultdict(list)  # feature -> docnames, oldest first
    for statement in sorted(statements.values(), key=lambda s: s.sort_key):
        features[statement.docname] = {}
        for feature in statement_features(statement, mentions):
            features[statement.docname][feature] = len(postings[feature])
            postings[feature].append(statement.docname)
    wanted = sorted(features) if only is None else sorted(set(only) & features.keys())
    return {docname: rank(docname, statements, features[docname], postings, limit, nearest) for docname in wanted}


def rank(
    docname: str,
    statements: Mapping[str, Statement],
    features: Mapping[Feature, int],
    postings: Mapping[Feature, list[str]],
    limit: int,
    nearest: int,
) -> tuple[str, ...]:
    """The statements related to ``docname``, given where it stands in each of its features' postings."""
    shared: Counter[str] = Counter()
    for feature, place in features.items():
        shared.update(_closest(postings[feature], place, nearest))
    del shared[docname]
    ranked = sorted(
        shared.items(),
        key=lambda pair: (-pair[1], -statements[pair[0]].date.toordinal(), statements[pair[0]].id),
    )
    return tuple(other for other, _ in ranked[:limit])


def changed_related(
    inputs: Mapping[str, tuple[tuple, tuple[Feature, ...]]],
    previous: Mapping[str, tuple[tuple, tuple[Feature, ...]]],
    nearest: int = NEAREST_COUNTED,
) -> set[str]:
    """The statements whose related statements may differ from those computed from ``previous``.

    ``inputs`` and ``previous``: each statement's place in time and its
    features, now and when the related statements were last computed. A
    statement's list is counted over the statements nearest to it in the
    posting of each of its features (who holds the feature, in time order):
    it can change only when one of those neighbourhoods gained or lost a
    statement, or holds one that moved in time. Only the postings of the
    features a statement came or went with, moved in time with, or gained or
    lost are looked at; the other postings are as they were.
    """
    touched: set[Feature] = set()
    changed = {doc for doc in inputs.keys() | previous.keys() if inputs.get(doc) != previous.get(doc)}
    moved = set()  # statements that came, went or moved in time: a neighbourhood holding one is counted again
    for doc in changed:
        before, after = previous.get(doc), inputs.get(doc)
        old_features = set(before[1]) if before else set()
        new_features = set(after[1]) if after else set()
        if before and after and before[0] == after[0]:
            touched |= old_features ^ new_features
        else:
            touched |= old_features | new_features
            moved.add(doc)
    affected = changed & inputs.keys()
    if not touched:
        return affected
    old_postings, new_postings = _postings(previous, touched), _postings(inputs, touched)
    for feature, posting in new_postings.items():
        old_posting = old_postings.get(feature, [])
        old_places = {doc: place for place, doc in enumerate(old_posting)}
        for place, doc in enumerate(posting):
            if doc in affected:
                continue
            around = _closest(posting, place, nearest)
            old_place = old_places.get(doc)
            if old_place is None or set(around) != set(_closest(old_posting, old_place, nearest)) or not moved.isdisjoint(around):
                affected.add(doc)
    return affected


def _postings(table: Mapping[str, tuple[tuple, tuple[Feature, ...]]], features: set[Feature]) -> dict[Feature, list[str]]:
    """The posting of each of ``features``: the statements holding it, oldest first."""
    found: dict[Feature, list[tuple[tuple, str]]] = defaultdict(list)
    for doc, (key, own) in table.items():
        for feature in features.intersection(own):
            found[feature].append((key, doc))
    return {feature: [doc for _, doc in sorted(entries)] for feature, entries in found.items()}


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
    """``env-updated``: related statements for the whole archive; returns pages to re-write.

    Computed again only for the statements whose list an edit can change
    (``changed_related``): the others keep the list of the build before. The
    inputs each list was computed from are kept with the lists.
    """
    xref = get_xref(env)
    # Withdrawn statements are related to nothing: their tombstones are no listing's entries.
    statements = {s.docname: s for s in get_domain(env).listed()}
    mentions = xref.data["mentions"]
    inputs = {doc: (statement.sort_key, statement_features(statement, mentions)) for doc, statement in statements.items()}
    old = xref.data["related"]
    previous = xref.data.get("related_inputs", {})
    if previous.keys() != old.keys():
        previous = {}  # lists kept without their inputs (an environment of an earlier version): all computed
    affected = changed_related(inputs, previous)
    new = {doc: old[doc] for doc in statements if doc not in affected}
    if affected:
        new.update(related_statements(statements, mentions, only=affected))
    xref.data["related"] = dict(sorted(new.items()))
    xref.data["related_inputs"] = inputs
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
