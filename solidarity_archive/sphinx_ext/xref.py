"""The ``xref`` domain: build data for glossary links, facets and related statements.

Per-document data (term mentions, the overview pages) is purged and merged per
document. Derived data (backlinks, related statements) is computed once per
build at ``env-updated`` from the whole archive and only read while writing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from solidarity_archive.core.lexer import Lexicon, Term
from solidarity_archive.core.pages import country_page, place_page, signatory_page  # noqa: F401 (signatory_page: for the modules that import it from here)
from solidarity_archive.core.text import ascii_slug
from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.config import archive_settings


def year_doc(config, year: int) -> str:
    return archive_settings(config).year_index(year)


class XrefDomain(Domain):
    name = "xref"
    label = "Cross-references"
    roles = {"place": XRefRole(), "country": XRefRole(), "year": XRefRole()}
    initial_data: dict[str, Any] = {  # type: ignore[misc]  # Sphinx declares it a ClassVar; the annotation types its values
        "terms": (),  # glossary entries (lexer.Term), read from the glossary page's source
        "glossary_doc": None,  # the page holding the glossary
        "mentions": {},  # statement docname -> sorted term keys it mentions
        "index_keys": {},  # statement docname -> the general index keys it was read with
        "overviews": {},  # "places" | "signatories" -> docname of the overview page
        "backlinks": {},  # derived: term key -> statement docnames, newest first
        "related": {},  # derived: statement docname -> related statement docnames
        "related_inputs": {},  # derived: statement docname -> (its place in time, its features) the lists were computed from
    }
    data_version = 1

    @property
    def lexicon(self) -> Lexicon:
        """The compiled terms, kept in the build's state (not in the pickled data) while they stay the same."""
        terms = tuple(self.data["terms"])
        state = build_state(self.env)
        cached = state.lexicon
        if cached is None or cached.terms != terms:
            cached = state.lexicon = Lexicon(terms)
        return cached

    def set_terms(self, terms: Iterable[Term]) -> bool:
        terms = tuple(terms)
        changed = terms != tuple(self.data["terms"])
        self.data["terms"] = terms
        return changed

    def note_mentions(self, docname: str, keys: Iterable[str]) -> None:
        self.data["mentions"][docname] = tuple(sorted(set(keys)))

    def note_overview(self, kind: str, docname: str) -> None:
        self.data["overviews"][kind] = docname

    def clear_doc(self, docname: str) -> None:
        self.data["mentions"].pop(docname, None)
        self.data["index_keys"].pop(docname, None)
        overviews = self.data["overviews"]
        for kind in [kind for kind, doc in overviews.items() if doc == docname]:
            del overviews[kind]

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for docname, keys in otherdata["mentions"].items():
            if docname in wanted:
                self.data["mentions"][docname] = keys
        for docname, keys in otherdata["index_keys"].items():
            if docname in wanted:
                self.data["index_keys"][docname] = keys
        for kind, docname in otherdata["overviews"].items():
            if docname in wanted:
                self.data["overviews"][kind] = docname

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        todoc, anchor = None, ""
        if typ == "year":
            candidate = year_doc(env.config, int(target))
            todoc = candidate if candidate in env.all_docs else None
        elif is_website(builder) and typ in ("place", "country"):
            todoc = place_page(target) if typ == "place" else country_page(target)
        elif typ in ("place", "country"):
            todoc = self.data["overviews"].get("places")
            anchor = f"{typ}-{ascii_slug(target, 'x')}"
        if todoc is None:
            return contnode  # no page for it in this format: plain text, not an error
        return make_refnode(builder, fromdocname, todoc, anchor, contnode, target)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []

    def get_objects(self):
        return []


def pending_facet(kind: str, target: str, text_node: nodes.Node) -> addnodes.pending_xref:
    """A link from a header field to the page listing its statements."""
    ref = addnodes.pending_xref("", refdomain="xref", reftype=kind, reftarget=target, refexplicit=True, refwarn=False)
    ref += text_node
    return ref


def get_xref(env) -> XrefDomain:
    return env.domains["xref"]


def setup(app):
    app.add_domain(XrefDomain)
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
