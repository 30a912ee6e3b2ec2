"""BibTeX, RIS and CSL-JSON text for CSL-JSON items (pure, no Sphinx).

Every value is reduced to one line first: a newline could otherwise end a
RIS record early or split a BibTeX field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import quote

from solidarity_archive.formats.citation import author_text, is_person, tidy

FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}
#: Where the downloads are written in the website's output, and the archive-wide file's name.
DOWNLOAD_DIR = "downloads"
ARCHIVE_FILE = "statements-archive"


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


def _printed(item: dict) -> str | None:
    return item.get("issued", {}).get("literal")


def bibtex_entry(item: dict) -> str:
    """One ``@techreport`` entry; organisations are protected by braces, never split into names;
    people are "Family, Given"."""
    year, month, day = _date_parts(item)
    authors = [author["literal"] for author in item["author"] if not is_person(author)]
    names = [latex_escape(author_text(a)) if is_person(a) else "{" + latex_escape(a["literal"]) + "}" for a in item["author"]]
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(names)),
        ("title", "{" + latex_escape(item["title"]) + "}"),
        ("type", latex_escape(item["genre"])),
        ("institution", " and ".join("{" + latex_escape(name) + "}" for name in authors)),
        ("address", latex_escape(item["publisher-place"])),
        ("year", str(year)),
        ("month", _MONTHS[month - 1]),
        ("date", f"{year:04d}-{month:02d}-{day:02d}"),
        ("language", latex_escape(item["language"])),
    ]
    if item.get("URL"):
        fields.append(("url", safe_url(item["URL"])))
    notes = []
    if _printed(item):
        notes.append(f"Date as printed: {_printed(item)}")
    if item.get("archive"):
        notes.append(f"In {item['archive']}")
    if notes:
        fields.append(("note", latex_escape(". ".join(notes))))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields
    )
    return f"@techreport{{{item['id']},\n{body}\n}}\n"


def ris_record(item: dict) -> str:
    """One RIS record of type RPRT (report); one ``AU`` line per signatory (a person as "Family, Given")."""
    year, month, day = _date_parts(item)
    lines = [("TY", "RPRT"), ("ID", item["id"]), ("TI", item["title"])]
    lines += [("AU", author_text(author)) for author in item["author"]]
    lines += [
        ("PY", f"{year:04d}"),
        ("DA", f"{year:04d}/{month:02d}/{day:02d}"),
        ("M3", item["genre"]),
        ("CY", item["publisher-place"]),
        ("LA", item["language"]),
    ]
    if item.get("archive"):
        lines.append(("DB", item["archive"]))
    if item.get("URL"):
        lines.append(("UR", safe_url(item["URL"])))
    if _printed(item):
        lines.append(("N1", f"Date as printed: {_printed(item)}"))
    text = "".join(f"{tag}  - {tidy(value)}\n" for tag, value in lines)
    return text + "ER  - \n"


def csl_json(items: Iterable[dict]) -> str:
    """A CSL-JSON document: an array of items."""
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"


def bibtex(items: Iterable[dict]) -> str:
    return "\n".join(bibtex_entry(item) for item in items)


def ris(items: Iterable[dict]) -> str:
    return "\n".join(ris_record(item) for item in items)


def render(items: list[dict], fmt: str) -> str:
    """The text of one download format (``bib``, ``ris`` or ``json``) for ``items``."""
    if fmt == "bib":
        return bibtex(items)
    if fmt == "ris":
        return ris(items)
    if fmt == "json":
        return csl_json(items)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
