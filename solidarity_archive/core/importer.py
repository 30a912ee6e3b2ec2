"""Reading a press release (plain text or Markdown) into statement fields (pure).

What the text makes clear is taken; what it leaves open (an organisation not
in the registry, a date that reads two ways, a place without a country) is
reported as a :class:`Question` that says what to add, never guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

import babel

from solidarity_archive.core.frontmatter import normalise_newlines
from solidarity_archive.core.registry import COUNTRY_TO_CHECK, Registry
from solidarity_archive.core.registry_edit import NewSignatory, duplicates, suggest_id
from solidarity_archive.core.text import is_acronym, name_key

MONTHS = {
    **{name: number for number, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july",
         "august", "september", "october", "november", "december"), start=1)},
    **{name: number for number, name in enumerate(
        ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
         "agosto", "septiembre", "octubre", "noviembre", "diciembre"), start=1)},
    "setiembre": 9,
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
DATE_PATTERNS = (
    re.compile(rf"^{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})$", re.I),  # January 19, 2015
    re.compile(rf"^(\d{{1,2}})\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+|del\s+)?(\d{{4}})$", re.I),  # 19 (de) enero (de) 2016
    re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),  # 2016-01-19
)
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")

#: Lines that head a release but are not part of it, with the kind they announce.
MASTHEAD_KINDS = {
    "press release": "press release",
    "for immediate release": "press release",
    "news release": "press release",
    "comunicado de prensa": "press release",
    "nota de prensa": "press release",
    "open letter": "open letter",
    "carta abierta": "open letter",
    "statement": "statement",
    "public statement": "statement",
    "pronunciamiento": "statement",
    "declaration": "declaration",
    "declaración": "declaration",
    "comunicado": "communiqué",
    "communiqué": "communiqué",
    "petition": "petition",
}
LIST_ITEM = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+")
#: A line that opens a signature block: "Signed,", "Signatories:", "Firman:", "Endorsed by:"…
SIGNED_HEADING = re.compile(
    r"^(?:signed|signed by|signatories|signers|undersigned|the undersigned|the undersigned organi[sz]ations|endorsed by|"
    r"organi[sz]ations signing|firman|firmantes|firmado por|suscriben|organizaciones firmantes)\s*[:,]?$",
    re.I,
)
WE_THE = re.compile(r"\b(?:We|Nosotros|Nosotras),?\s+(?:the|las|los|el|la)\s+", re.I)
LANGUAGE_WORDS = {
    "en": frozenset("the and of to in that we for is are with our this be on".split()),
    "es": frozenset("el la los las de y que en por para con nuestro nosotros del se una".split()),
}


@dataclass(frozen=True)
class Question:
    """Something the importer could not decide, and how to settle it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


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
    #: Every signatory as printed, in order, with its registry id (None: not in the registry).
    printed_signatories: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def unknown_names(self) -> list[str]:
        return [name for name, sid in self.printed_signatories if sid is None]


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


def name_index(registry: Registry) -> dict[str, str]:
    """Folded name, acronym or alias → signatory id."""
    index: dict[str, str] = {}
    for signatory in registry.signatories.values():
        for name in (signatory.name, signatory.acronym, signatory.label, *signatory.aliases):
            if name:
                index.setdefault(name_key(name), signatory.id)
    return index


# -- dates and places ------------------------------------------------------------


