"""The pure term lexer: longest match, case and accent rules, glossary parsing."""

from solidarity_archive.core.lexer import (
    Lexicon,
    Term,
    parse_glossary,
)
from solidarity_archive.core.text import fold_with_origin, is_acronym

TERMS = [
    Term("CARSI", ("Central America Regional Security Initiative", "Regional Security Initiative for Central America")),
    Term("Alliance for Prosperity", ("Alliance for Prosperity Plan for the Northern Triangle of Central America",)),
    Term("Northern Triangle", ("Triángulo Norte",)),
    Term("War on Drugs", ()),
    Term("Free trade agreements", ("CAFTA-DR", "free trade agreement")),
]


def found(text, terms=TERMS):
    return [(text[m.start : m.end], m.key) for m in Lexicon(terms).find(text)]


def test_longest_match_is_one_mention_with_nested_terms_reported():
    text = "funds for the Alliance for Prosperity Plan for the Northern Triangle of Central America."
    mentions, nested = Lexicon(TERMS).scan(text)
    assert [(text[m.start : m.end], m.key) for m in mentions] == [
        ("Alliance for Prosperity Plan for the Northern Triangle of Central America", "Alliance for Prosperity")
    ]
    assert [(text[m.start : m.end], m.key) for m in nested] == [("Northern Triangle", "Northern Triangle")]


def test_shorter_name_still_found_alone():
    assert found("the Alliance for Prosperity and the Northern Triangle") == [
        ("Alliance for Prosperity", "Alliance for Prosperity"),
        ("Northern Triangle", "Northern Triangle"),
    ]


def test_acronyms_are_case_sensitive():
    assert found("CARSI, not carsi or Carsi") == [("CARSI", "CARSI")]
    assert found("under CAFTA-DR") == [("CAFTA-DR", "Free trade agreements")]
    assert found("cafta-dr") == []


def test_other_names_ignore_case_and_accents():
    assert found("the WAR ON DRUGS and the war on drugs") == [("WAR ON DRUGS", "War on Drugs"), ("war on drugs", "War on Drugs")]
    assert found("el triangulo norte y el TRIÁNGULO NORTE") == [
        ("triangulo norte", "Northern Triangle"),
        ("TRIÁNGULO NORTE", "Northern Triangle"),
    ]


def test_whole_words_only_and_line_breaks_inside_names():
    assert found("CARSIS and postwar on drugs") == []
    assert found("the War\non  Drugs") == [("War\non  Drugs", "War on Drugs")]


def test_singular_and_plural_are_separate_names():
    assert found("a free trade agreement; free trade agreements") == [
        ("free trade agreement", "Free trade agreements"),
        ("free trade agreements", "Free trade agreements"),
    ]


def test_fold_keeps_positions():
    folded, origin = fold_with_origin("Triángulo ß")
    assert folded == "triangulo ss"
    assert origin[-2:] == [10, 10]
    # Accents written as separate combining marks, curly quotes, and ASCII between them.
    text = "“Frontera Sur” de Me\u0301xico, Straße"
    folded, origin = fold_with_origin(text)
    assert folded == "“frontera sur” de mexico, strasse"
    assert [text[i] for i in origin] == list("“Frontera Sur” de Mexico, Straße".replace("ß", "ßß"))
    assert is_acronym("CAFTA-DR") and not is_acronym("War on Drugs") and not is_acronym("2016")


def test_parse_glossary_reads_terms_and_aliases():
    page = """# Glossary

```{glossary}
:sorted:

CARSI
Central America Regional Security Initiative
  A programme.

  Second paragraph.

War on Drugs
  Policies.
```

Not a term
"""
    assert parse_glossary(page) == [
        Term("CARSI", ("Central America Regional Security Initiative",)),
        Term("War on Drugs", ()),
    ]


def test_real_glossary_covers_the_seed_wordings(repo):
    terms = parse_glossary((repo / "source/glossary.md").read_text(encoding="utf-8"))
    keys = {t.key for t in terms}
    assert {
        "CARSI",
        "Alliance for Prosperity",
        "Northern Triangle",
        "Southern Border Plan",
        "War on Drugs",
        "Free trade agreements",
        "Family detention",
        "Temporary Protected Status",
    } <= keys
    lexicon = Lexicon(terms)
    for wording, key in [
        ("Regional Security Initiative for Central America", "CARSI"),
        ("Central America Regional Security Initiative", "CARSI"),
        ("Alliance for Prosperity Plan for the Northern Triangle of Central America", "Alliance for Prosperity"),
        ("Plan de la Alianza para la Prosperidad del Triángulo Norte", "Alliance for Prosperity"),
        ("Triángulo Norte", "Northern Triangle"),
        ("Programa Frontera Sur", "Southern Border Plan"),
        ("War On Drugs", "War on Drugs"),
        ("CAFTA-DR", "Free trade agreements"),
        ("TPS", "Temporary Protected Status"),
    ]:
        assert [(m.start, m.end, m.key) for m in lexicon.find(wording)] == [(0, len(wording), key)], wording
