"""General index entries for each statement: its title, signatories, place and country."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from .domain import get_domain
from .termlinks import index_title


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
        keys = [statement.place.label, statement.place.country]
        for sid in statement.signatories:
            signatory = domain.signatory(sid)
            if signatory is not None:
                keys.extend(k for k in (signatory.acronym, signatory.name) if k)
        entries = [("single", title, "statement", "main", None)]
        entries.extend(("single", f"{index_title(key)}; {title}", "statement", "", None) for key in dict.fromkeys(keys))
        index = addnodes.index(entries=entries)
        section.insert(1, index)


def setup(app):
    app.add_transform(StatementIndexEntries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
