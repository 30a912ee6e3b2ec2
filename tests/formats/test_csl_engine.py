"""The indexed citeproc-py engine writes exactly what the library writes, faster."""

from __future__ import annotations

import hashlib
import inspect
import io
import re
from collections import Counter

import citeproc
import pytest
from citeproc import frontend, model, source, string
from paths import REPO
from test_citation_style_cache import generated_items

from solidarity_archive.formats import citation
from solidarity_archive.formats.csl_engine import WRITTEN_AGAINST, IndexedStyle


@pytest.mark.slow  # formats a large generated corpus with both engines
@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_the_indexed_engine_writes_what_the_library_writes(locale):
    items = generated_items(60)
    library = {style.key: citation.load_style(style.csl, locale=locale) for style in citation.STYLES}
    compared = 0
    for item in items:
        for style in citation.STYLES:
            indexed = citation.render(item, style, locale)
            plain = citation.render(item, style, locale, parsed=library[style.key])
            assert (indexed.html, indexed.text) == (plain.html, plain.text), (item["id"], style.key)
            compared += 1
    assert compared == 60 * len(citation.STYLES)


#: What a statement's CSL-JSON item may hold, each a list of choices (``corpus_items`` mixes them).
AUTHORS = {
    "none": [],
    "organisation": [{"literal": "Comité de Solidaridad con El Salvador"}],
    "person": [{"family": "Montes", "given": "Segundo"}],
    "person without given name": [{"family": "Romero"}],
    "two organisations": [{"literal": "CISPES"}, {"literal": "Comisión de Derechos Humanos de El Salvador"}],
    "two people": [{"family": "Martín-Baró", "given": "Ignacio"}, {"family": "Ellacuría", "given": "Ignacio"}],
    "organisation and person": [{"literal": "SHARE Foundation"}, {"family": "Ortiz", "given": "Ana María"}],
    "three": [{"literal": "CRIPDES"}, {"family": "López", "given": "Juan"}, {"literal": "Madres de los Desaparecidos"}],
    "many": [{"literal": f"Comité Local {n}"} for n in range(1, 8)],
    "many people": [{"family": f"Apellido{n}", "given": "María José"} for n in range(1, 9)],
    "name with markup characters": [{"literal": "Workers & Farmers <Union>"}],
}
TITLES = {
    "plain": "Statement on the Elections in El Salvador",
    "double quotes": 'Solidarity with the "Disappeared" of Chalatenango',
    "single quotes": "A 'New' Peace: the Accords, Twenty Years On",
    "curly quotes": "On “Operation Guinda” and Its Survivors",
    "nested quotes": "We Said \"Never Again: 'Nunca Más'\" in 1992",
    "apostrophe": "Women's March for Justice",
    "question": "Who Killed the Jesuits?",
    "exclamation": "Justice Now!",
    "period": "Letter to the Embassy.",
    "spanish": "Declaración sobre la situación de los desplazados en Morazán",
    "spanish question": "¿Dónde están los desaparecidos?",
    "spanish exclamation": "¡Ni una más! Pronunciamiento de las organizaciones de mujeres",
    "quote at the end": 'Open letter: "No more deportations"',
    "long": "Comunicado conjunto de las comunidades repobladas de Chalatenango, Cabañas y Cuscatlán ante la militarización",
}
DATES = {
    "none": None,
    "year": [[1989]],
    "month": [[2016, 3]],
    "day": [[2017, 11, 16]],
    "first of the month": [[1992, 1, 1]],
}
PLACES = {"none": None, "San Salvador": "San Salvador", "with a comma": "Washington, DC", "accented": "San José Las Flores"}
GENRES = {
    "press release": "Press release",
    "open letter": "Open letter",
    "dated": "Press release, dated January 19, 2015",
    "spanish": "Comunicado de prensa",
    "spanish dated": "Pronunciamiento, fechado el 22 de marzo de 2017",
}
URLS = {"none": None, "page": "https://archive.example.org/statements/2016-03-cispes.html"}
ARCHIVES = {"none": None, "archive": "Solidarity Statements Archive"}
LANGUAGES = {"en": "en", "es": "es"}
TRANSLATIONS = {
    "original": None,
    "translation": {
        "original-title": "Pronunciamiento ante la masacre de El Mozote",
        "original-date": {"date-parts": [[1981, 12, 14]]},
        "note": "Translation of “Pronunciamiento ante la masacre de El Mozote” (1981-12-14-mozote).",
    },
}
ABSTRACTS = {"none": None, "abstract": "A statement by two organisations on the elections."}
DIMENSIONS = {
    "author": AUTHORS,
    "title": TITLES,
    "issued": DATES,
    "publisher-place": PLACES,
    "genre": GENRES,
    "URL": URLS,
    "archive": ARCHIVES,
    "language": LANGUAGES,
    "translation": TRANSLATIONS,
    "abstract": ABSTRACTS,
}


def corpus_items(count: int, seed: int = 29) -> list[dict]:
    """``count`` CSL-JSON items, each a random mix of the choices above, every choice used."""
    import random

    chosen = random.Random(seed)
    items = []
    for n in range(count):
        item: dict = {"id": f"corpus-{n}", "type": "document"}
        for dimension, choices in DIMENSIONS.items():
            # The first items go through each dimension's choices in turn, so that every one is used.
            names = list(choices)
            value = choices[names[n % len(names)] if n < 2 * len(names) else chosen.choice(names)]
            if value is None:
                continue
            if dimension == "translation":
                item.update(value)
            elif dimension == "issued":
                item["issued"] = {"date-parts": value}
            else:
                item[dimension] = value
        items.append(item)
    return items


