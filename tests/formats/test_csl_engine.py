"""The indexed citeproc-py engine writes exactly what the library writes, faster."""

from __future__ import annotations

import hashlib
import inspect
import io
import re
from collections import Counter

import citeproc
import pytest
from citeproc import frontend, model, source
from paths import REPO
from test_citation_style_cache import generated_items

from solidarity_archive.formats import citation
from solidarity_archive.formats.csl_engine import WRITTEN_AGAINST, IndexedStyle


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
    # Its queries of the style (an element's layout, its substitute) and the locales' options, once.
    assert [e for e in style.root.iter() if e.__dict__.get("_archive_xpath")]
    assert style.root.__dict__["_archive_locale_options"]


def test_each_element_asks_the_style_each_question_once_whatever_the_number_of_items(monkeypatch):
    # The library queries an element's place in the style (its layout, its substitute, the citation or
    # bibliography it is in) for every item it renders; the indexed elements ask the parsed style once.
    from solidarity_archive.formats.csl_engine import _Indexed

    asked: Counter = Counter()
    library_search = model.CitationStylesElement.xpath_search

    def counting(self, expression):
        asked[(id(self), expression, isinstance(self, _Indexed))] += 1
        return library_search(self, expression)

    monkeypatch.setattr(model.CitationStylesElement, "xpath_search", counting)
    # Styles parsed afresh: the shared ones may have answered everything already.
    fresh = {style.key: IndexedStyle(io.BytesIO(citation.engine_xml(style.csl, citation.CSL_LOCALE)), locale=citation.CSL_LOCALE) for style in citation.STYLES}
    for item in generated_items(12):
        for style in citation.STYLES:
            citation.render(item, style, citation.CSL_LOCALE, parsed=fresh[style.key])
    indexed = {key: n for key, n in asked.items() if key[2]}
    assert indexed and max(indexed.values()) == 1  # the library's own: once per item and element


def test_the_shared_style_is_the_indexed_one_and_finds_macros_by_name():
    style = citation.parsed_style(citation.STYLES[0].csl)
    assert isinstance(style, IndexedStyle)
    macro = style.root.get_macro("author-bib")
    assert macro.get("name") == "author-bib" and macro is style.root.get_macro("author-bib")


#: The citeproc-py code the engine mirrors or overrides (``csl_engine``'s docstring), as written in
#: ``WRITTEN_AGAINST``: a digest of each one's source.
LIBRARY_CODE = {
    "CitationStylesXML.__init__": "324369245a4472c1",
    "CitationStylesStyle.__init__": "9df6a0941181ba8c",
    "CitationStylesElement.get_macro": "1947e6a92b5c7589",
    "CitationStylesElement.get_term": "69ff455f85d6b2f1",
    "CitationStylesElement.get_root": "f846c539a058c80c",
    "CitationStylesElement.xpath_search": "258fe4fe11f6d2f3",
    "CitationStylesElement.get_locale_option": "f2986ff1f39f3c45",
    "Locale.get_term": "3d5c9cedb87ae045",
    "CitationItem.reference": "294c16bf66b47067",
    "Parent.calls_variable": "0be54bb70ed2e437",
    "Text.calls_variable": "84f7651ed4c7701a",
    "Date.calls_variable": "f26a8c7a6a7442d1",
    "Number.calls_variable": "f26a8c7a6a7442d1",
    "Names.calls_variable": "f26a8c7a6a7442d1",
    "Label.calls_variable": "6d74f03b1d443cb1",
    "Group.calls_variable": "f26a8c7a6a7442d1",
}
ELEMENT_CLASSES = 24


def test_the_engine_is_used_with_the_citeproc_py_it_was_written_against():
    pinned = re.search(r"^citeproc-py==(\S+)$", (REPO / "constraints.txt").read_text(), re.M)
    assert pinned and pinned.group(1) == WRITTEN_AGAINST == citeproc.__version__


def test_the_library_code_the_engine_relies_on_is_unchanged():
    """Fails when citeproc-py changes what ``csl_engine`` mirrors or overrides: read the new code, adapt the engine."""
    code = {
        "CitationStylesXML.__init__": frontend.CitationStylesXML.__init__,
        "CitationStylesStyle.__init__": frontend.CitationStylesStyle.__init__,
        "CitationStylesElement.get_macro": model.CitationStylesElement.get_macro,
        "CitationStylesElement.get_term": model.CitationStylesElement.get_term,
        "CitationStylesElement.get_root": model.CitationStylesElement.get_root,
        "CitationStylesElement.xpath_search": model.CitationStylesElement.xpath_search,
        "CitationStylesElement.get_locale_option": model.CitationStylesElement.get_locale_option,
        "Locale.get_term": model.Locale.get_term,
        "CitationItem.reference": source.CitationItem.reference.fget,
    }
    for cls in vars(model).values():
        if isinstance(cls, type) and "calls_variable" in vars(cls):
            code[f"{cls.__name__}.calls_variable"] = vars(cls)["calls_variable"]
    digests = {name: hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16] for name, function in code.items()}
    assert digests == LIBRARY_CODE
    library = [cls for cls in model.CitationStylesElement.__subclasses__() if cls.__module__ == model.__name__]
    assert len(library) == ELEMENT_CLASSES
