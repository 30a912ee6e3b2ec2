"""Answers typed to ``new``, read and checked one at a time (pure).

The rules are the archive's own: a field's answer is written as that one
frontmatter field and read back by :func:`validation.validate`, the check
``make check`` runs on every file; a place is held against the places of the
archive with :func:`pages.same_page_problems`, as ``check`` does. What this
module adds is the reading of what people type (a signatory's name or
acronym for its id, a kind by number, a language by name) and the nearest
valid values to offer when an answer is refused. The words said to the
person are the command line's; this module returns data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from solidarity_archive.core import frontmatter
from solidarity_archive.core.frontmatter import FrontmatterError
from solidarity_archive.core.languages import LANGUAGE_NAMES, cldr_language_names
from solidarity_archive.core.model import KINDS, Place, Problem, Statement
from solidarity_archive.core.pages import Placed, country_page, place_page, same_page_problems
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.registry_edit import names_taken
from solidarity_archive.core.statement_file import yaml_scalar
from solidarity_archive.core.suggest import closest
from solidarity_archive.core.text import ascii_slug, fold, name_key
from solidarity_archive.core.validation import DATED, validate

#: At most this many nearest values are offered for a refused answer.
OFFERED = 5
_LIST_SEPARATORS = re.compile(r"[,;\n]")


# -- one field, by the archive's rules -------------------------------------------------


def field_problems(key: str, value: object, registry: Registry, today: dt.date, path: str = "statements/new.md") -> list[Problem]:
    """The problems ``make check`` would report for ``key: value`` in a statement (other fields aside).

    ``value``: text, a date, or (signatories) a sequence of ids.
    """
    if key == "signatories":
        ids = list(value) if isinstance(value, (list, tuple)) else []
        lines = ["signatories:", *(f"  - {yaml_scalar(sid)}" for sid in ids)]
    elif isinstance(value, dt.date):
        lines = [f"{key}: {value.isoformat()}"]
    else:
        lines = [f"{key}: {yaml_scalar(str(value))}"]
    try:
        fields = frontmatter.parse("\n".join(lines) + "\n", 2)
    except FrontmatterError as error:
        return [Problem(path, error.line, error.subtype, error.message, error.column)]
    _statement, problems = validate(fields, path=path, docname=path[: -len(".md")], registry=registry, today=today)
    return [problem for problem in problems if problem.subtype != "required"]


# -- signatories ------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatoryAnswer:
    """One signatory as typed: the registry id it names (``how``: id, name, acronym or alias), or the nearest ids."""

    typed: str
    id: str | None = None
    how: str | None = None
    closest: tuple[str, ...] = ()


def find_signatory(typed: str, registry: Registry) -> tuple[str, str] | None:
    """(id, how) for a registry id, name, acronym or alias, compared without case, accents or punctuation."""
    text = " ".join(typed.split())
    if text in registry:
        return text, "id"
    index = names_taken(registry)
    candidates = [text]
    bracket = re.match(r"^(.*?)\s*\(([^()]+)\)$", text)  # "Name (ACRONYM)", as the registry's list shows it
    if bracket:
        candidates += [bracket.group(1), bracket.group(2)]
    for candidate in candidates:
        hit = index.get(name_key(candidate, join_initials=True))
        if hit is not None:
            return hit
    return (text.lower(), "id") if text.lower() in registry else None


def closest_signatories(typed: str, registry: Registry, limit: int = OFFERED) -> list[str]:
    """The registry ids nearest to ``typed``: by id, name, acronym or alias, then names holding its words."""
    by_name: dict[str, str] = {}
    for sid, signatory in registry.signatories.items():
        for name in (sid, signatory.name, signatory.acronym, *signatory.aliases):
            if name:
                by_name.setdefault(name_key(name), sid)
    key = name_key(typed)
    found = [by_name[name] for name in closest(key, by_name, limit=limit)] if key else []
    words = set(key.split())
    if words:
        found += [sid for name, sid in by_name.items() if words <= set(name.split()) or (len(key) >= 4 and key in name)]
    return list(dict.fromkeys(found))[:limit]


def read_signatories(answer: str, registry: Registry) -> list[SignatoryAnswer]:
    """Every signatory of an answer, separated by commas (or spaces between ids, as ``cis share``)."""
    found: list[SignatoryAnswer] = []
    for piece in (p.strip() for p in _LIST_SEPARATORS.split(answer)):
        if not piece:
            continue
        hit = find_signatory(piece, registry)
        if hit is None and len(piece.split()) > 1 and all(word.lower() in registry for word in piece.split()):
            found += [SignatoryAnswer(word, word.lower(), "id") for word in piece.split()]
        elif hit is None:
            found.append(SignatoryAnswer(piece, closest=tuple(closest_signatories(piece, registry))))
        else:
            found.append(SignatoryAnswer(piece, *hit))
    return found


# -- places -------------------------------------------------------------------------------


def place_problems(place: str, known: Iterable[Placed], path: str, today: dt.date) -> list[Problem]:
    """The problems ``check`` reports when ``place`` joins the archive's places: a spelling that would write
    another statement's place or country page under a second name."""
    city, _, country = place.rpartition(",")
    stem = path.rsplit("/", 1)[-1][: -len(".md")]
    new = Statement(id=stem, docname=path[: -len(".md")], title="", date=today, place=Place(city.strip(), country.strip()), signatories=(), language="")
    problems = same_page_problems([*known, Placed(new, path, 1)])
    return [problem for problem in problems if problem.path == path]


