"""General index entries for each statement: its title, signatories, place and country."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from solidarity_archive.core.model import Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.reading import is_statement
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


class StatementIndexEntries(SphinxTransform):
    """Index a statement by title, by each signatory's acronym and full name, and by place and country."""

    default_priority = 205

    def apply(self, **kwargs) -> None:
        domain = get_domain(self.env)
        statement = domain.statement_for(self.env.docname)
        if statement is None:
            return
        section = next((n for n in self.document.findall(nodes.section) if "statement" in n["ids"]), None)
        if section is None:
            return
        title = index_title(statement.title)
        keys = index_keys(statement, domain.registry)
        get_xref(self.env).data["index_keys"][statement.docname] = keys
        entries = [("single", title, "statement", "main", None)]
        entries.extend(("single", f"{index_title(key)}; {title}", "statement", "", None) for key in keys)
        section.insert(1, addnodes.index(entries=entries))


def reread_renamed(app, env, added, changed, removed):
    """``env-get-outdated``: re-read statements whose signatories' names changed in the registry."""
    domain = get_domain(env)
    stored = get_xref(env).data["index_keys"]
    return sorted(
        docname
        for docname, statement in domain.statements.items()
        if docname in stored and is_statement(docname, app.config)
        and docname not in changed | removed
        and stored[docname] != index_keys(statement, domain.registry)
    )


def setup(app):
    app.add_transform(StatementIndexEntries)
    # After reading.load_registry (connected first, same priority), so the new registry is in place.
    app.connect("env-get-outdated", reread_renamed, priority=600)
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
