"""One citable item per statement: the CSL-JSON item every citation output is rendered from.

The cite box, the downloads and the head tags all start from ``statement_item``.
"""

from __future__ import annotations

from solidarity_archive.core.model import Statement
from solidarity_archive.formats import citation
from solidarity_archive.formats.description import describe
from solidarity_archive.sphinx_ext.archival import TEXT
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _, interface_language
from solidarity_archive.sphinx_ext.translations import original_for_citation
from solidarity_archive.sphinx_ext.urls import page_url


def statement_item(app, statement: Statement) -> dict:
    domain = get_domain(app.env)
    authors = [citation.csl_author(domain.signatory(sid), sid) for sid in statement.signatories]
    item = citation.csl_item(
        statement,
        authors=authors,
        url=page_url(app, statement.docname),
        archive=archive_settings(app.config).title,
        abstract=describe(statement, domain.registry, gettext=_, locale=interface_language(app.config)),
        gettext=_,
    )
    note = archival_note(statement)
    original = original_for_citation(app, statement)
    if original is not None:
        # One record with its relation: the translation names the original (CSL's original-* variables).
        item["original-title"] = original.title
        item["original-date"] = {"date-parts": [[original.date.year, original.date.month, original.date.day]]}
        relation = _("Translation of “{title}” ({id}).").format(title=original.title, id=original.id)
        note = f"{relation} {note}" if note else relation
    if note:
        # Zotero's "Extra" keeps both: the printed date, then corrections and a withdrawal.
        item["note"] = f"{item['note']}. {note}" if item.get("note") else note
        item.setdefault("custom", {})["archival-note"] = note
    return item


def archival_note(statement: Statement) -> str | None:
    """Corrections and a withdrawal, for the downloads' note: "Corrected on 2016-03-03: …"."""
    parts = [TEXT["corrected note"].format(date=c.date.isoformat(), change=c.change) for c in sorted(statement.corrections, key=lambda c: c.date)]
    if statement.withdrawn is not None:
        parts.append(TEXT["withdrawn note"].format(date=statement.withdrawn.date.isoformat(), reason=statement.withdrawn.reason))
    return " ".join(part if part.endswith(".") else part + "." for part in parts) or None