@pytest.mark.slow  # formats a large corpus with both engines
@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_the_indexed_engine_writes_what_the_library_writes_for_every_kind_of_item(locale):
    items = corpus_items(96)
    library = {style.key: citation.load_style(style.csl, locale=locale) for style in citation.STYLES}
    seen = set()
    for item in items:
        for style in citation.STYLES:
            indexed = citation.render(item, style, locale)
            plain = citation.render(item, style, locale, parsed=library[style.key])
            assert (indexed.html, indexed.text) == (plain.html, plain.text), (item, style.key)
            seen.add(indexed.text)
        pin = citation.pin_cite_base(item, locale=locale)
        assert pin == citation.render(
            {k: v for k, v in item.items() if k != "URL"}, citation.PIN_STYLE, locale, parsed=library[citation.PIN_STYLE.key]
        ).text.rstrip(".")
    assert len(seen) > 2 * len(items)  # the items differ, and so do the styles
    for dimension, choices in DIMENSIONS.items():  # every choice was rendered
        assert all(any(_holds(item, dimension, value) for item in items) for value in choices.values()), dimension


def _holds(item: dict, dimension: str, value) -> bool:
    if dimension == "translation":
        return ("original-title" in item) == (value is not None)
    if dimension == "issued":
        return item.get("issued", {}).get("date-parts") == value
    return item.get(dimension) == value


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
    # Mirrored with what depends on the style alone found once (``_Fast`` and the classes after it).
    "SomewhatObjectifiedElement.__getattr__": "d17ceaa5de589fd4",
    "CitationStylesElement.get_layout": "bb73143928e5f42c",
    "CitationStylesElement.get_formatter": "1ddc4662031e06d6",
    "CitationStylesElement.get_date": "fe165f697345d7f2",
    "CitationStylesElement.render": "9bbf192bebe1d5ba",
    "Formatted.format": "eca3803a48ed484c",
    "Affixed.wrap": "cf9734ab3142d7d7",
    "Quoted.quote": "659f45847dbf7c2a",
    "StrippedPeriods.strip_periods": "e21c0f8e885407f5",
    "TextCased.case": "ff17f96b956992d2",
    "Parent.render_children": "fa0e49bd16e7e35b",
    "Group.process": "dbb7ce4a15dbfea5",
    "Choose.render": "a09b06a1cfa384db",
    "If.render": "127a05cb693c07a3",
    "If._type": "57287dd777115109",
    "If._variable": "abe08c94efdf8a17",
    "Text.process": "f5df50a9abda2755",
    "Text.render": "c72a2eaa26b1e321",
    "Text.markup": "4d838e969486fa49",
    "normalize_seam": "f8e87b822f57b0c1",
}
#: ``_Memo`` relies on how every element of ``citeproc.model`` reads an item (``_Fast._archive_reads``):
#: a digest of the whole module.
MODEL_MODULE = "7b569db7dbc0ecd6"
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
        "SomewhatObjectifiedElement.__getattr__": model.SomewhatObjectifiedElement.__getattr__,
        "CitationStylesElement.get_layout": model.CitationStylesElement.get_layout,
        "CitationStylesElement.get_formatter": model.CitationStylesElement.get_formatter,
        "CitationStylesElement.get_date": model.CitationStylesElement.get_date,
        "CitationStylesElement.render": model.CitationStylesElement.render,
        "Formatted.format": model.Formatted.format,
        "Affixed.wrap": model.Affixed.wrap,
        "Quoted.quote": model.Quoted.quote,
        "StrippedPeriods.strip_periods": model.StrippedPeriods.strip_periods,
        "TextCased.case": model.TextCased.case,
        "Parent.render_children": model.Parent.render_children,
        "Group.process": model.Group.process,
        "Choose.render": model.Choose.render,
        "If.render": model.If.render,
        "If._type": model.If._type,
        "If._variable": model.If._variable,
        "Text.process": model.Text.process,
        "Text.render": model.Text.render,
        "Text.markup": model.Text.markup,
        "normalize_seam": string.normalize_seam,
    }
    for cls in vars(model).values():
        if isinstance(cls, type) and "calls_variable" in vars(cls):
            code[f"{cls.__name__}.calls_variable"] = vars(cls)["calls_variable"]
    digests = {name: hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16] for name, function in code.items()}
    assert digests == LIBRARY_CODE
    assert hashlib.sha256(inspect.getsource(model).encode()).hexdigest()[:16] == MODEL_MODULE
    library = [cls for cls in model.CitationStylesElement.__subclasses__() if cls.__module__ == model.__name__]
    assert len(library) == ELEMENT_CLASSES


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
def test_a_prepared_style_knows_what_each_element_reads_before_it_renders(locale):
    """Sphinx's -j N writers are forked after the main process prepares the styles (``citation.prepare``):
    what each element can read is found then, once, not again in every writer. A style parsed again (another
    test clears the cache) is prepared again: the suite passes in any order."""
    from solidarity_archive.formats import citation, csl_engine

    citation.prepare(locale)
    citation.parsed_style.cache_clear()
    citation.prepare(locale)
    for style in citation.STYLES:
        elements = [element for element in citation.parsed_style(style.csl, locale)._proxies if isinstance(element, csl_engine._Fast)]
        assert len(elements) > 100
        assert all("_archive_reads_" in element.__dict__ for element in elements), style.csl
