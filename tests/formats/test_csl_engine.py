"""The indexed citeproc-py engine writes exactly what the library writes, faster."""

from __future__ import annotations

import pytest
from test_citation_style_cache import generated_items

from solidarity_archive.formats import citation
from solidarity_archive.formats.csl_engine import IndexedStyle


@pytest.mark.slow  # formats a large generated corpus with both engines
@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_the_indexed_engine_writes_what_the_library_writes(locale):
    items = generated_items(150)
    library = {style.key: citation.load_style(style.csl, locale=locale) for style in citation.STYLES}
    compared = 0
    for item in items:
        for style in citation.STYLES:
            indexed = citation.render(item, style, locale)
            plain = citation.render(item, style, locale, parsed=library[style.key])
            assert (indexed.html, indexed.text) == (plain.html, plain.text), (item["id"], style.key)
            compared += 1
    assert compared == 150 * len(citation.STYLES)


def test_the_indexed_engine_remembers_terms_and_references():
    citation.render(generated_items(1)[0], citation.STYLES[0], citation.CSL_LOCALE)
    style = citation.parsed_style(citation.STYLES[0].csl, citation.CSL_LOCALE)
    assert style.root.__dict__["_archive_terms"]  # terms looked up once per style
    # Every element keeps its proxy, so what it remembers lasts (calls_variable).
    remembered = [e for e in style.root.iter() if "_archive_calls_variable" in e.__dict__]
    assert remembered


def test_the_shared_style_is_the_indexed_one_and_finds_macros_by_name():
    style = citation.parsed_style(citation.STYLES[0].csl)
    assert isinstance(style, IndexedStyle)
    macro = style.root.get_macro("author-bib")
    assert macro.get("name") == "author-bib" and macro is style.root.get_macro("author-bib")
