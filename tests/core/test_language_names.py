"""A statement's language by name: the catalog's names, else the Unicode CLDR's in the reader's language."""

import pytest

from solidarity_archive.core.languages import LANGUAGE_NAMES, language_name


@pytest.mark.parametrize("tag", ["es", "es-SV", "EN", "pt-BR"])
def test_the_catalogs_languages_are_its_messages(tag):
    # Untranslated: the caller's catalog translates them ("Spanish" → "español").
    assert language_name(tag, "es") == language_name(tag, "en") == LANGUAGE_NAMES[tag.split("-")[0].lower()]


@pytest.mark.parametrize(
    ("tag", "locale", "name"),
    [
        ("gn", "en", "Guarani"),
        ("gn", "es", "guaraní"),
        ("gn-PY", "es", "guaraní"),
        ("quc", "en", "Kʼicheʼ"),
        ("ja", "es", "japonés"),
        ("ja", "en-US", "Japanese"),
        ("ppl", "es", "ppl"),  # Pipil: no name in the CLDR, its tag as written
        ("x-private", "en", "x-private"),
    ],
)
def test_other_languages_by_the_cldrs_name_in_the_readers_language(tag, locale, name):
    assert language_name(tag, locale) == name
