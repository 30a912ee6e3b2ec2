"""Choosing the statements of a dossier (pure Python, no Sphinx imports).

A dossier is a slice of the archive: statements chosen by term, signatory,
place or country, language, date range or an explicit list of ids. Values of
one kind widen the choice (term A or term B); different kinds narrow it
(term A and language es). An empty choice is an error that names the
criteria which matched nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.languages import N_, Message, Text, translate
from solidarity_archive.core.lexer import Lexicon, Term, parse_glossary
from solidarity_archive.core.model import Statement
from solidarity_archive.core.reader import ArchiveLayout, read_archive
from solidarity_archive.core.statement_text import Parse
from solidarity_archive.core.text import counted, fold, is_acronym

#: Which of the dossier's terms a text mentions: :class:`GlossaryTermFinder`
#: (the glossary's terms and their other names, as term links find them) or
#: :class:`WordTermFinder` (the words as given).
TermFinder = Callable[[str], set[str]]


class SelectionError(ValueError):
    """The criteria choose no statement, or name something the archive lacks.

    ``str()`` is the English; :meth:`translated` says it in another language.
    """

    def __init__(self, message: Text, problems: Sequence = ()) -> None:
        self.message, self.problems = message, tuple(problems)
        super().__init__(str(message) + "".join(f"\n{problem}" for problem in self.problems))

    def translated(self, gettext) -> str:
        return translate(self.message, gettext) + "".join(f"\n{problem.translated(gettext)}" for problem in self.problems)


@dataclass(frozen=True)
class Entry:
    """One statement with the words a reader sees: its title and its text."""

    statement: Statement
    text: str


@dataclass(frozen=True)
class Criteria:
    terms: tuple[str, ...] = ()
    signatories: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    ids: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.terms or self.signatories or self.places or self.languages or self.since or self.until or self.ids)

    def describe(self) -> str:
        """The criteria in words, for the dossier's front page and metadata."""
        parts: list[str] = []
        if self.terms:
            parts.append("mentioning " + _either(self.terms))
        if self.signatories:
            parts.append("signed by " + _either(self.signatories))
        if self.places:
            parts.append("issued in " + _either(self.places))
        if self.languages:
            parts.append("written in " + _either(self.languages))
        if self.since and self.until:
            parts.append(f"dated {self.since.isoformat()} to {self.until.isoformat()}")
        elif self.since:
            parts.append(f"dated {self.since.isoformat()} or later")
        elif self.until:
            parts.append(f"dated {self.until.isoformat()} or earlier")
        if self.ids:
            parts.append(f"among {counted(len(self.ids), 'chosen statement')}")
        return "Statements " + ", ".join(parts) + "." if parts else "Every statement of the archive."