def parse_printed_date(text: str) -> tuple[dt.date | None, str | None]:
    """A printed date → (date, None), or (None, why it is not decided)."""
    text = " ".join(text.strip().rstrip(".").split())
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groups()
        try:
            if pattern is DATE_PATTERNS[0]:
                return dt.date(int(groups[2]), MONTHS[groups[0].lower()], int(groups[1])), None
            if pattern is DATE_PATTERNS[1]:
                return dt.date(int(groups[2]), MONTHS[groups[1].lower()], int(groups[0])), None
            return dt.date(int(groups[0]), int(groups[1]), int(groups[2])), None
        except ValueError:
            return None, f"'{text}' is not a real date"
    match = NUMERIC_DATE.match(text)
    if match:
        first, second, year = (int(g) for g in match.groups())
        readings = set()
        for day, month in ((first, second), (second, first)):
            try:
                readings.add(dt.date(year, month, day))
            except ValueError:
                pass
        if len(readings) == 1:
            return readings.pop(), None
        if readings:
            shown = " or ".join(sorted(d.isoformat() for d in readings))
            return None, f"'{text}' can be read as {shown}"
        return None, f"'{text}' is not a real date"
    return None, None


def _looks_like_date(text: str) -> bool:
    date, why = parse_printed_date(text)
    return date is not None or why is not None


def _split_place_and_date(line: str) -> tuple[str, str] | None:
    """``San Salvador, 19 de enero de 2016`` → (place, printed date)."""
    parts = [p.strip() for p in line.split(",")]
    for cut in range(1, len(parts)):
        place, printed = ", ".join(parts[:cut]), ", ".join(parts[cut:])
        if _looks_like_date(printed) and not any(ch.isdigit() for ch in place):
            return place, printed
    return None


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
    return re.sub(r"^(?:and|y|e|the|la|el|las|los)\s+", "", name.strip(), flags=re.I).strip()


@functools.cache
def _countries() -> dict[str, str]:
    """Country names in English and Spanish (Babel's territories), by ``name_key``, → the English name."""
    english = babel.Locale("en").territories
    names: dict[str, str] = {}
    for locale in ("en", "es"):
        for code, name in babel.Locale(locale).territories.items():
            if code.isalpha() and len(code) == 2 and code in english:
                names.setdefault(name_key(name), english[code])
    names.update({"usa": "United States", "us": "United States", "eeuu": "United States", "ee uu": "United States"})
    return names


def split_country(name: str) -> tuple[str, str | None]:
    """``'Alianza Centroamericana, Honduras'`` → (``'Alianza Centroamericana'``, ``'Honduras'``)."""
    head, comma, tail = name.rpartition(",")
    if comma and head.strip():
        country = _countries().get(name_key(tail))
        if country:
            return head.strip(), country
    return name, None


def split_acronym(name: str) -> tuple[str, str | None]:
    """``'Latin America Working Group (LAWG)'`` → (``'Latin America Working Group'``, ``'LAWG'``)."""
    bracket = re.match(r"^(.*?)\s*\(([^()]+)\)$", name.strip())
    if bracket and bracket.group(1) and is_acronym(bracket.group(2).strip()):
        return bracket.group(1).strip(), bracket.group(2).strip()
    return name.strip(), None


def match_name(name: str, index: dict[str, str]) -> str | None:
    """A signatory id for a printed name: full name, 'Name (ACRONYM)', acronym or alias
    (a trailing ', Country' left out)."""
    name = split_country(_strip_article(_strip_article(name)))[0]
    candidates = [name]
    bracket = re.match(r"^(.*?)\s*\(([^()]+)\)$", name)
    if bracket:
        candidates += [bracket.group(1), bracket.group(2)]
    for candidate in candidates:
        found = index.get(name_key(candidate))
        if found:
            return found
    return None


def names_in_list(text: str, index: dict[str, str]) -> tuple[list[str], list[str]]:
    """Registry ids, and the names not in the registry, from 'A (X), B, and C'."""
    printed = printed_names(text, index)
    ids = [sid for _name, sid in printed if sid is not None]
    return list(dict.fromkeys(ids)), [name for name, sid in printed if sid is None]


