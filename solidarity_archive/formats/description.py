"""A statement's one-sentence description, from its details alone (pure)."""

from __future__ import annotations

from solidarity_archive.core.languages import format_date
from solidarity_archive.core.model import Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.text import DESCRIBED_NAMES, abbreviated


def describe(statement: Statement, registry: Registry) -> str:
    """``'Press release by CISPES and Voices on the Border, San Salvador, El Salvador, 19 January 2016.'``"""
    names = [
        (registry[sid].acronym or registry[sid].name) if sid in registry else sid for sid in statement.signatories
    ]
    if len(names) > DESCRIBED_NAMES:
        signed = abbreviated(names, separator=", ")
    else:
        signed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{statement.kind.capitalize()} by {signed}, {statement.place.label}, {format_date(statement.date)}."
