"""Reading a press release (plain text or Markdown) into statement fields (pure).

What the text makes clear is taken; what it leaves open (an organisation not
in the registry, a date that reads two ways, a place the archive does not
know) is reported as a :class:`Question` that says what to add, never guessed.
A release never gives fewer signatories than it names: every organisation of
its "We, …" sentence or signature block is matched in the registry or named
in a question.

The layouts read: a letterhead, mastheads ("PRESS RELEASE", "FOR IMMEDIATE
RELEASE", "COMUNICADO DE PRENSA"…), embargo lines and press contacts above the
title; a dateline above the title, opening the text ("WASHINGTON, D.C., March
3, 2017 — …") or closing it; signature blocks ("Signed:", "Firman:",
"Firmamos:"…) whose lines may add a city or a country; press contacts and end
marks ("###", "-30-") at the bottom.

Messages are English templates marked with ``N_``; their parameters are
filled in after translation (:meth:`Question.translated`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import babel

from solidarity_archive.core.dates import read_date
from solidarity_archive.core.frontmatter import normalise_newlines
from solidarity_archive.core.languages import N_, Message
from solidarity_archive.core.registry import COUNTRY_TO_CHECK, Registry
from solidarity_archive.core.registry_edit import NewSignatory, duplicates, suggest_signatory_id
from solidarity_archive.core.statement_file import SLUG_STOP_WORDS
from solidarity_archive.core.text import fold, is_acronym, name_key

#: Lines that head a release but are not part of it, with the kind they announce.
MASTHEAD_KINDS = {
    "press release": "press release",
    "for immediate release": "press release",
    "news release": "press release",
    "media release": "press release",
    "comunicado de prensa": "press release",
    "nota de prensa": "press release",
    "boletín de prensa": "press release",
    "para publicación inmediata": "press release",
    "para difusión inmediata": "press release",
    "open letter": "open letter",
    "carta abierta": "open letter",
    "statement": "statement",
    "public statement": "statement",
    "joint statement": "statement",
    "press statement": "statement",
    "pronunciamiento": "statement",
    "pronunciamiento público": "statement",
    "declaration": "declaration",
    "declaración": "declaration",
    "declaración pública": "declaration",
    "declaración conjunta": "declaration",
    "comunicado": "communiqué",
    "comunicado público": "communiqué",
    "comunicado conjunto": "communiqué",
    "communiqué": "communiqué",
    "petition": "petition",
}
_MASTHEADS = {name_key(words): kind for words, kind in MASTHEAD_KINDS.items()}
#: "EMBARGOED UNTIL …", "FOR RELEASE: …": above the title, neither title nor date.
EMBARGO = re.compile(r"^(?:embargoed\b|embargo\b|for release\b|not for release\b|bajo embargo\b)", re.I)
#: A masthead and a date on one line: "FOR IMMEDIATE RELEASE: March 3, 2017", "COMUNICADO DE PRENSA – 8 de marzo de 2018".
MASTHEAD_WITH_DATE = re.compile(r"^(.+?)\s*(?::|\s[-–—]\s|[–—])\s*(.+)$")
#: A press contact: it and the rest of its block are not part of the release.
CONTACT = re.compile(
    r"^(?:media contacts?|press contacts?|contacts?|for more information|more information|"
    r"contactos?(?: de prensa| para medios)?|para más información|más información)\s*:",
    re.I,
)
#: End marks: "###", "# # #", "-30-", "- 30 -", "END", "FIN".
END_MARK = re.compile(r"^(?:(?:#\s*){3,}|(?:\*\s*){3,}|[-–—]*\s*30\s*[-–—]*|-?\s*(?:end|fin)\s*-?)$", re.I)
LIST_ITEM = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+")
#: A line that opens a signature block: "Signed,", "Signatories:", "Firman:", "Firmamos:", "Endorsed by:"…
_SIGNED_WORDS = (
    r"(?:signed|signed by|signatories|signers|undersigned|the undersigned|the undersigned organi[sz]ations|endorsed by|"
    r"co-?signed by|signing organi[sz]ations|organi[sz]ations signing|sincerely|in solidarity|"
    r"firman|firmamos|firmantes|firmado por|suscriben|suscribimos|organizaciones firmantes|atentamente|"
    r"en solidaridad|solidariamente)"
    r"(?:\s+(?:by\s+)?the\s+following(?:\s+organi[sz]ations)?|\s+(?:las\s+)?siguientes\s+organizaciones)?"
)
SIGNED_HEADING = re.compile(rf"^{_SIGNED_WORDS}\s*[:,]?$", re.I)
#: A signature line that names the organisations after its heading: "Firman: CISPES, SHARE y CIS."
SIGNED_INLINE = re.compile(rf"^{_SIGNED_WORDS}\s*:\s*(?P<names>\S.*?)\.?$", re.I)
#: "We, …", "Nosotros, …": the sentence that names the signatories.
WE = re.compile(r"^(?:We|Nosotros|Nosotras|Nosotros y nosotras|Nosotras y nosotros),\s*", re.I)
#: Small words before a name, or joining two: "the", "la", "and", "y", "along with", "junto con".
ARTICLE = re.compile(r"^(?:and|y|e|&|the|la|el|las|los|along with|together with|as well as|junto con|junto a|así como|asi como)\s+", re.I)
#: Small words inside an organisation's name, in lower case: "Mesa Nacional frente a la Minería Metálica".
NAME_SMALL_WORDS = SLUG_STOP_WORDS | frozenset(
    "e & against among between without about across pro contra frente entre sin hacia desde hasta ante bajo tras".split()
)
JOINT = re.compile(r"\s(?:and|y|e|&)\s+(?:(?:the|la|el|las|los)\s+)?", re.I)
#: A dash between a place and a date, or between a name and its city: " – ", " — ", " - ".
DASH = re.compile(r"\s+[-–—]\s+|\s*[–—]\s*")
#: A dateline opening the text: "WASHINGTON, D.C., March 3, 2017 — We, …", "San Salvador, 8 de marzo de 2018.- Las …".
OPENING_DATELINE = re.compile(r"^(?P<head>[^—–]{4,120}?)\s*(?:[—–]+|\s--|\.-|\s-)\s*(?P<rest>\S.*)$")
#: The archive's places ("City, Country"), or a function that reads them when a place needs them.
Places = Iterable[str] | Callable[[], Iterable[str]]
LANGUAGE_WORDS = {
    "en": frozenset("the and of to in that we for is are with our this be on".split()),
    "es": frozenset("el la los las de y que en por para con nuestro nosotros del se una".split()),
}


@dataclass(frozen=True)
class Question:
    """Something the importer could not decide, and how to settle it: a field and a :class:`Message`."""

    field: str
    text: Message

    @property
    def message(self) -> str:
        return str(self.text)

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The message in the language ``gettext`` speaks, its values filled in after translation."""
        return self.text.translated(gettext)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