def printed_names(text: str, index: dict[str, str]) -> list[tuple[str, str | None]]:
    """Each name of 'A (X), B, and C' in order, with its registry id or None."""
    printed: list[tuple[str, str | None]] = []
    for piece in _split_names(text):
        piece = _strip_article(_strip_article(piece))
        if not piece or not piece[0].isupper():
            break  # 'organizations in solidarity with …' or the verb: the list is over
        found = match_name(piece, index)
        if found is None and re.search(r"\s(?:and|y)\s", piece):
            matched = _joined_names(piece, index)
            if matched:
                printed.extend(matched)
                continue
        printed.append((piece, found))
    return printed


def _joined_names(piece: str, index: dict[str, str]) -> list[tuple[str, str]] | None:
    """'A and B', 'A y B': each name with its id, at whichever 'and'/'y' splits the piece into
    registry names ("el Centro de Intercambio y Solidaridad (CIS) y la Fundación SHARE")."""
    for joint in re.finditer(r"\s(?:and|y)\s", piece):
        left, right = piece[: joint.start()], piece[joint.end():]
        first = match_name(left, index)
        if not first:
            continue
        rest = match_name(right, index)
        if rest:
            return [(left, first), (right, rest)]
        more = _joined_names(right, index)
        if more:
            return [(left, first), *more]
    return None


def we_the_names(paragraph: str) -> str | None:
    """The list of organisations in a 'We, the …' sentence, if the paragraph opens with one."""
    match = WE_THE.match(paragraph)
    if not match:
        return None
    rest = paragraph[match.end():]
    sentence = re.split(r"(?<=[.;:])\s", rest, maxsplit=1)[0]
    return sentence


# -- the release --------------------------------------------------------------------


def _masthead_kind(block: list[str], index: dict[str, str]) -> tuple[bool, str | None]:
    """Is this leading block a masthead? And which kind does it announce?"""
    text = _flat(block).strip("#*_ ")
    folded = name_key(text)
    for words, kind in MASTHEAD_KINDS.items():
        if folded == name_key(words):
            return True, kind
    if folded in index:
        return True, None
    return False, None


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


def guess_language(text: str) -> str | None:
    words = re.findall(r"[a-záéíóúñ]+", text.lower())
    scores = {tag: sum(word in vocabulary for word in words) for tag, vocabulary in LANGUAGE_WORDS.items()}
    best = max(scores, key=scores.__getitem__)
    others = [score for tag, score in scores.items() if tag != best]
    if scores[best] >= 5 and all(scores[best] >= 2 * score for score in others):
        return best
    return None


