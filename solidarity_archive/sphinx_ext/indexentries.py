"""General index entries for each statement: its title, signatories, place and country."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from solidarity_archive.core.model import Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.sphinx_private import index_entries_of, replace_index_entries
from solidarity_archive.sphinx_ext.termlinks import index_title
from solidarity_archive.sphinx_ext.xref import get_xref


def index_keys(statement: Statement, registry: Registry) -> tuple[str, ...]:
    """Place, country, and each signatory's acronym and full name (a person's as "Family, Given"), without repeats."""
    keys = [statement.place.label, statement.place.country]
    for sid in statement.signatories:
        signatory = registry.signatories.get(sid)
        if signatory is not None:
            keys.extend(k for k in (signatory.acronym, signatory.citation_name) if k)
    return tuple(dict.fromkeys(keys))


def index_entries(statement: Statement, registry: Registry) -> list[tuple[str, str, str, str, None]]:
    """The general index entries of one statement, all pointing at its ``statement`` section."""
    title = index_title(statement.title)
    entries = [("single", title, TARGET, "main", None)]
    entries.extend(("single", f"{index_title(key)}; {title}", TARGET, "", None) for key in index_keys(statement, registry))
    return entries


#: The id of a statement page's section, which its index entries point to.
TARGET = "statement"


class StatementIndexEntries(SphinxTransform):
    """Index a statement by title, by each signatory's acronym and full name, and by place and country."""

    def apply(self, **kwargs) -> None:
        domain = get_domain(self.env)
        statement = domain.statement_for(self.env.docname)
        if statement is None:
            return
        section = next((n for n in self.document.findall(nodes.section) if TARGET in n["ids"]), None)
        if section is None:
            return
        get_xref(self.env).data["index_keys"][statement.docname] = index_keys(statement, domain.registry)
        section.insert(1, addnodes.index(entries=index_entries(statement, domain.registry)))


def reindex_renamed(app, env) -> list[str]:
    """``env-updated``: statements whose signatories were renamed in the registry, indexed under the new names.

    Nothing is re-read: the statement's own entries in the general index are
    replaced (its other entries, from the text, stay), and the statement is
    written again, as the registry change already asks for its header.
    """
    domain = get_domain(env)
    stored = get_xref(env).data["index_keys"]
    renamed = []
    for docname, statement in domain.statements.items():
        keys = index_keys(statement, domain.registry)
        if docname not in stored or stored[docname] == keys:
            continue
        stored[docname] = keys
        others = [entry for entry in index_entries_of(env, docname) if entry[2] != TARGET]
        replace_index_entries(env, docname, index_entries(statement, domain.registry) + others)
        renamed.append(docname)
    return sorted(renamed)


def setup(app):
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
