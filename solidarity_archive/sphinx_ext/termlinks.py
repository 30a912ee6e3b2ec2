"""Glossary terms in statements: automatic links, index entries and backlinks.

The glossary page's source is read before the build (like the registry), so
every reader, in any process, knows the terms. Matching is done by the pure
``lexer`` module.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from solidarity_archive.core.lexer import Mention, parse_glossary
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.doctree import inside
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _, ngettext
from solidarity_archive.sphinx_ext.listings import TERM_SHOWN, statement_list
from solidarity_archive.sphinx_ext.reading import is_statement
from solidarity_archive.sphinx_ext.xref import get_xref

#: Text inside these is never linked: headings, links, code, markup targets.
SKIPPED = (
    nodes.title,
    nodes.subtitle,
    nodes.rubric,
    nodes.reference,
    addnodes.pending_xref,
    nodes.literal,
    nodes.FixedTextElement,
    nodes.raw,
    nodes.comment,
    nodes.target,
    addnodes.index,
    nodes.math,
    nodes.image,
)


def index_title(title: str) -> str:
    """A title as one index sub-entry: ';' would split it."""
    return title.replace(";", ",")


def load_glossary(app, env, added, changed, removed):
    """``env-get-outdated``: read the glossary's terms; re-read statements if they changed."""
    xref = get_xref(env)
    path = Path(app.confdir, archive_settings(app.config).glossary)
    terms = parse_glossary(path.read_text(encoding="utf-8")) if path.is_file() else []
    xref.data["glossary_doc"] = env.path2doc(str(path)) if path.is_file() else None
    if not xref.set_terms(terms):
        return []
    return sorted(doc for doc in env.found_docs - added - changed - removed if is_statement(doc, app.config))


def term_link(key: str, text: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref("", refdomain="std", reftype="term", reftarget=key.lower(), refexplicit=True, refwarn=True)
    ref += nodes.inline(text, text, classes=["xref", "std", "std-term", "glossary-mention"])
    return ref


class TermLinks(SphinxTransform):
    """Link the first mention of each glossary term in a statement; index every mention."""

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        xref = get_xref(self.env)
        if docname == xref.data["glossary_doc"]:
            # Backlinks show each statement's record; which statements, compute_backlinks decides.
            get_domain(self.env).note_record_listing(docname)
        statement = get_domain(self.env).statement_for(docname)
        if statement is None or not xref.data["terms"]:
            return
        text = next((n for n in self.document.findall(nodes.container) if "statement-text" in n["classes"]), None)
        if text is None:
            return
        lexicon = xref.lexicon
        keys_by_lower = {term.key.lower(): term.key for term in lexicon.terms}
        linked = {
            keys_by_lower[ref["reftarget"].lower()]
            for ref in text.findall(addnodes.pending_xref)
            if ref.get("reftype") == "term" and ref["reftarget"].lower() in keys_by_lower
        }
        mentioned: list[str] = []
        nested_only: list[str] = []
        count = 0
        for textnode in list(text.findall(nodes.Text)):
            if inside(textnode, text, SKIPPED):
                continue
            source = str(textnode)
            found, nested = lexicon.scan(source)
            if not found:
                continue
            replacement: list[nodes.Node] = []
            position = 0
            for mention in found:
                count += 1
                inner = [m.key for m in nested if mention.start <= m.start and m.end <= mention.end]
                replacement.append(nodes.Text(source[position : mention.start]))
                replacement.extend(self._mention(mention, source, inner, f"term-mention-{count}", statement.title, linked))
                mentioned.append(mention.key)
                for key in inner:
                    mentioned.append(key)
                    if key not in nested_only:
                        nested_only.append(key)
                position = mention.end
            replacement.append(nodes.Text(source[position:]))
            textnode.parent.replace(textnode, [n for n in replacement if not isinstance(n, nodes.Text) or str(n)])
        unlinked = [key for key in nested_only if key not in linked]
        if unlinked:
            # Terms named only inside a longer name: linked once, after the text.
            para = nodes.paragraph(classes=["statement-terms-within"])
            para += nodes.Text(_("Also named within longer names: "))
            for index, key in enumerate(unlinked):
                if index:
                    para += nodes.Text(", ")
                para += term_link(key, key)
            box = nodes.container(classes=["statement-terms"])
            box += para
            text.parent.insert(text.parent.index(text) + 1, box)
        # A term the text links itself ({term}`CARSI`) is mentioned too: the glossary lists it, as the search's term filter does.
        xref.note_mentions(docname, [*mentioned, *linked])

    def _mention(self, mention: Mention, source: str, inner: list[str], target_id: str, title: str, linked: set[str]):
        written = source[mention.start : mention.end]
        target = nodes.target("", "", ids=[target_id])
        index = addnodes.index(entries=[("single", f"{key}; {index_title(title)}", target_id, "", None) for key in [mention.key, *inner]])
        if mention.key in linked:
            return [target, index, nodes.Text(written)]
        linked.add(mention.key)
        return [target, index, term_link(mention.key, written)]


def compute_backlinks(app, env):
    """``env-updated``: term -> statements mentioning it, newest first (once per build).

    The glossary is re-written when these change, so an edit that changes no
    statement's terms leaves it alone.
    """
    xref = get_xref(env)
    statements = get_domain(env).statements
    backlinks: dict[str, list] = defaultdict(list)
    for docname, keys in xref.data["mentions"].items():
        if docname in statements:
            for key in keys:
                backlinks[key].append(statements[docname])
    previous = xref.data["backlinks"]
    xref.data["backlinks"] = {key: tuple(s.docname for s in sorted(found, key=lambda s: s.sort_key, reverse=True)) for key, found in sorted(backlinks.items())}
    glossary = xref.data["glossary_doc"]
    if glossary in env.all_docs and xref.data["backlinks"] != previous:
        return [glossary]
    return []


def add_backlinks(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: after each glossary entry, the statements that mention it."""
    xref = get_xref(app.env)
    if docname != xref.data["glossary_doc"]:
        return
    keys = {term.key.lower(): term.key for term in xref.data["terms"]}
    statements = get_domain(app.env).statements
    for item in doctree.findall(nodes.definition_list_item):
        if not isinstance(item.parent.parent, addnodes.glossary):
            continue
        first = next(iter(item.findall(nodes.term)), None)
        key = keys.get(first.astext().lower()) if first is not None else None
        definition = next(iter(item.findall(nodes.definition)), None)
        if key is None or definition is None:
            continue
        mentioning = [statements[doc] for doc in xref.data["backlinks"].get(key, ()) if doc in statements]
        # The term's key goes with the box, for what the writing phase adds to it (html/charts.py).
        box = nodes.container(classes=["glossary-backlinks"], term=key)
        if mentioning:
            box += nodes.paragraph(
                "", ngettext("Mentioned in {count} statement:", "Mentioned in {count} statements:", len(mentioning)).format(count=len(mentioning))
            )
            box.extend(statement_list(app.builder, docname, mentioning, ("term", key), TERM_SHOWN))
        else:
            box += nodes.paragraph("", _("No statement mentions it yet."))
        definition += box


def setup(app):
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