def read_release(text: str, registry: Registry) -> Imported:
    """Everything the text decides; the rest as questions."""
    result = Imported()
    index = name_index(registry)
    groups = blocks(text)

    # Mastheads and the title, from the top.
    while groups:
        is_masthead, kind = _masthead_kind(groups[0], index)
        if not is_masthead:
            break
        result.kind = result.kind or kind
        groups.pop(0)
    if groups:
        first = groups[0]
        heading = re.match(r"^#{1,3}\s+(.*)$", first[0])
        if heading or (len(first) <= 3 and not _flat(first).endswith((".", ":", ";")) and not LIST_ITEM.match(first[0])):
            result.title = _flat([heading.group(1)] + first[1:] if heading else first).strip("*_ ")
            groups.pop(0)
    if result.title is None:
        result.questions.append(Question("title", "no title line found above the text; pass --title \"…\""))

    # The closing place and date, and a signature block, from the bottom.
    signature_block: list[tuple[str, str | None]] = []
    while groups:
        last = groups[-1]
        closing = _closing(last)
        if closing is not None:
            place, printed, rest = closing
            _take_date(result, printed)
            _take_place(result, place)
            groups.pop()
            if rest:
                groups.append(rest)
            continue
        headed = len(groups) >= 2 and len(groups[-2]) == 1 and SIGNED_HEADING.match(_flat(groups[-2]).strip("#*_ "))
        if SIGNED_HEADING.match(_flat(last[:1]).strip("#*_ ")) and len(last) > 1:
            last, headed = last[1:], True
        if _is_signature_block(last, index, headed=bool(headed)):
            block_names = []
            for line in last:
                name = line.strip(" -•*")
                if SIGNED_HEADING.match(name.strip("#*_ ")):
                    continue  # a heading line inside the block ("Firman:"), not a name
                block_names.append((name, match_name(name, index)))
            signature_block = block_names + signature_block
            groups.pop()
            if headed and len(groups) >= 1 and len(groups[-1]) == 1 and SIGNED_HEADING.match(_flat(groups[-1]).strip("#*_ ")):
                groups.pop()
            continue
        break
    if result.date is None and not any(q.field == "date" for q in result.questions):
        result.questions.append(Question("date", "no closing date line found; pass --date YYYY-MM-DD"))
    if result.place is None and not any(q.field == "place" for q in result.questions):
        result.questions.append(Question("place", "no closing place line found; pass --place \"City, Country\""))

    body = [_body_block(block) for block in groups]
    result.body = "\n\n".join(body)

    # Signatories: the 'We, the …' sentence first, then the signature block.
    printed: list[tuple[str, str | None]] = []
    for paragraph in body[:3]:
        names = we_the_names(paragraph)
        if names is not None:
            printed = printed_names(names, index)
            break
    for name, sid in signature_block:
        if (sid is not None and sid not in {s for _n, s in printed}) or (sid is None and name_key(name) not in {name_key(n) for n, _s in printed}):
            printed.append((name, sid))
    result.printed_signatories = printed
    ids = list(dict.fromkeys(sid for _name, sid in printed if sid is not None))
    unknown = list(dict.fromkeys(name for name, sid in printed if sid is None))
    result.signatories = tuple(ids)
    for name in unknown:
        result.questions.append(
            Question("signatories", f"'{name}' is not in the signatory registry; add it to source/signatories.yaml (as a new entry, or as an alias of an existing one), then import again (or import with --add-signatories to add them all), or pass every --signatory ID")
        )
    if not ids and not unknown:
        result.questions.append(Question("signatories", "no 'We, the …' sentence or signature block names the signatories; pass --signatory ID for each"))

    result.language = guess_language(result.body)
    if result.language is None:
        result.questions.append(Question("language", "the language of the text is not clear; pass --language (e.g. en, es)"))
    return result


def _closing(block: list[str]) -> tuple[str | None, str, list[str]] | None:
    """The last block's closing lines: (place, printed date, lines left above them)."""
    last = " ".join(block[-1].split())
    if _looks_like_date(last):
        above = " ".join(block[-2].split()) if len(block) >= 2 else ""
        place = above if above and len(above) < 80 and not above.endswith((".", ":", ";")) else None
        keep = block[: -2 if place else -1]
        return place, last, keep
    both = _split_place_and_date(last)
    if both:
        return both[0], both[1], block[:-1]
    return None


def _take_date(result: Imported, printed: str) -> None:
    date, why = parse_printed_date(printed)
    result.date_as_printed = " ".join(printed.split())
    if date is not None:
        result.date = date
    else:
        result.questions.append(Question("date", f"the printed date {why}; pass --date YYYY-MM-DD"))


def _take_place(result: Imported, place: str | None) -> None:
    if place is None:
        return
    city, _, country = place.rpartition(",")
    if city.strip() and country.strip():
        result.place = f"{city.strip()}, {country.strip()}"
    else:
        result.questions.append(Question("place", f"the printed place '{place}' has no country; pass --place \"{place}, Country\""))


def _is_signature_block(block: list[str], index: dict[str, str], *, headed: bool = False) -> bool:
    """Short lines, at least one of them a registry name (or under a "Signed:" heading): a list of signers."""
    if any(len(line) > 120 or line.rstrip().endswith(".") for line in block):
        return False
    if headed:
        return all(line.strip(" -•*")[:1].isupper() for line in block)
    return any(match_name(line.strip(" -•*"), index) for line in block)


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
        sid = suggest_id(name, acronym, taken)
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
