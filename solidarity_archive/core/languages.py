"""Languages: the names of those statements are written in, and dates in running text (pure)."""

from __future__ import annotations

import datetime as dt
import functools

import babel
import babel.dates


def N_(message: str) -> str:
    """Marks a reader-facing string for the message catalog; the Sphinx layer translates it where shown."""
    return message


LANGUAGE_NAMES = {
    "en": N_("English"),
    "es": N_("Spanish"),
    "fr": N_("French"),
    "pt": N_("Portuguese"),
    "de": N_("German"),
    "it": N_("Italian"),
    "nl": N_("Dutch"),
}


def language_name(tag: str) -> str:
    """``'es-SV'`` → ``'Spanish'``; unknown tags are shown as written."""
    return LANGUAGE_NAMES.get(tag.split("-")[0].lower(), tag)


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
