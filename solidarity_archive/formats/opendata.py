"""The archive's metadata as open data: one row per statement (pure).

The column names are stable: researchers' scripts depend on them. Add
columns at the end; never rename or remove one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from solidarity_archive.core.languages import N_
from solidarity_archive.core.model import Statement
from solidarity_archive.core.registry import Registry

#: Column name → what it holds. The order is the CSV's column order.
COLUMNS: dict[str, str] = {
    "id": N_("Permanent id of the statement (its file name): YYYY-MM-DD-short-slug."),
    "title": N_("Title as printed."),
    "date": N_("Date the archive files the statement under, YYYY-MM-DD."),
    "date_as_printed": N_("The date exactly as the document prints it, when it differs; empty otherwise."),
    "year": N_("Year of `date`."),
    "place": N_("Where it was issued: 'City, Country'."),
    "city": N_("City part of `place`."),
    "country": N_("Country part of `place`."),
    "signatory_ids": N_("Signatory ids from the registry, separated by '; ', in the order printed."),
    "signatory_names": N_("Signatories' full names (with acronyms), separated by '; ', same order."),
    "language": N_("BCP 47 language tag of the text, e.g. en, es."),
    "kind": N_("Kind of document: press release, open letter, statement, …"),
    "url": N_("Address of the statement's page in the archive (empty in `solidarity-archive list`, which does not build the site)."),
    "source_url": N_("Where the original was published, if known."),
    "source_retrieved": N_("When the original was retrieved, YYYY-MM-DD, if known."),
    "source_archived": N_("An archived copy of the original, if known."),
    "note": N_("The archive's editorial note, if any."),
}
SEPARATOR = "; "


def row(statement: Statement, registry: Registry, url: str = "") -> dict[str, object]:
    """One statement as a row keyed by :data:`COLUMNS`."""
    source = statement.source
    names = [registry.label(sid) for sid in statement.signatories]
    return {
        "id": statement.id,
        "title": statement.title,
        "date": statement.date.isoformat(),
        "date_as_printed": statement.date_as_printed or "",
        "year": statement.year,
        "place": statement.place.label,
        "city": statement.place.city,
        "country": statement.place.country,
        "signatory_ids": SEPARATOR.join(statement.signatories),
        "signatory_names": SEPARATOR.join(names),
        "language": statement.language,
        "kind": statement.kind,
        "url": url,
        "source_url": (source.url if source else None) or "",
        "source_retrieved": source.retrieved.isoformat() if source and source.retrieved else "",
        "source_archived": (source.archived if source else None) or "",
        "note": statement.note or "",
    }


def to_json(rows: Iterable[dict[str, object]]) -> str:
    """``{"columns": {...}, "statements": [...]}``: the column meanings travel with the data."""
    payload = {"columns": COLUMNS, "statements": list(rows)}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def to_csv(rows: Iterable[dict[str, object]]) -> str:
    """RFC 4180 CSV with a header row of :data:`COLUMNS`."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
