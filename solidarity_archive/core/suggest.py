"""Did-you-mean suggestions for error messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from solidarity_archive.core.languages import N_, Message

#: "; did you mean …?" for one, two and three choices.
_DID_YOU_MEAN = (
    N_("; did you mean {first}?"),
    N_("; did you mean {first} or {second}?"),
    N_("; did you mean {first} or {second} or {third}?"),
)


def closest(word: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The choices nearest to ``word``, best first (case-insensitive)."""
    by_folded = {choice.casefold(): choice for choice in choices}
    matches = difflib.get_close_matches(word.casefold(), list(by_folded), n=limit, cutoff=0.5)
    return [by_folded[m] for m in matches]


def did_you_mean(word: str, choices: Iterable[str]) -> Message | str:
    """``"; did you mean 'x'?"`` (a :class:`Message`) or ``""`` when nothing is close."""
    matches = closest(word, choices)
    if not matches:
        return ""
    return Message(_DID_YOU_MEAN[len(matches) - 1], **dict(zip(("first", "second", "third"), (f"'{m}'" for m in matches), strict=False)))
