"""Reading citation downloads back, as reference managers would (shared by the citation tests)."""

from __future__ import annotations

import json

import bibtexparser
import jsonschema
import rispy
from bibtexparser.middlewares import SeparateCoAuthors
from paths import DATA
from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)

#: The official CSL-JSON input schema (citation-style-language/schema, schemas/input/csl-data.json, MIT licence).
CSL_SCHEMA = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))


def _latex_decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    # LaTeX's text-mode symbols that pylatexenc leaves out or renders as look-alikes.
    context.add_context_category(
        "text-symbols",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
            MacroTextSpec("textasciitilde", "~"),
            MacroTextSpec("textbackslash", "\\"),
        ],
    )
    return LatexNodes2Text(latex_context=context)


def latex_to_text(value: str) -> str:
    return _latex_decoder().latex_to_text(value)


def read_bibtex(text: str) -> list[dict]:
    """Entries as plain text: co-authors split where BibTeX splits them, LaTeX decoded."""
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert library.failed_blocks == []
    entries = []
    for entry in library.entries:
        fields: dict = {"ENTRYTYPE": entry.entry_type, "ID": entry.key}
        for field in entry.fields:
            if field.key == "url":
                fields["url"] = field.value
            elif isinstance(field.value, list):
                fields[field.key] = [latex_to_text(v) for v in field.value]
            else:
                fields[field.key] = latex_to_text(field.value)
        entries.append(fields)
    return entries


def read_ris(text: str) -> list[dict]:
    return rispy.loads(text)


def check_csl_json(text: str) -> list[dict]:
    items = json.loads(text)
    jsonschema.validate(items, CSL_SCHEMA)
    return items


def pin_cite(base: str, number: int, url: str | None) -> str:
    """What a reader copies for one paragraph (the cite box's script builds it in the page):
    ``"<reference>, ¶ 4, https://…#p4."``."""
    cite = f"{base}, ¶ {number}"
    return f"{cite}, {url}#p{number}." if url else f"{cite}."
