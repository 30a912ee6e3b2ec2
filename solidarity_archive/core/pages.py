"""The names of the signatory, place and country pages, and the rule that no two values share one (pure).

A place's page is named from its ASCII slug: "San Salvador, El Salvador" and
"San salvador, El Salvador" both write ``place/san-salvador-el-salvador``, and
the second page would replace the first (its statements would vanish from
their place page). ``same_page_problems`` refuses every spelling but the most
used one of a page, naming both spellings and a file that uses the other; the
build (at ``env-updated``, so on every build) and ``check`` both call it.

Signatory pages are named by registry id, which the registry already keeps
unique, ignoring case, and lowercase: no two signatories share a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from solidarity_archive.core.languages import N_, Message
from solidarity_archive.core.model import Problem, Statement
from solidarity_archive.core.text import ascii_slug, fold


def signatory_page(signatory_id: str) -> str:
    return f"signatory/{signatory_id}"


def place_page(place_label: str) -> str:
    return f"place/{ascii_slug(place_label, 'x')}"


def country_page(country: str) -> str:
    return f"country/{ascii_slug(country, 'x')}"


@dataclass(frozen=True)
class Placed:
    """A statement, its file (relative to the archive) and the line of its ``place:``."""

    statement: Statement
    path: str
    line: int


def _words(text: str) -> str:
    """The name without case, accents or punctuation, letters of every script kept."""
    return " ".join(re.findall(r"\w+", fold(text)))


#: The two kinds of page a statement's place writes: (name, its value, its page).
_KINDS = (("place", lambda s: s.place.label, place_page), ("country", lambda s: s.place.country, country_page))


def _ranked(placed: list[Placed], value, page) -> list[list[tuple[str, list[Placed]]]]:
    """Per page, its spellings and the statements using each, the kept one first:
    the spelling most statements use, the first file's on a tie."""
    pages: dict[str, dict[str, list[Placed]]] = {}
    for item in sorted(placed, key=lambda p: p.path):
        spelling = value(item.statement)
        pages.setdefault(page(spelling), {}).setdefault(spelling, []).append(item)
    return [sorted(spellings.items(), key=lambda pair: (-len(pair[1]), pair[1][0].path)) for spellings in pages.values()]


def kept_spellings(placed: Iterable[Placed]) -> tuple[dict[str, str], dict[str, str]]:
    """Every place and country spelling -> the spelling its page is written under.

    The facet pages group statements by these, so even a build that goes on
    despite ``same_page_problems`` writes one page listing them all.
    """
    placed = [p for p in placed if p.statement.withdrawn is None]
    kept: list[dict[str, str]] = []
    for _what, value, page in _KINDS:
        kept.append({spelling: ranked[0][0] for ranked in _ranked(placed, value, page) for spelling, _users in ranked})
    return kept[0], kept[1]


def _message(what: str, item: Placed, spelling: str, reference: str, others: list[Placed]) -> Message:
    first = others[0]
    more = len(others) - 1
    if not more:
        where = Message(N_("{path}, line {line}"), path=first.path, line=first.line)
    elif more == 1:
        where = Message(N_("{path}, line {line}, and 1 more statement"), path=first.path, line=first.line)
    else:
        where = Message(N_("{path}, line {line}, and {more} more statements"), path=first.path, line=first.line, more=more)
    if what == "place":
        clash = Message(
            N_("place '{spelling}' and '{reference}' ({where}) would write the same place page, and one would replace the other"),
            spelling=spelling, reference=reference, where=where,
        )  # fmt: skip
    else:
        clash = Message(
            N_("place '{place}': its country '{spelling}' and '{reference}' ({where}) would write the same country page, and one would replace the other"),
            place=item.statement.place.label, spelling=spelling, reference=reference, where=where,
        )  # fmt: skip
    if _words(spelling) == _words(reference):
        if what == "place":
            template = (
                N_("{clash}; write the place '{reference}' here, as that statement does")
                if not more
                else N_("{clash}; write the place '{reference}' here, as those statements do")
            )
        else:
            template = (
                N_("{clash}; write the country '{reference}' here, as that statement does")
                if not more
                else N_("{clash}; write the country '{reference}' here, as those statements do")
            )
        return Message(template, clash=clash, reference=reference)
    return Message(
        N_("{clash} (a page's name keeps only Latin letters and digits); tell them apart with Latin letters or digits in one of the names"), clash=clash
    )


def same_page_problems(placed: Iterable[Placed]) -> list[Problem]:
    """Places and countries spelled differently that would write the same page.

    The spelling most statements use (the first file's, on a tie) is kept;
    every statement with another spelling is refused at its ``place:`` line.
    A statement whose place is refused is not refused again for its country.
    Withdrawn statements have no place on the place pages, and are left out.
    """
    placed = [p for p in placed if p.statement.withdrawn is None]
    problems: list[Problem] = []
    refused: set[str] = set()
    for what, value, page in _KINDS:
        for ranked in _ranked(placed, value, page):
            reference, others = ranked[0]
            for spelling, users in ranked[1:]:
                for item in users:
                    if item.path not in refused:
                        refused.add(item.path)
                        problems.append(Problem(item.path, item.line, "same-page", _message(what, item, spelling, reference, others)))
    return sorted(problems)
