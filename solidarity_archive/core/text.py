"""Text helpers shared by every layer (pure): folding, acronyms, slugs.

One function per job: matching a term, a place or a signatory's name uses
``fold`` (or ``fold_with_origin`` where the match must point back into the
text; ``fold(word, word=True)`` is a word as the search page compares it),
names are compared by ``name_key`` (built on ``fold``), and every page name,
anchor and file name comes from ``ascii_slug``. The browser's scripts fold
as ``fold`` does: ``tests/data/fold_cases.json`` holds the cases both run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_ASCII_RUN = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]")


def _fold_char(char: str) -> str:
    """One character of a decomposed text, case-folded; nothing for a mark (an accent)."""
    return "" if unicodedata.category(char)[0] == "M" else char.casefold()


def fold_with_origin(text: str) -> tuple[str, Sequence[int]]:
    """Lower-case, accent-free form of ``text`` and, per folded character, its index in ``text``."""
    if text.isascii():
        return text.lower(), range(len(text))
    folded: list[str] = []
    origin: list[int] = []
    for run in _ASCII_RUN.finditer(text):
        start, piece = run.start(), run.group()
        if piece.isascii():  # most of any text, Spanish included
            folded.append(piece.lower())
            origin.extend(range(start, run.end()))
            continue
        lowered = "".join(_fold_char(part) for part in unicodedata.normalize("NFD", piece))
        folded.append(lowered)
        origin.extend([start] * len(lowered))
    return "".join(folded), origin


def fold(text: str, *, word: bool = False) -> str:
    """Lower case without accents, spaces tidied: ``'Triángulo  Norte'`` → ``'triangulo norte'``.

    With ``word``, letters, digits and ``_`` only, as the search page compares a
    word with Pagefind's: ``"O'Brien"`` → ``'obrien'``.
    """
    folded = fold_with_origin(text)[0]
    if word:
        return "".join(char for char in folded if char.isalnum() or char == "_")
    return " ".join(folded.split())


def name_key(text: str, *, join_initials: bool = False) -> str:
    """A name compared without case, accents or punctuation: ``'S.H.A.R.E. Foundation'`` → ``'s h a r e foundation'``.

    With ``join_initials``, spelled-out letters are joined: ``'share foundation'``.
    """
    words = re.findall(r"[a-z0-9]+", fold(unicodedata.normalize("NFKC", text)))
    if not join_initials:
        return " ".join(words)
    joined: list[str] = []
    run = False  # whether the last word is a run of single letters
    for part in words:
        single = len(part) == 1 and part.isalpha()
        if single and run:
            joined[-1] += part
        else:
            joined.append(part)
        run = single
    return " ".join(joined)


def is_acronym(name: str) -> bool:
    """One word in capitals (digits and hyphens allowed): ``'CAFTA-DR'``, not ``'2016'``."""
    return not any(ch.isspace() for ch in name) and name.upper() == name and any(ch.isalpha() for ch in name)


def ascii_slug(text: str, fallback: str = "") -> str:
    """``'San José, 2014–2016'`` → ``'san-jose-2014-2016'``; ``fallback`` when nothing is left.

    Accents are dropped from their letters; any other character, dashes included, separates words.
    """
    letters = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", letters).strip("-") or fallback


def slug_words(text: str) -> list[str]:
    """The words of ``ascii_slug(text)``."""
    slug = ascii_slug(text)
    return slug.split("-") if slug else []


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``'1 statement'``, ``'3 statements'``: a count with its noun in the right number."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


#: How many names a one-line listing shows before "and N more".
LISTED_NAMES = 3
#: Up to this many, a one-sentence description names every signatory; a longer list is summarised.
DESCRIBED_NAMES = 12


def abbreviated(names: Sequence[str], shown: int = LISTED_NAMES, separator: str = "; ", more: str = "and {count} more") -> str:
    """``'A; B; C and 197 more'``: the first ``shown`` names and a count of the rest
    (``more``, in the interface language, says how many)."""
    names = list(names)
    if len(names) <= shown:
        return separator.join(names)
    return f"{separator.join(names[:shown])} {more.format(count=len(names) - shown)}"
