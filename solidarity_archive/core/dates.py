"""Dates as people write them, in English and Spanish (pure).

``read_date("3 de marzo de 2017")``, ``read_date("March 3, 2017")`` and
``read_date("2017-03-03")`` all give 3 March 2017. Month and weekday names
are Babel's, for explicit locales (never the machine's), in their long and
short forms, with or without accents and capitals.

A date written with numbers only, ``04/03/2017``, reads two ways (4 March in
El Salvador, April 4 in the United States): both readings are returned, and
the one asking chooses. ``03/03/2017`` reads one way.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

import babel.dates

from solidarity_archive.core.text import fold

#: The locales whose month and weekday names are read (``es_PE`` writes "setiembre").
LOCALES = ("en", "es", "es_419", "es_PE")
#: Words between a date's parts: "3 de marzo de 2017", "the 3rd of March".
FILLERS = frozenset({"de", "del", "of", "the"})
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|º|ª|°|o|a)$")


@dataclass(frozen=True)
class DateReading:
    """What a written date can mean.

    ``dates``: none (not a date), one (the date), or two (numbers only, day and
    month both possible: ask). ``impossible``: written as a date, but no such day
    exists (``31 de febrero de 2017``).
    """

    text: str
    dates: tuple[dt.date, ...] = ()
    impossible: bool = False

    @property
    def date(self) -> dt.date | None:
        """The date when the text reads one way only."""
        return self.dates[0] if len(self.dates) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.dates) > 1


def _key(word: str) -> str:
    return fold(word).rstrip(".")


@functools.cache
def month_numbers() -> dict[str, int]:
    """Every month name and short form of :data:`LOCALES`, folded: ``marzo``, ``mar``, ``sept`` → 3, 3, 9."""
    names: dict[str, int] = {}
    for locale in LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in babel.dates.get_month_names(width, context, locale).items():
                    names.setdefault(_key(name), number)
    names.setdefault("sept", 9)
    return names


@functools.cache
def weekday_names() -> frozenset[str]:
    """Weekday names (long and short) of :data:`LOCALES`, folded: a date may start with one."""
    return frozenset(
        _key(name) for locale in LOCALES for width in ("wide", "abbreviated") for name in babel.dates.get_day_names(width, "format", locale).values()
    )


def _words(text: str) -> list[str]:
    text = re.sub(r"[,;]", " ", fold(text)).strip().rstrip(".")
    words = [word.rstrip(".") for word in text.split()]
    return [word for word in words if word and word not in FILLERS]


def _day(word: str) -> int | None:
    ordinal = _ORDINAL.match(word)
    if ordinal:
        return int(ordinal.group(1))
    return int(word) if word.isdigit() and len(word) <= 2 else None


def _year(word: str) -> int | None:
    return int(word) if word.isdigit() and len(word) == 4 else None


def _real(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parts(words: list[str]) -> list[tuple[int, int, int]] | None:
    """(year, month, day) candidates of a date's words; None when they are not a date."""
    months = month_numbers()
    if len(words) == 1:
        numeric = _NUMERIC.match(words[0])
        if not numeric:
            return None
        first, second, third = numeric.groups()
        if len(first) == 4 and len(third) <= 2:  # 2017-03-04, 2017/03/04: year first, then month, day
            return [(int(first), int(second), int(third))]
        if len(third) == 4 and len(first) <= 2:  # 04/03/2017: day and month, in an order to ask
            a, b, year = int(first), int(second), int(third)
            return list(dict.fromkeys([(year, b, a), (year, a, b)]))
        return None
    if len(words) != 3:
        return None
    first, second, third = words
    if second in months and _day(first) and _year(third):  # 3 marzo 2017, 3rd March 2017
        return [(int(third), months[second], _day(first))]  # type: ignore[list-item]  # _day() is not None here: tested above
    if first in months and _day(second) and _year(third):  # March 3 2017, marzo 3 2017
        return [(int(third), months[first], _day(second))]  # type: ignore[list-item]  # _day() is not None here: tested above
    if _year(first) and second in months and _day(third):  # 2017 marzo 3
        return [(int(first), months[second], _day(third))]  # type: ignore[list-item]  # _day() is not None here: tested above
    return None


def read_date(text: str) -> DateReading:
    """What ``text`` means as a date; see :class:`DateReading`."""
    words = _words(text)
    candidates = _parts(words)
    if candidates is None and len(words) > 1 and words[0] in weekday_names():
        candidates = _parts(words[1:])  # viernes 3 de marzo de 2017; Friday, March 3, 2017
    if candidates is None:
        return DateReading(text)
    # A day or month out of range on one reading leaves the other; none left: no such date.
    dates = tuple(date for date in (_real(*parts) for parts in candidates) if date is not None)
    return DateReading(text, dates, impossible=not dates)
