"""BibTeX, RIS and CSL-JSON text for CSL-JSON items (pure, no Sphinx).

bibtexparser writes the BibTeX entries and rispy the RIS records; this module
chooses their fields and makes each value safe first: every value is reduced
to one line (a newline could otherwise end a RIS record early or split a
BibTeX field), and BibTeX values have LaTeX's special characters escaped
(bibtexparser writes a value as it is given).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import quote

from solidarity_archive.formats.citation import (
    PRINTED_NOTE,
    author_text,
    date_as_printed,
    is_person,
    kind,
    tidy,
)
from solidarity_archive.formats.templating import template

if TYPE_CHECKING:
    import bibtexparser
    from bibtexparser.model import Entry

# bibtexparser and rispy are imported when a file is written, not with the module: an edit that
# changes no statement's citation writes no download, and a build does not pay for them.

FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}
#: Where the downloads are written in the website's output, and the archive-wide file's name.
DOWNLOAD_DIR = "downloads"
ARCHIVE_FILE = "statements-archive"


#: The unAPI answer for one statement (see ``unapi``), beside its downloads.
UNAPI_SUFFIX = "unapi.xml"


def download_path(stem: str, fmt: str) -> str:
    """Path of a download inside the output directory, e.g. ``downloads/<id>.bib``."""
    return f"{DOWNLOAD_DIR}/{stem}.{fmt}"


_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def latex_escape(value: str) -> str:
    """Text safe inside a braced BibTeX field: LaTeX specials become commands."""
    return "".join(_LATEX.get(char, char) for char in tidy(value))


def safe_url(url: str) -> str:
    """A URL with nothing that BibTeX or RIS would read as syntax (braces, backslashes, spaces)."""
    return quote(tidy(url), safe=":/?#[]@!$&'()*+,;=%-._~")


def _date_parts(item: dict) -> list:
    return item["issued"]["date-parts"][0]


def _printed_note(item: dict) -> str | None:
    printed = date_as_printed(item)
    return PRINTED_NOTE.format(printed=printed) if printed else None


def _archival_note(item: dict) -> str | None:
    """Corrections and a withdrawal ("Corrected on 2016-03-03: …"), kept apart from the printed date."""
    return item.get("custom", {}).get("archival-note")


def bibtex_entry(item: dict) -> Entry:
    """One ``@techreport`` entry; organisations are protected by braces, never split into names;
    people are "Family, Given".

    The institution is the archive that keeps the statement: the signatories are its authors.
    """
    year, month, day = _date_parts(item)
    names = [latex_escape(author_text(a)) if is_person(a) else "{" + latex_escape(a["literal"]) + "}" for a in item["author"]]
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(names)),
        ("title", "{" + latex_escape(item["title"]) + "}"),
        ("type", latex_escape(kind(item))),
    ]
    if item.get("archive"):
        fields.append(("institution", latex_escape(item["archive"])))
    fields += [
        ("address", latex_escape(item["publisher-place"])),
        ("year", str(year)),
        ("month", _MONTHS[month - 1]),
        ("date", f"{year:04d}-{month:02d}-{day:02d}"),
        ("language", latex_escape(item["language"])),
    ]
    if item.get("URL"):
        fields.append(("url", safe_url(item["URL"])))
    if item.get("abstract"):
        fields.append(("abstract", latex_escape(item["abstract"])))
    notes = [note for note in (_printed_note(item), _archival_note(item)) if note]
    if notes:
        fields.append(("note", latex_escape(". ".join(notes))))
    # The month is BibTeX's own macro (``month = jan``), which a style prints in the reader's language.
    from bibtexparser.model import Entry, Field

    return Entry("techreport", item["id"], [Field(name, value, enclosing="no-enclosing" if name == "month" else None) for name, value in fields])


def ris_record(item: dict) -> dict:
    """One RIS record of type RPRT (report), complete for Zotero, Mendeley and EndNote:
    one ``AU`` line per signatory (an organisation without a comma, a single-field name;
    a person as "Family, Given"), the kind as ``M3`` (type of work), the place, the
    archive (``DB``), the URL, the language, the abstract and the printed date as a note."""
    year, month, day = _date_parts(item)
    # rispy's names for the tags, written in this order: TY ID TI AU PY DA M3 CY LA DB UR AB N1.
    record: dict = {
        "type_of_reference": "RPRT",
        "id": tidy(item["id"]),
        "title": tidy(item["title"]),
        "authors": [tidy(author_text(author)) for author in item["author"]],
        "year": f"{year:04d}",
        "date": f"{year:04d}/{month:02d}/{day:02d}",
        "type_of_work": tidy(kind(item)),
        "place_published": tidy(item["publisher-place"]),
        "language": tidy(item["language"]),
    }
    if item.get("archive"):
        record["name_of_database"] = tidy(item["archive"])
    if item.get("URL"):
        record["urls"] = [safe_url(item["URL"])]
    if item.get("abstract"):
        record["abstract"] = tidy(item["abstract"])
    # The printed date, then corrections and a withdrawal.
    notes = [tidy(note) for note in (_printed_note(item), _archival_note(item)) if note]
    if notes:
        record["notes"] = notes
    return record


@cache
def _ris_writer() -> type:
    """rispy's writer without its numbered line before each record ("1."), which RIS does not have."""
    import rispy

    class RisWriter(rispy.RisWriter):
        def set_header(self, count: int) -> str:
            return ""

    return RisWriter


def _bibtex_format() -> bibtexparser.BibtexFormat:
    import bibtexparser

    layout = bibtexparser.BibtexFormat()
    layout.indent = "  "
    layout.block_separator = "\n"  # one empty line between entries
    return layout


def unapi(item: dict) -> str:
    """One file that answers both of an unAPI client's requests on a static host.

    A static server ignores the query string, so Zotero's unAPI translator gets
    this same file when it asks for the formats (``server``) and for the record
    (``server?id=…&format=ris``). As XML it is the unAPI format list, offering
    RIS; as RIS it is the statement's record, which RIS readers find between
    ``TY`` and ``ER`` (they skip lines outside a record). ``]]>`` cannot occur
    inside the CDATA section.
    """
    record = ris([item]).replace("]]>", "]] >")
    return template("unapi.xml.j2").render(id=item["id"], record=record)


def csl_json(items: Iterable[dict]) -> str:
    """A CSL-JSON document: an array of items."""
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"


def bibtex(items: Iterable[dict]) -> str:
    import bibtexparser
    from bibtexparser.middlewares import default_unparse_stack

    library = bibtexparser.Library([bibtex_entry(item) for item in items])
    # Every value in braces (the month excepted), as bibtexparser's default; the entries are ours to change.
    stack = default_unparse_stack(allow_inplace_modification=True)
    return bibtexparser.write_string(library, unparse_stack=stack, bibtex_format=_bibtex_format())


def ris(items: Iterable[dict]) -> str:
    import rispy

    records = [ris_record(item) for item in items]
    return rispy.dumps(records, implementation=_ris_writer())


def render(items: list[dict], fmt: str) -> str:
    """The text of one download format (``bib``, ``ris`` or ``json``) for ``items``."""
    if fmt == "bib":
        return bibtex(items)
    if fmt == "ris":
        return ris(items)
    if fmt == "json":
        return csl_json(items)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
