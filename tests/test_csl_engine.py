"""The indexed citeproc-py engine writes exactly what the library writes, faster."""

from __future__ import annotations

from test_citation_style_cache import generated_items

from solidarity_archive.formats import citation
from solidarity_archive.formats.csl_engine import IndexedStyle


def test_the_indexed_engine_writes_what_the_library_writes():
    items = generated_items(150)
    library = {style.key: citation.load_style(style.csl) for style in citation.STYLES}
    compared = 0
    for item in items:
        for style in citation.STYLES:
            indexed = citation.render(item, style)
            plain = citation.render(item, style, parsed=library[style.key])
            assert (indexed.html, indexed.text) == (plain.html, plain.text), (item["id"], style.key)
            compared += 1
    assert compared == 150 * len(citation.STYLES)


def test_the_shared_style_is_the_indexed_one_and_finds_macros_by_name():
    style = citation.parsed_style(citation.STYLES[0].csl)
    assert isinstance(style, IndexedStyle)
    macro = style.root.get_macro("author-bib")
    assert macro.get("name") == "author-bib" and macro is style.root.get_macro("author-bib")
