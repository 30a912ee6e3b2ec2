"""Statements linked to their translations (pure).

A translation names its original with ``translation_of: <id>``; that one
field is the only source of truth, and the original's translations follow
from it. A translation points at an original: never at itself, at a missing
id, at another translation (a chain, or a cycle), or at a statement in its
own language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from solidarity_archive.core.languages import N_, Message
from solidarity_archive.core.model import Problem, Statement


@dataclass(frozen=True)
class Link:
    """One ``translation_of`` as written: the statement, its file and the field's line."""

    statement: Statement
    path: str
    line: int


def _language(tag: str) -> str:
    return tag.split("-")[0].lower()


def link_problems(links: Iterable[Link], statements: dict[str, Statement], present: Iterable[str] = ()) -> list[Problem]:
    """Each broken link, located at its ``translation_of`` line.

    ``statements`` maps every readable id of the archive to its statement;
    ``present`` holds the ids of files whose own problems are reported apart.
    """
    problems: list[Problem] = []
    unreadable = set(present) - set(statements)
    for link in links:
        source, target_id = link.statement, link.statement.translation_of
        target = statements.get(target_id or "")
        if target is None and target_id in unreadable:
            continue  # the original's own problems are reported on it
        if target is None:
            problems.append(
                Problem(
                    link.path,
                    link.line,
                    "translation",
                    Message(N_("translation_of names '{id}', which is no statement of the archive; name the original's id"), id=target_id),
                )
            )
        elif target.translation_of is not None:
            loop = target.translation_of == source.id
            why = Message(N_("the two name each other, a cycle")) if loop else Message(N_("it is itself a translation of '{id}'"), id=target.translation_of)
            problems.append(
                Problem(
                    link.path,
                    link.line,
                    "translation",
                    Message(N_("translation_of names '{id}', but {why}; every translation names the original"), id=target_id, why=why),
                )
            )
        elif _language(target.language) == _language(source.language):
            problems.append(
                Problem(
                    link.path,
                    link.line,
                    "translation",
                    Message(
                        N_("translation_of names '{id}', which is in the same language ({language}); a translation is in another language"),
                        id=target_id,
                        language=target.language,
                    ),
                )
            )
    return problems


def versions(statements: Iterable[Statement]) -> dict[str, tuple[Statement, ...]]:
    """Each statement's id → every version of the same text (the original first, then by language),
    itself included; only statements that have another version are keys. Broken links link nothing."""
    by_id = {s.id: s for s in statements}
    groups: dict[str, list[Statement]] = defaultdict(list)
    for statement in by_id.values():
        original = by_id.get(statement.translation_of or "")
        if original is not None and original.translation_of is None and _language(original.language) != _language(statement.language):
            groups[original.id].append(statement)
    result: dict[str, tuple[Statement, ...]] = {}
    for original_id, translations in groups.items():
        group = (by_id[original_id], *sorted(translations, key=lambda s: (s.language, s.id)))
        for statement in group:
            result[statement.id] = group
    return result


def original_of(statement: Statement, group: tuple[Statement, ...]) -> Statement | None:
    """The original, when ``statement`` is a translation in ``group``."""
    return group[0] if group and group[0].id != statement.id else None
