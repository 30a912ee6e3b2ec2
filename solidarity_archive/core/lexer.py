"""Find glossary terms in running text: longest match wins. No Sphinx imports.

Acronyms (all capitals, no spaces, e.g. ``CARSI``, ``CAFTA-DR``) match only as
written; every other name matches ignoring case and accents, so "Triangulo
Norte" finds "Triángulo Norte".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from solidarity_archive.core.text import fold_with_origin, is_acronym


@dataclass(frozen=True)
class Term:
    """One glossary entry: its key (the main term) and every name it goes by."""

    key: str
    names: tuple[str, ...]


@dataclass(frozen=True, order=True)
class Mention:
    """A match in the text: ``text[start:end]`` names the term ``key``."""

    start: int
    end: int
    key: str


def _alternation(names: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    if not ordered:
        return None
    body = "|".join(r"\s+".join(re.escape(word) for word in name.split()) for name in ordered)
    # A lookahead at every word start, so a short match never hides a longer one.
    return re.compile(rf"(?<!\w)(?=({body})(?!\w))")


class Lexicon:
    """Every name of every term, compiled once; ``find`` is then one pass per pattern."""

    def __init__(self, terms: Iterable[Term]):
        self.terms = tuple(terms)
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        for term in self.terms:
            for name in (term.key, *term.names):
                name = " ".join(name.split())
                if is_acronym(name):
                    self._exact.setdefault(name, term.key)
                else:
                    self._folded.setdefault(" ".join(fold_with_origin(name)[0].split()), term.key)
        self._exact_pattern = _alternation(self._exact)
        self._folded_pattern = _alternation(self._folded)

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions in ``text``, left to right, longest first at each place."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[list[Mention], list[Mention]]:
        """The mentions ``find`` returns, and the other terms named inside them.

        In "Alliance for Prosperity Plan for the Northern Triangle", the whole
        name is one mention and "Northern Triangle" is nested in it.
        """
        candidates: list[Mention] = []
        if self._exact_pattern is not None:
            for match in self._exact_pattern.finditer(text):
                candidates.append(Mention(match.start(1), match.end(1), self._exact[match.group(1)]))
        if self._folded_pattern is not None:
            folded, origin = fold_with_origin(text)
            for match in self._folded_pattern.finditer(folded):
                key = self._folded[" ".join(match.group(1).split())]
                candidates.append(Mention(origin[match.start(1)], origin[match.end(1) - 1] + 1, key))
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start), m.key))
        chosen: list[Mention] = []
        nested: list[Mention] = []
        reached = 0
        for mention in candidates:
            if mention.start >= reached:
                chosen.append(mention)
                reached = mention.end
            elif mention.end <= reached and mention.key != chosen[-1].key and mention not in nested:
                nested.append(mention)
        return chosen, nested


_FENCE = re.compile(r"^(`{3,}|~{3,})\s*\{glossary\}\s*$")


def parse_glossary(text: str) -> list[Term]:
    """Entries of the ``{glossary}`` blocks of a MyST page.

    Consecutive unindented lines form one entry: the first is the term, the
    others its aliases. Indented lines are the definition. Option lines
    (``:sorted:``) and blank lines are skipped.
    """
    return [Term(entry[0][1], tuple(name for _line, name in entry[1:])) for entry in glossary_entries(text)]


def glossary_entries(text: str) -> list[list[tuple[int, str]]]:
    """Each entry of the ``{glossary}`` blocks as its names with their lines: ``[(line, name), …]``."""
    entries: list[list[tuple[int, str]]] = []
    fence: str | None = None
    names: list[tuple[int, str]] = []
    in_definition = False

    def close() -> None:
        nonlocal names
        if names:
            entries.append(names)
        names = []

    for number, line in enumerate(text.splitlines(), start=1):
        if fence is None:
            opened = _FENCE.match(line.strip())
            if opened:
                fence = opened.group(1)[0] * len(opened.group(1))
            continue
        if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            close()
            fence = None
            continue
        if not line.strip() or line.lstrip().startswith(":") and not names and not in_definition:
            continue
        if line[0].isspace():
            in_definition = True
            continue
        if in_definition:
            close()
            in_definition = False
        names.append((number, line.split(" : ")[0].strip()))
    close()
    return entries
