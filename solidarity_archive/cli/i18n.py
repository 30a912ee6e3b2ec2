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

import argparse
import gettext
import os
from collections.abc import Mapping
from pathlib import Path

from solidarity_archive.core.languages import N_

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
    _speak_argparse()
    return chosen


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """``message`` in the chosen language (the English itself when no translation exists)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural`` by ``count``, in the chosen language's plural rules."""
    return _translation.ngettext(singular, plural, count)


#: argparse's own words, as Python 3.11 to 3.13 write them, in the catalog with the archive's:
#: the help's headings, the help option, and the lines of a wrong command.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _speak_argparse() -> None:
    """argparse's words in the chosen language.

    argparse says them through gettext's global functions (``from gettext
    import gettext as _, ngettext``), which find a language only in the
    environment's variables and a catalog only in the global text domain:
    ``--lang`` could reach neither without changing the process's
    environment for every library and child process. argparse looks those two
    names up in its module each time it speaks, so they are pointed at the
    command line's own translation; everything else about argparse is left as it is.
    """
    argparse._ = _  # type: ignore[attr-defined]  # argparse looks these names up when it speaks: its words go through the catalog
    argparse.ngettext = ngettext  # type: ignore[attr-defined]  # argparse looks these names up when it speaks: its words go through the catalog
