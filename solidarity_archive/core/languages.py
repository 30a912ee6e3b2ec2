"""Languages: the names of those statements are written in, and dates in running text (pure)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType

import babel
import babel.dates


def N_(message: str) -> str:
    """Marks a reader-facing string for the message catalog; the Sphinx layer translates it where shown."""
    return message


class Message:
    """A sentence to translate where it is shown: its English template and the values to put in it.

    ``Message(N_("date '{value}' is not an ISO date"), value=text)``. The template
    is what the catalog translates; the values are put in after translation
    (``str.format``), so a translation may move them. A value may itself be a
    :class:`Message`, translated with the sentence around it. ``str()`` is the
    English.
    """

    __slots__ = ("template", "params")

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params = tuple(params.items())

    def translated(self, gettext: Callable[[str], str] | None = None) -> str:
        """The sentence in the language of ``gettext`` (English when None, or when it has no translation)."""
        values = {name: value.translated(gettext) if isinstance(value, Message) else value for name, value in self.params}
        template = gettext(self.template) if gettext is not None and self.template else self.template
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English says it all the same
            return self.template.format(**values)

    def templates(self) -> list[str]:
        """This template and those of the messages among its values, for the catalog's tests."""
        found = [self.template] if self.template else []
        for _name, value in self.params:
            if isinstance(value, Message):
                found += value.templates()
        return found

    def __str__(self) -> str:
        return self.translated()

    def __repr__(self) -> str:
        return f"Message({self.template!r}, {', '.join(f'{n}={v!r}' for n, v in self.params)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.template, self.params) == (other.template, other.params)

    def __hash__(self) -> int:
        return hash(self.template)


#: Text as shown: plain text, or a sentence translated where it is shown.
Text = str | Message


def translate(text: Text, gettext: Callable[[str], str] | None = None) -> str:
    """``text`` in the language of ``gettext``: a :class:`Message` translated, plain text as it is."""
    return text.translated(gettext) if isinstance(text, Message) else text


LANGUAGE_NAMES = {
    "en": N_("English"),
    "es": N_("Spanish"),
    "fr": N_("French"),
    "pt": N_("Portuguese"),
    "de": N_("German"),
    "it": N_("Italian"),
    "nl": N_("Dutch"),
}


@functools.lru_cache(maxsize=8)
def cldr_language_names(locale: str) -> Mapping[str, str]:
    """Each language the Unicode CLDR names in ``locale`` (through Babel), by its tag: ``{"gn": "guaraní",
    "es-MX": "español de México", …}`` in Spanish; empty for a locale Babel does not know. Made once per
    locale (every page of a statement in such a language asks), and read-only."""
    try:
        named = babel.Locale.parse(locale.replace("-", "_")).languages
    except (ValueError, babel.UnknownLocaleError):
        return MappingProxyType({})
    return MappingProxyType({code.replace("_", "-"): name for code, name in named.items()})


def language_name(tag: str, locale: str = "en") -> str:
    """The name of ``tag``'s language. One the catalog names (``LANGUAGE_NAMES``) as its message,
    for the caller to translate: ``'es-SV'`` → ``'Spanish'``. Another as the Unicode CLDR names it
    in ``locale``, the reader's language (``'gn'`` → ``'guaraní'`` in Spanish), which the catalog
    leaves as it is; a tag the CLDR has no name for, as written."""
    language = tag.split("-")[0].lower()
    if language in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[language]
    return cldr_language_names(locale).get(language) or tag


def autonym(tag: str) -> str:
    """A language's name in that language, as a language switcher shows it: ``Español``, ``English``."""
    language = tag.replace("_", "-").split("-")[0].lower()
    try:
        name = babel.Locale.parse(language).get_display_name(language) or tag
    except (ValueError, babel.UnknownLocaleError):
        return tag
    return name[:1].upper() + name[1:]


#: The date in running text, per interface language; Babel's long format for the others.
DATE_PATTERNS = {"en": "d MMMM y"}


@functools.lru_cache(maxsize=65536)
def format_date(date: dt.date, locale: str = "en") -> str:
    """A date in running text, written by Babel in ``locale``, never the machine's: ``19 January 2016``.

    ``sphinx-build`` sets the process locale from the environment, so month
    names from ``strftime`` would read "enero" on a machine set to Spanish.
    Remembered: a statement's date is written on many pages, and the same
    date and locale always read the same.
    """
    language = locale.replace("-", "_").split("_")[0].lower()
    return babel.dates.format_date(date, DATE_PATTERNS.get(language, "long"), locale=locale.replace("-", "_"))


def month_names(year: int, locale: str = "en") -> tuple[list[str], list[str]]:
    """The twelve months of ``year`` in ``locale``, by Babel: as a chart's axis writes them
    (narrow: ``J``, ``F``…) and as a sentence says them (``May 2016``, ``mayo de 2016``)."""
    locale = locale.replace("-", "_")
    narrow = babel.dates.get_month_names("narrow", "stand-alone", locale=locale)
    names = [babel.dates.format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale) for month in range(1, 13)]
    return [narrow[month] for month in range(1, 13)], names