def closest_places(typed: str, places: Iterable[str], limit: int = OFFERED) -> list[str]:
    """Places to offer for ``typed`` (``places``: the archive's, most used first): the spelling of the same page,
    places of that city or country, a city alone with the archive's countries, then places spelled alike."""
    places = list(dict.fromkeys(places))
    typed = " ".join(typed.split())
    key = fold(typed)
    found = [p for p in places if place_page(p) == place_page(typed)]
    for place in places:
        city, _, country = place.rpartition(",")
        if key and key in (fold(city), fold(country)):
            found.append(place)
    if typed and "," not in typed:
        countries = [place.rpartition(",")[2].strip() for place in places]
        found += [f"{typed}, {country}" for country in dict.fromkeys(countries) if fold(country) != key]
    elif "," in typed:
        city, _, country = typed.rpartition(",")
        by_page = {country_page(place.rpartition(",")[2].strip()): place.rpartition(",")[2].strip() for place in reversed(places)}
        known = by_page.get(country_page(country.strip()))
        if known and city.strip() and known != country.strip():
            found.append(f"{city.strip()}, {known}")
    found += closest(typed, places, limit=limit)
    # Never a second spelling of a page the archive has: its own spelling instead.
    spelled = {place_page(place): place for place in reversed(places)}
    found = [spelled.get(place_page(place), place) for place in found]
    return list(dict.fromkeys(found))[:limit]


# -- kind, language, id -------------------------------------------------------------------


def read_kind(answer: str, shown: Mapping[str, str] | None = None) -> str | None:
    """A kind from its number in :data:`KINDS` (from 1), its name, or its name as shown (``shown``: kind → shown name)."""
    text = answer.strip()
    if text.isdigit():
        number = int(text)
        return KINDS[number - 1] if 1 <= number <= len(KINDS) else None
    names = {fold(kind): kind for kind in KINDS}
    translated: dict[str, set[str]] = {}
    for kind, name in (shown or {}).items():
        translated.setdefault(fold(name), set()).add(kind)
    # A name two kinds share in a language (Spanish "declaración") names neither: its number does.
    names.update({name: kinds.pop() for name, kinds in translated.items() if len(kinds) == 1 and name not in names})
    return names.get(fold(text))


def read_language(answer: str, shown: Mapping[str, str] | None = None, locale: str = "en") -> str:
    """A language tag from a tag or a language's name: in English, as shown (``shown``: tag → name), or as
    the Unicode CLDR names it in ``locale``, the person's language, or in English (``guaraní`` → ``gn``,
    ``español de México`` → ``es-MX``). Anything else is returned as typed, for the rules to judge."""
    text = answer.strip()
    names: dict[str, str] = {}
    for named in (cldr_language_names("en"), cldr_language_names(locale), LANGUAGE_NAMES, shown or {}):  # a later one wins
        names.update({fold(name): tag for tag, name in named.items()})
    return names.get(fold(text), text)


def read_slug(answer: str) -> str:
    """The words of an id after its date, from what was typed: ``Alto a la minería`` → ``alto-a-la-mineria``;
    a whole id typed (``2017-03-03-alto``) gives its words."""
    slug = ascii_slug(answer.strip())
    if DATED.match(slug):
        slug = slug[11:]
    return slug


def numbered(answer: str, offered: Sequence[str]) -> str | None:
    """The offered value an answer picks by its number (from 1), or None."""
    text = answer.strip()
    if text.isdigit() and 1 <= int(text) <= len(offered):
        return offered[int(text) - 1]
    return None