def _either(values: Sequence[str]) -> str:
    quoted = [f"“{v}”" for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


@dataclass(frozen=True)
class WordTermFinder:
    """Finds terms as whole words: acronyms exactly as written, other names
    ignoring case and accents, across line breaks."""

    terms: tuple[str, ...]
    _patterns: tuple[tuple[str, re.Pattern[str], bool], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        patterns = []
        for term in self.terms:
            exact = is_acronym(term)
            words = term.split() if exact else fold(term).split()
            body = r"\s+".join(re.escape(word) for word in words)
            patterns.append((term, re.compile(rf"(?<!\w){body}(?!\w)"), exact))
        object.__setattr__(self, "_patterns", tuple(patterns))

    def __call__(self, text: str) -> set[str]:
        folded = fold(text)
        return {term for term, pattern, exact in self._patterns if pattern.search(text if exact else folded)}


def load_entries(layout: ArchiveLayout, today: dt.date, *, markdown: Parse) -> list[Entry]:
    """Every statement of the archive with its title and text.

    Raises :class:`SelectionError` if a statement does not pass the archive's
    checks: the build would refuse it too.
    """
    registry, problems = registry_module.load(layout.root / layout.registry_path, layout.registry_path)
    read = read_archive(layout, registry, today, markdown=markdown)
    problems.extend(read.problems)
    entries = [Entry(statement, statement.title + "\n\n" + body) for statement, body in read.published()]
    if problems:
        raise SelectionError(Message(N_("the archive has {count} problem(s); fix them first (make check):"), count=len(problems)), sorted(problems)[:10])
    return entries


class GlossaryTermFinder:
    """Finds the dossier's terms as the glossary knows them.

    A wanted term that names a glossary entry (its term or one of its other
    names; case and accents aside) matches wherever the glossary's lexer finds
    that entry, under any of its names, exactly as statements link to it. A
    wanted term the glossary lacks is looked for as words.
    """

    def __init__(self, glossary: Sequence[Term], wanted: Sequence[str]):
        self.lexicon = Lexicon(glossary)
        self.entry_of = {value: _glossary_entry(glossary, value) for value in wanted}
        self.words = WordTermFinder(tuple(v for v, key in self.entry_of.items() if key is None))

    def __call__(self, text: str) -> set[str]:
        keys = {mention.key for mention in self.lexicon.find(text)}
        found = {value for value, key in self.entry_of.items() if key is not None and key in keys}
        return found | self.words(text)

    def not_in_glossary(self) -> list[str]:
        return [value for value, key in self.entry_of.items() if key is None]


def _glossary_entry(glossary: Sequence[Term], value: str) -> str | None:
    """The key of the glossary entry that ``value`` names, if any."""
    wanted = fold(value)
    for term in glossary:
        if any(fold(name) == wanted for name in (term.key, *term.names)):
            return term.key
    return None


def read_glossary(layout_root, glossary_path: str) -> list[Term]:
    """The glossary's entries, or none if the archive has no glossary page."""
    path = layout_root / glossary_path
    return parse_glossary(path.read_text(encoding="utf-8")) if path.is_file() else []


# -- the single criteria -------------------------------------------------------


def _matches_place(statement: Statement, place: str) -> bool:
    wanted = fold(place)
    return wanted in (fold(statement.place.city), fold(statement.place.country), fold(statement.place.label))


def _matches_language(statement: Statement, language: str) -> bool:
    have, want = statement.language.lower(), language.lower()
    return have == want or have.split("-")[0] == want


def _tests(criteria: Criteria, terms_of: Callable[[Entry], set[str]]) -> list[tuple[str, str, Callable[[Entry], bool]]]:
    """(kind, value, test) for every single criterion."""
    tests: list[tuple[str, str, Callable[..., bool]]] = []  # each binds its criterion as a default argument
    for term in criteria.terms:
        tests.append(("term", term, lambda e, t=term: t in terms_of(e)))
    for sid in criteria.signatories:
        tests.append(("signatory", sid, lambda e, s=sid.lower(): s in e.statement.signatories))  # noqa: B008 - binds this loop's id, lowered once
    for place in criteria.places:
        tests.append(("place", place, lambda e, p=place: _matches_place(e.statement, p)))
    for language in criteria.languages:
        tests.append(("language", language, lambda e, lang=language: _matches_language(e.statement, lang)))
    if criteria.since:
        tests.append(("from", criteria.since.isoformat(), lambda e, d=criteria.since: e.statement.date >= d))
    if criteria.until:
        tests.append(("to", criteria.until.isoformat(), lambda e, d=criteria.until: e.statement.date <= d))
    for sid in criteria.ids:
        tests.append(("id", sid, lambda e, i=sid: e.statement.id == i))
    return tests


def select(entries: Iterable[Entry], criteria: Criteria, find_terms: TermFinder | None = None) -> list[Statement]:
    """The statements the criteria choose, oldest first.

    Raises :class:`SelectionError` when the choice is empty, naming each
    criterion that matched nothing, or when no criterion is given.
    """
    if criteria.is_empty():
        raise SelectionError(Message(N_("a dossier needs at least one criterion: --term, --signatory, --place, --language, --from, --to or --id")))
    if criteria.since and criteria.until and criteria.since > criteria.until:
        raise SelectionError(Message(N_("the date range is reversed: --from {since} is after --to {until}"), since=criteria.since, until=criteria.until))
    entries = list(entries)
    find_terms = find_terms or WordTermFinder(criteria.terms)
    # Each entry's text is searched once, whatever the number of terms.
    found_terms = {e.statement.id: find_terms(e.text) for e in entries} if criteria.terms else {}
    tests = _tests(criteria, lambda e: found_terms[e.statement.id])

    kinds: dict[str, list[Callable[[Entry], bool]]] = {}
    for kind, _value, test in tests:
        kinds.setdefault(kind, []).append(test)
    chosen = [e.statement for e in entries if all(any(test(e) for test in alternatives) for alternatives in kinds.values())]
    if chosen:
        return sorted(chosen, key=lambda s: s.sort_key)

    counts = [(kind, value, sum(1 for e in entries if test(e))) for kind, value, test in tests]
    nothing = [f"{kind} “{value}”" for kind, value, count in counts if count == 0]
    if nothing:
        raise SelectionError(
            Message(N_("no statement matches the dossier; these criteria match nothing in the archive: {criteria}"), criteria="; ".join(nothing))
        )
    each = [
        Message(N_("{criterion} (1 statement)") if count == 1 else N_("{criterion} ({count} statements)"), criterion=f"{kind} “{value}”", count=count)
        for kind, value, count in counts
    ]
    raise SelectionError(Message(N_("no statement matches all the dossier's criteria together, though each matches some: {criteria}"), criteria=_joined(each)))


def _joined(messages: list[Message]) -> Message:
    """Messages one after the other, separated by '; ', each translated where shown."""
    joined = messages[0]
    for message in messages[1:]:
        joined = Message(N_("{first}; {second}"), first=joined, second=message)
    return joined


# -- naming and linking -----------------------------------------------------------


def dossier_identifier(base_url: str, name: str) -> str:
    """A stable ePub identifier for a dossier: the same name gives the same book."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, base_url.rstrip('/') + '/dossiers/' + name)}"
