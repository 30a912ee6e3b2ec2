"""What the search page reads a query with: small words and the glossary's names (core/query_words.py)."""

from __future__ import annotations

from solidarity_archive.core.lexer import Term
from solidarity_archive.core.query_words import small_words, term_entries
from solidarity_archive.core.text import fold


def test_small_words_of_both_languages_folded_once_each():
    found = small_words()
    assert found == sorted(set(found))
    assert {"the", "of", "for", "and", "a", "la", "para", "de", "del", "segun", "y"} <= set(found)
    assert all(word == fold(word, word=True) for word in found)


def test_content_words_are_not_small_words():
    # Words a researcher searches for, in English and Spanish, never left out of a query.
    assert not {"deportation", "flights", "alianza", "prosperidad", "mining", "minería", "santa", "marta"} & set(small_words())


def test_each_term_with_every_name_folded_its_entry_and_languages():
    terms = [
        Term("Alliance for Prosperity", ("Alianza para la Prosperidad", "Plan de la Alianza  para la Prosperidad", "Alliance for Prosperity")),
        Term("CARSI", ("Iniciativa Regional de Seguridad para América Central", "Central America Regional Security Initiative")),
    ]
    entries = term_entries(terms, {"CARSI": "source/glossary.html#term-CARSI"}, {"Alliance for Prosperity": {"es", "en"}})
    alliance, carsi = entries
    assert alliance == {
        "name": "Alliance for Prosperity",
        # The plan's name only lengthens a shorter name: it is matched, not shown.
        "names": ["Alianza para la Prosperidad"],
        "folded": ["alliance for prosperity", "alianza para la prosperidad", "plan de la alianza para la prosperidad"],
        "url": "",
        "languages": ["en", "es"],
    }
    assert carsi["folded"] == ["carsi", "iniciativa regional de seguridad para america central", "central america regional security initiative"]
    # Names that hold no other name are all shown.
    assert carsi["names"] == ["Iniciativa Regional de Seguridad para América Central", "Central America Regional Security Initiative"]
    assert carsi["url"] == "source/glossary.html#term-CARSI" and carsi["languages"] == []