#: Something the importer decided that the person should know (a place it completed).
Note = Message


@dataclass
class Imported:
    """What was read from a release. ``None`` means: not decided, see questions."""

    title: str | None = None
    date: dt.date | None = None
    date_as_printed: str | None = None
    place: str | None = None
    signatories: tuple[str, ...] = ()
    language: str | None = None
    kind: str | None = None
    body: str = ""
    questions: list[Question] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    #: Every signatory as printed, in order, with its registry id (None: not in the registry).
    printed_signatories: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def unknown_names(self) -> list[str]:
        return list(dict.fromkeys(name for name, sid in self.printed_signatories if sid is None))


# -- blocks -----------------------------------------------------------------


def blocks(text: str) -> list[list[str]]:
    """Groups of non-blank lines, trailing spaces and Markdown heading marks kept."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in normalise_newlines(text).split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _flat(lines: list[str]) -> str:
    return " ".join(" ".join(line.split()) for line in lines)


def _bare(line: str) -> str:
    """A line without Markdown emphasis or heading marks: ``**PRESS RELEASE**`` → ``PRESS RELEASE``."""
    return " ".join(line.strip().strip("#*_ ").split())


def signatory_ids_by_name(registry: Registry) -> dict[str, str]:
    """Folded name, acronym or alias → signatory id."""
    index: dict[str, str] = {}
    for signatory in registry.signatories.values():
        for name in (signatory.name, signatory.acronym, signatory.label, *signatory.aliases):
            if name:
                index.setdefault(name_key(name), signatory.id)
    return index


# -- dates --------------------------------------------------------------------


def _read_date(text: str) -> tuple[dt.date | None, Question | None]:
    """A printed date → (date, None), (None, why it is not decided), or (None, None): no date."""
    text = " ".join(text.strip().rstrip(".").split())
    reading = read_date(text)
    if reading.ambiguous:
        earlier, later = sorted(d.isoformat() for d in reading.dates)[:2]
        return None, Question(
            "date",
            Message(N_("the printed date '{printed}' can be read as {first} or {second}; pass --date YYYY-MM-DD"), printed=text, first=earlier, second=later),
        )
    if reading.impossible:
        return None, Question("date", Message(N_("the printed date '{printed}' is not a real date; pass --date YYYY-MM-DD"), printed=text))
    return reading.date, None


def parse_printed_date(text: str) -> tuple[dt.date | None, str | None]:
    """A printed date → (date, None), or (None, why it is not decided, in English), or (None, None)."""
    date, question = _read_date(text)
    return date, (question.message if question else None)


def _looks_like_date(text: str) -> bool:
    date, why = _read_date(text)
    return date is not None or why is not None


def _split_place_and_date(line: str) -> tuple[str, str] | None:
    """``San Salvador, 19 de enero de 2016``, ``San Salvador, El Salvador – 29 March 2022`` → (place, printed date)."""
    line = " ".join(line.split())
    dashed = DASH.split(line, maxsplit=1)
    if len(dashed) == 2 and _looks_like_date(dashed[1]) and _is_place(dashed[0]):
        return dashed[0].strip(" ,"), dashed[1]
    parts = [p.strip() for p in line.split(",")]
    for cut in range(1, len(parts)):
        place, printed = ", ".join(parts[:cut]), ", ".join(parts[cut:])
        if _looks_like_date(printed) and _is_place(place):
            return place, printed
    return None


#: A word that ends in a full stop and does not end a sentence: "D.C.", "EE. UU.", "Inc.", "S.A.".
ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z][^\W\d_]{0,3}\.)+$")


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return text.endswith((":", ";")) or (text.endswith(".") and not ABBREVIATION.search(text))


def _is_place(text: str) -> bool:
    text = text.strip(" ,")
    return bool(text) and len(text) <= 80 and not any(ch.isdigit() for ch in text) and text[0].isupper() and not _ends_sentence(text)


def _dateline(line: str) -> tuple[str | None, str] | None:
    """A line that is a date, or a place and a date: (place or None, printed date)."""
    line = _bare(line)
    if _looks_like_date(line):
        return None, line
    both = _split_place_and_date(line)
    if both:
        return both
    bracketed = re.match(r"^(.+?)\s*\(([^()]+)\)$", line)  # SAN SALVADOR (27 de marzo de 2023)
    if bracketed and _is_place(bracketed.group(1)) and _looks_like_date(bracketed.group(2)):
        return bracketed.group(1), bracketed.group(2)
    return None


# -- places -----------------------------------------------------------------------


@functools.cache
def _countries() -> dict[str, str]:
    """Country names in English and Spanish (Babel's territories), by ``name_key``, → the English name."""
    english = babel.Locale("en").territories
    names: dict[str, str] = {}
    for locale in ("en", "es"):
        for code, name in babel.Locale(locale).territories.items():
            if code.isalpha() and len(code) == 2 and code in english:
                names.setdefault(name_key(name), english[code])
    names.update({"usa": "United States", "us": "United States", "u s a": "United States", "eeuu": "United States", "ee uu": "United States"})
    return names


def is_country(name: str) -> bool:
    return name_key(name) in _countries()


def split_country(name: str) -> tuple[str, str | None]:
    """``'Alianza Centroamericana, Honduras'`` → (``'Alianza Centroamericana'``, ``'Honduras'``)."""
    head, comma, tail = name.rpartition(",")
    if comma and head.strip():
        country = _countries().get(name_key(tail))
        if country:
            return head.strip(), country
    return name, None


def _place_key(text: str) -> str:
    """A place compared without case, accents, spaces or punctuation: ``Washington, DC`` = ``Washington, D.C.``."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _tidy_place(printed: str) -> str:
    """``WASHINGTON, D.C., United States`` → ``Washington, D.C., United States``: a part in capitals is
    written as a name; abbreviations (``D.C.``, ``EE. UU.``) and short parts (``NY``, ``USA``) stay."""
    parts = []
    for part in (" ".join(p.split()) for p in printed.split(",")):
        if part.isupper() and (" " in part or len(re.sub(r"[^\w]", "", part)) > 3):
            words = part.split()
            part = " ".join(
                word if "." in word else word.lower() if number and word.lower() in SLUG_STOP_WORDS else word[:1] + word[1:].lower()
                for number, word in enumerate(words)
            )
        parts.append(part)
    return ", ".join(p for p in parts if p)


def read_place(printed: str, places: Places = ()) -> tuple[str | None, Question | None, Note | None]:
    """The place a release prints → ("City, Country", None, None); a place without a country completed
    from ``places`` (the archive's, "City, Country") → (place, None, a note saying so); else a question."""
    tidy = _tidy_place(printed)
    city, comma, country = tidy.rpartition(",")
    if comma and city.strip() and is_country(country):
        return tidy, None, None
    key = _place_key(tidy)
    found: list[str] = []
    for known in places() if callable(places) else places:
        known_city, _, _ = known.rpartition(",")
        if key in (_place_key(known), _place_key(known_city)) and known not in found:
            found.append(known)
    if len(found) == 1:
        return (
            found[0],
            None,
            Message(
                N_("the printed place '{printed}' has no country: '{place}', as the archive's statements from there have it"), printed=printed, place=found[0]
            ),
        )
    if found:
        return (
            None,
            Question(
                "place",
                Message(
                    N_("the printed place '{printed}' has no country, and the archive has statements from {places}; pass --place \"City, Country\""),
                    printed=printed,
                    places=" / ".join(found),
                ),
            ),
            None,
        )
    return None, Question("place", Message(N_("the printed place '{printed}' has no country; pass --place \"{printed}, Country\""), printed=tidy)), None


# -- signatories ---------------------------------------------------------------


def _split_names(text: str) -> list[str]:
    """Split a list of organisations on commas that are not inside brackets."""
    pieces, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    return [p.strip() for p in pieces if p.strip()]


def _strip_article(name: str) -> str:
    name = name.strip()
    while ARTICLE.match(name):
        name = ARTICLE.sub("", name, count=1).strip()
    return name


def split_acronym(name: str) -> tuple[str, str | None]:
    """``'Latin America Working Group (LAWG)'`` → (``'Latin America Working Group'``, ``'LAWG'``)."""
    bracket = re.match(r"^(.*?)\s*\(([^()]+)\)$", name.strip())
    if bracket and bracket.group(1) and is_acronym(bracket.group(2).strip()):
        return bracket.group(1).strip(), bracket.group(2).strip()
    return name.strip(), None


def match_name(name: str, index: dict[str, str]) -> str | None:
    """A signatory id for a printed name: full name, 'Name (ACRONYM)', acronym or alias
    (a trailing ', Country' left out).

    An acronym in brackets names its organisation alone only when the words before it are one
    name: in "SHARE y el Centro de Intercambio y Solidaridad (CIS)" the acronym is the last
    organisation's, not the whole span's.
    """
    name = split_country(_strip_article(name))[0]
    found = index.get(name_key(name))
    if found:
        return found
    bracket = re.match(r"^([^()]*?)\s*\(([^()]+)\)$", name)
    if bracket:
        before, inside = bracket.group(1), bracket.group(2)
        by_name = index.get(name_key(before)) if before else None
        if by_name:
            return by_name
        by_acronym = index.get(name_key(inside)) if is_acronym(inside.strip()) else None
        if by_acronym and not JOINT.search(f" {before} "):
            return by_acronym
    return None


def printed_names(text: str, index: dict[str, str]) -> list[tuple[str, str | None]]:
    """Each organisation of 'A (X), B, and C, denounce …' in order, with its registry id or None.

    The list ends where a piece starts in lower case ('organizations in solidarity with …') or
    where a verb follows the last name ('SHARE y CIS exigimos …').
    """
    printed: list[tuple[str, str | None]] = []
    pieces = [_strip_article(piece) for piece in _split_names(text)]
    for number, piece in enumerate(pieces):
        if not piece or not (piece[0].isupper() or piece[0].isdigit()):
            break
        span, rest = _organisation_span(piece)
        if rest and _names_follow(pieces[number + 1 :], index):
            span, rest = piece, ""  # a word in lower case inside a name: the list goes on after it
        if span:
            printed.extend(_joined_names(span, index))
        if rest:
            break
    return printed


def _names_follow(pieces: list[str], index: dict[str, str]) -> bool:
    """Does the next piece of the list name an organisation of the registry?"""
    if not pieces or not pieces[0][:1].isupper():
        return False
    return any(sid for _name, sid in _joined_names(_organisation_span(pieces[0])[0], index))


def _organisation_span(piece: str) -> tuple[str, str]:
    """``'CIS exigimos justicia'`` → (``'CIS'``, ``'exigimos justicia'``): capitalised words, bracketed
    acronyms and the small words between them; what follows is not a name."""
    tokens = re.findall(r"\([^()]*\)|\S+", piece)
    end = 0
    for number, token in enumerate(tokens):
        if token[0].isupper() or token[0].isdigit() or token.startswith(("(", "“", '"', "'", "«")) or token == "&":
            end = number + 1
        elif fold(token) not in NAME_SMALL_WORDS:
            break
    return " ".join(tokens[:end]), " ".join(tokens[end:])


def _joined_names(span: str, index: dict[str, str]) -> list[tuple[str, str | None]]:
    """'A and B', 'A y B': each organisation with its id (None: not in the registry). The span is cut at
    an 'and'/'y' where a registry name ends or starts ("Fundación SHARE y el Centro de Intercambio y
    Solidaridad (CIS)"), or after a bracketed acronym; else it is one name ("Movimiento de Víctimas y
    Afectados por el Cambio Climático (MOVIAC)")."""
    span = _strip_article(span)
    found = match_name(span, index)
    if found:
        return [(span, found)]
    joints = [j for j in JOINT.finditer(span) if span[j.end() : j.end() + 1].isupper() or span[j.end() : j.end() + 1].isdigit()]
    for joint in joints:
        left, right = span[: joint.start()].strip(), span[joint.end() :].strip()
        first = match_name(left, index)
        if first:
            return [(left, first), *_joined_names(right, index)]
    for joint in joints:
        left, right = span[: joint.start()].strip(), span[joint.end() :].strip()
        last = match_name(right, index)
        if last:
            return [*_joined_names(left, index), (right, last)]
    for joint in joints:
        left, right = span[: joint.start()].strip(), span[joint.end() :].strip()
        if re.search(r"\([^()\s]+\)$", left):
            return [*_joined_names(left, index), *_joined_names(right, index)]
    return [(span, None)]


def we_names(paragraph: str) -> str | None:
    """The list of organisations in a 'We, the …' / 'Nosotros, la …' sentence, if the paragraph opens with one."""
    match = WE.match(paragraph)
    if not match:
        return None
    rest = paragraph[match.end() :]
    return re.split(r"(?<=[.;:])\s", rest, maxsplit=1)[0]


def signature_name(line: str, index: dict[str, str]) -> tuple[str, str | None]:
    """A line of a signature block → (the organisation as reported, its id or None).

    ``CISPES – Washington, DC``, ``SHARE Foundation (United States)``, ``Fundación SHARE, Estados
    Unidos``: the city or country after the name is not part of it; a country is kept in the
    reported name (``Friends of the River, United States``) for ``--add-signatories``.
    """
    name, place = _name_and_place(line)
    pieces = _split_names(name)
    for cut in range(len(pieces), 0, -1):
        candidate = ", ".join(pieces[:cut])
        found = match_name(candidate, index)
        if found:
            return candidate, found
    name, place = pieces[0] if pieces else name, ", ".join([*pieces[1:], place] if place else pieces[1:])
    country = place.rpartition(",")[2].strip() if place else ""
    return (f"{name}, {country}" if country and is_country(country) else name), None


def _name_and_place(line: str) -> tuple[str, str]:
    """``CISPES – Washington, DC`` → (``CISPES``, ``Washington, DC``); ``SHARE (United States)`` →
    (``SHARE``, ``United States``). A bracketed acronym stays with the name."""
    line = _bare(LIST_ITEM.sub("", line, count=1))
    name, place = line, ""
    dashed = DASH.split(line, maxsplit=1)
    if len(dashed) == 2 and dashed[0]:
        name, place = dashed[0].strip(), dashed[1].strip()
    while True:
        bracket = re.match(r"^(.*\S)\s*\(([^()]+)\)$", name)
        if not bracket or is_acronym(bracket.group(2).strip()):
            break
        name, place = bracket.group(1).strip(), ", ".join(p for p in (bracket.group(2).strip(), place) if p)
    return name, place


def _name_like(line: str) -> bool:
    """A line of capitalised words, bracketed acronyms and small words: a name, not a sentence."""
    name = _name_and_place(line)[0]
    return all(piece[:1].isupper() or piece[:1].isdigit() for piece in _split_names(name)[:1]) and not _organisation_span(name)[1]


# -- the release --------------------------------------------------------------------


def _top_line(line: str, index: dict[str, str]) -> tuple[str, object] | None:
    """What a line above the title is: ("masthead", kind), ("contact", None), ("dateline", (place, date)),
    ("letterhead", None), or None: part of the release. "FOR IMMEDIATE RELEASE: March 3, 2017" is a
    masthead and a dateline: ("masthead", (kind, (None, date)))."""
    text = _bare(line)
    folded = name_key(text)
    if folded in _MASTHEADS:
        return "masthead", _MASTHEADS[folded]
    dated = MASTHEAD_WITH_DATE.match(text)
    if dated and name_key(dated.group(1)) in _MASTHEADS and _dateline(dated.group(2)):
        return "masthead", (_MASTHEADS[name_key(dated.group(1))], _dateline(dated.group(2)))
    if EMBARGO.match(text):
        return "masthead", None
    if CONTACT.match(text):
        return "contact", None
    dateline = _dateline(text)
    if dateline:
        return "dateline", dateline
    if folded in index:
        return "letterhead", None
    return None


def _is_masthead_block(block: list[str], index: dict[str, str]) -> bool:
    """A block that opens with a masthead ("PRESS RELEASE", "FOR IMMEDIATE RELEASE", an embargo line)."""
    kinds = [_top_line(line, index) for line in block]
    return any(k and k[0] == "masthead" for k in kinds) and all(k and k[0] in ("masthead", "contact") for k in kinds[:1])


def guess_language(text: str) -> str | None:
    words = re.findall(r"[a-záéíóúñ]+", text.lower())
    scores = {tag: sum(word in vocabulary for word in words) for tag, vocabulary in LANGUAGE_WORDS.items()}
    best = max(scores, key=scores.__getitem__)
    others = [score for tag, score in scores.items() if tag != best]
    if scores[best] >= 5 and all(scores[best] >= 2 * score for score in others):
        return best
    return None


def read_release(text: str, registry: Registry, places: Places = ()) -> Imported:
    """Everything the text decides; the rest as questions.

    ``places``: the places of the archive's statements ("City, Country"), which complete a place
    printed without its country; or a function giving them, called only when one is needed.
    """
    result = Imported()
    index = signatory_ids_by_name(registry)
    groups = blocks(text)
    datelines: list[tuple[str | None, str]] = []  # (printed place, printed date), top to bottom

    # Above the title: a letterhead, mastheads, embargo lines, press contacts, a dateline.
    masthead_at = next((n for n, block in enumerate(groups[:6]) if _is_masthead_block(block, index)), None)
    for block in groups[: masthead_at or 0]:  # a letterhead: names, addresses, logos' words
        datelines.extend(kind[1] for kind in (_top_line(line, index) for line in block) if kind and kind[0] == "dateline")  # type: ignore[misc]  # a dateline's value is (place, date)
    del groups[: masthead_at or 0]
    _take_top_lines(groups, result, index, datelines)
    if groups:
        first = groups[0]
        heading = re.match(r"^#{1,3}\s+(.*)$", first[0])
        if heading or (len(first) <= 3 and not _flat(first).endswith((".", ":", ";")) and not LIST_ITEM.match(first[0])):
            result.title = _flat([heading.group(1)] + first[1:] if heading else first).strip("*_ ")
            groups.pop(0)
            _take_top_lines(groups, result, index, datelines, under_title=True)  # a dateline or a contact
    if result.title is None:
        result.questions.append(Question("title", Message(N_('no title line found above the text; pass --title "…"'))))

    # From the bottom: end marks, press contacts, the closing place and date, signature blocks.
    closing: list[tuple[str | None, str | None]] = []
    signature_block: list[tuple[str, str | None]] = []
    while groups:
        last = groups[-1]
        while last and END_MARK.match(_bare(last[-1]) or last[-1].strip()):
            last.pop()
        if not last:
            groups.pop()
            continue
        contact_at = next((n for n, line in enumerate(last) if CONTACT.match(_bare(line))), None)
        if contact_at is not None:
            if contact_at == 0:
                groups.pop()
            else:
                del last[contact_at:]
            continue
        found = _closing(last, index)
        if found is not None:
            place, printed_date, rest = found
            closing.insert(0, (place, printed_date))
            groups.pop()
            if rest:
                groups.append(rest)
            continue
        place_alone = _closing_place(last)
        if place_alone and not closing:
            closing.insert(0, (place_alone, None))
            groups.pop()
            continue
        inline = SIGNED_INLINE.match(_flat([_bare(line) for line in last])) if SIGNED_INLINE.match(_bare(last[0])) else None
        if inline:  # the names follow the heading on its line (and may run on to the next ones)
            signature_block = [*printed_names(inline.group("names"), index), *signature_block]
            groups.pop()
            continue
        headed = bool(len(groups) >= 2 and len(groups[-2]) == 1 and SIGNED_HEADING.match(_bare(groups[-2][0])))
        if SIGNED_HEADING.match(_bare(last[0])) and len(last) > 1:
            last, headed = last[1:], True
        if _is_signature_block(last, index, headed=bool(headed)):
            signature_block = [signature_name(line, index) for line in last if not SIGNED_HEADING.match(_bare(line))] + signature_block
            groups.pop()
            if headed and groups and len(groups[-1]) == 1 and SIGNED_HEADING.match(_bare(groups[-1][0])):
                groups.pop()
            continue
        break

    # A dateline opening the text: "WASHINGTON, D.C., United States, March 3, 2017 — We, …".
    if groups and not LIST_ITEM.match(groups[0][0]):
        opening = OPENING_DATELINE.match(_flat(groups[0]))
        dateline = _dateline(opening.group("head")) if opening else None
        if dateline:
            datelines.append(dateline)
            groups[0] = [opening.group("rest")]  # type: ignore[union-attr]  # a dateline comes from an opening
    _decide_date_and_place(result, datelines + closing, places)

    body = [_body_block(block) for block in groups]
    result.body = "\n\n".join(body)

    # Signatories: the 'We, …' sentence first, then the signature block.
    printed: list[tuple[str, str | None]] = []
    for paragraph in body[:3]:
        names = we_names(paragraph)
        if names is not None:
            printed = printed_names(names, index)
            break
    for name, sid in signature_block:
        if (sid is not None and sid not in {s for _n, s in printed}) or (sid is None and name_key(name) not in {name_key(n) for n, _s in printed}):
            printed.append((name, sid))
    result.printed_signatories = printed
    ids = list(dict.fromkeys(sid for _name, sid in printed if sid is not None))
    result.signatories = tuple(ids)
    for name in result.unknown_names:
        result.questions.append(
            Question(
                "signatories",
                Message(
                    N_(
                        "'{name}' is not in the signatory registry; add it to source/signatories.yaml (as a new entry, or as an alias of an existing one), then import again (or import with --add-signatories to add them all), or pass every --signatory ID"
                    ),
                    name=name,
                ),
            )
        )
    if not printed:
        result.questions.append(
            Question("signatories", Message(N_("no 'We, …' / 'Nosotros, …' sentence or signature block names the signatories; pass --signatory ID for each")))
        )

    result.language = guess_language(result.body)
    if result.language is None:
        result.questions.append(Question("language", Message(N_("the language of the text is not clear; pass --language (e.g. en, es)"))))
    return result


def _take_top_lines(groups: list[list[str]], result: Imported, index: dict[str, str], datelines: list, *, under_title: bool = False) -> None:
    """Take mastheads, embargo lines, contacts and datelines from the top, line by line (under the
    title, an organisation's name on a line of its own is the text's, not a letterhead)."""
    while groups:
        block = groups[0]
        while block:
            kind = _top_line(block[0], index)
            if kind is None or (under_title and kind[0] == "letterhead"):
                break
            if kind[0] == "masthead" and isinstance(kind[1], tuple):  # with its date
                result.kind = result.kind or kind[1][0]
                datelines.append(kind[1][1])
            elif kind[0] == "masthead":
                result.kind = result.kind or kind[1]  # type: ignore[assignment]  # a masthead without a date gives its kind alone
            elif kind[0] == "dateline":
                datelines.append(kind[1])
            elif kind[0] == "contact":
                block.clear()  # the contact's name, telephone, e-mail follow on its lines
                break
            block.pop(0)
        if block:
            return
        groups.pop(0)


def _decide_date_and_place(result: Imported, datelines: list[tuple[str | None, str | None]], places: Places) -> None:
    """One date and one place from every dateline the release prints, or the question that remains."""
    dates: dict[dt.date, str] = {}
    for _place, printed in datelines:
        if printed is None:
            continue  # a place alone
        date, question = _read_date(printed)
        if question is not None:
            result.questions.append(question)
            result.date_as_printed = result.date_as_printed or " ".join(printed.split()).rstrip(".")
        elif date is not None:
            dates.setdefault(date, " ".join(printed.split()).rstrip("."))
    if len(dates) > 1:
        first, second = list(dates.values())[:2]
        result.questions.append(
            Question("date", Message(N_("the release prints two dates, '{first}' and '{second}'; pass --date YYYY-MM-DD"), first=first, second=second))
        )
        result.date_as_printed = first
    elif dates and not any(q.field == "date" for q in result.questions):
        [(result.date, result.date_as_printed)] = dates.items()
    elif not dates and not any(q.field == "date" for q in result.questions):
        result.questions.append(Question("date", Message(N_("no date found above the title, opening the text or closing it; pass --date YYYY-MM-DD"))))

    printed_places = [place for place, _date in datelines if place]
    with_country = list({_place_key(p): p for p in printed_places if "," in p and is_country(p.rpartition(",")[2])}.values())
    if len(with_country) > 1:
        result.questions.append(
            Question(
                "place",
                Message(
                    N_("the release prints two places, '{first}' and '{second}'; pass --place \"City, Country\""), first=with_country[0], second=with_country[1]
                ),
            )
        )
        return
    chosen = next(iter(with_country or printed_places), None)
    if chosen is None:
        result.questions.append(Question("place", Message(N_('no place found with the date; pass --place "City, Country"'))))
        return
    place, question, note = read_place(chosen, places)
    result.place = place
    if question:
        result.questions.append(question)
    if note:
        result.notes.append(note)


def _body_block(block: list[str]) -> str:
    """A paragraph on one line, or a list with one item per line."""
    if LIST_ITEM.match(block[0]):
        items: list[str] = []
        for line in block:
            if LIST_ITEM.match(line):
                number = re.match(r"^\s*(\d{1,2})", line)
                marker = f"{number.group(1)}." if number else "-"
                items.append(f"{marker} {' '.join(LIST_ITEM.sub('', line).split())}")
            elif items:
                items[-1] += " " + " ".join(line.split())
        return "\n".join(items)
    if block[0].lstrip().startswith(">"):
        return "\n".join(block)
    return _flat(block)


def _closing(block: list[str], index: dict[str, str]) -> tuple[str | None, str, list[str]] | None:
    """The last block's closing lines: (place, printed date, lines left above them)."""
    last = _bare(block[-1])
    if _looks_like_date(last):
        above = _bare(block[-2]) if len(block) >= 2 else ""
        place = above if above and _is_place(above) and match_name(above, index) is None and not SIGNED_HEADING.match(above) else None
        keep = block[: -2 if place else -1]
        return place, last, keep
    both = _dateline(last)
    if both:
        return both[0], both[1], block[:-1]
    return None


def _closing_place(block: list[str]) -> str | None:
    """A last block that is a place alone, with its country ("Washington, D.C., United States"): the date is elsewhere."""
    line = _bare(block[-1]) if len(block) == 1 else ""
    city, comma, country = line.rpartition(",")
    return line if comma and city.strip() and _is_place(line) and is_country(country) else None


def _is_signature_block(block: list[str], index: dict[str, str], *, headed: bool = False) -> bool:
    """Short lines, at least one of them a registry name (or under a "Signed:" heading): a list of signers."""
    if any(len(line) > 160 or _ends_sentence(line) for line in block):
        return False
    lines = [line for line in block if not SIGNED_HEADING.match(_bare(line))]
    if headed:
        names = [_bare(LIST_ITEM.sub("", line, count=1)) for line in lines]
        return all(name[:1].isupper() or name[:1].isdigit() for name in names)
    return all(_name_like(line) for line in lines) and any(signature_name(line, index)[1] for line in lines)


# -- proposing registry entries (import --add-signatories) ----------------------------


def propose_signatories(names: list[str], registry: Registry, countries: dict[str, str] | None = None) -> list[NewSignatory]:
    """A registry entry for each organisation name not in the registry.

    The acronym comes from parentheses, the country from a trailing
    ``, Country`` (or ``countries``, by printed name, e.g. answers to a
    question); else the country is left as ``COUNTRY_TO_CHECK``, which the
    registry reports until it is filled in. Ids are suggested from the acronym
    or the name.
    """
    taken = set(registry.ids())
    proposals: list[NewSignatory] = []
    for printed in names:
        name, country = split_country(printed)
        name, acronym = split_acronym(name)
        country = country or (countries or {}).get(printed)
        if acronym and duplicates(registry, [acronym]):
            acronym = None  # the acronym is someone else's: keep the name only
        sid = suggest_signatory_id(name, acronym, taken)
        taken.add(sid)
        proposals.append(
            NewSignatory(
                id=sid,
                name=name,
                acronym=acronym,
                country=country or COUNTRY_TO_CHECK,
                comment=None if country else f"Added by import from '{printed}': fill in the country.",
            )
        )
    return proposals
