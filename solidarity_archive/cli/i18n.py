"""The command line's words in the person's language.

The same catalog as the website (``solidarity_archive/locale/<lang>/LC_MESSAGES/solidarity_archive.po``),
read with Python's gettext. The language is ``--lang`` when given, else the
environment's locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, in
that order, as gettext itself looks), else English. A language the catalog
does not have falls back to English, the source language.

Command modules call ``_()`` and ``ngettext()`` at the moment they print, so a
string is translated in the language chosen when the command started.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

CATALOG = "solidarity_archive"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
#: The languages the command line speaks (English is the source language).
LANGUAGES = ("en", "es")
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The first language of the locale variables that the command line speaks; ``en`` otherwise.

    ``es_SV.UTF-8``, ``es``, ``es_ES:en`` all give ``es``; ``C`` and ``POSIX`` give ``en``.
    """
    environ = os.environ if environ is None else environ
    for name in _ENVIRONMENT:
        value = environ.get(name, "")
        if not value:
            continue
        # LANGUAGE is a list of preferences, each tried in turn; in the others the first set one decides.
        for item in value.split(":") if name == "LANGUAGE" else [value]:
            code = item.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
            if code in LANGUAGES:
                return code
        if name != "LANGUAGE":
            return "en"
    return "en"


def set_language(language: str | None) -> str:
    """Speak ``language`` (``None``: the environment's); returns the language chosen."""
    global _translation, _language
    chosen = (language or language_from_environment()).split("_", 1)[0].split("-", 1)[0].lower()
    if chosen not in LANGUAGES:
        chosen = "en"
    _language = chosen
    _translation = gettext.translation(CATALOG, localedir=str(LOCALE_DIR), languages=[chosen], fallback=True)
    return chosen


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """``message`` in the chosen language (the English itself when no translation exists)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translation.ngettext(singular, plural, count)
