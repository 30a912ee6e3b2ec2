"""A statement's one-sentence description, from its details alone (pure)."""

from __future__ import annotations

from collections.abc import Callable

from solidarity_archive.core.languages import N_, format_date
from solidarity_archive.core.model import Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.text import DESCRIBED_NAMES, LISTED_NAMES


def describe(statement: Statement, registry: Registry, *, gettext: Callable[[str], str] = N_, locale: str = "en") -> str:
    """``'Press release by CISPES and Voices on the Border, San Salvador, El Salvador, 19 January 2016.'``

    ``gettext`` translates the sentence's words into the interface language ``locale``.
    """
    names = [(registry[sid].acronym or registry[sid].name) if sid in registry else sid for sid in statement.signatories]
    if len(names) > DESCRIBED_NAMES:
        signed = gettext("{names} and {count} more").format(names=", ".join(names[:LISTED_NAMES]), count=len(names) - LISTED_NAMES)
    else:
        signed = names[0] if len(names) == 1 else gettext("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])
    kind = gettext(statement.kind)
    return gettext("{kind} by {signed}, {place}, {date}.").format(
        kind=kind[:1].upper() + kind[1:], signed=signed, place=statement.place.label, date=format_date(statement.date, locale)
    )
