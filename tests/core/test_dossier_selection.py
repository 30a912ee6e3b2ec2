"""Choosing a dossier's statements (pure Python, no Sphinx)."""

from __future__ import annotations

import datetime as dt

import pytest

from solidarity_archive.core.model import Place, Statement
from solidarity_archive.core.reader import ArchiveLayout
from solidarity_archive.core.selection import (
    Criteria,
    Entry,
    GlossaryTermFinder,
    SelectionError,
    WordTermFinder,
    dossier_identifier,
    load_entries,
    select,
)
from solidarity_archive.core.text import ascii_slug
from solidarity_archive.myst import parse_statement_text


def entry(sid: str, text: str, *, signatories=("cispes",), place=("San Salvador", "El Salvador"), language="en") -> Entry:
    statement = Statement(
        id=sid,
        docname=f"statements/{sid[:4]}/{sid}",
        title=sid,
        date=dt.date.fromisoformat(sid[:10]),
        place=Place(*place),
        signatories=tuple(signatories),
        language=language,
    )
    return Entry(statement, text)


ENTRIES = [
    entry("2016-01-19-raids", "The Regional Security Initiative for Central America (CARSI) aggravated violence."),
    entry("2014-05-01-mining", "Mining in Cabañas.", signatories=("share", "voices"), language="es-SV"),
    entry("2015-03-08-women", "Carsi is not the word here; the Triángulo Norte is.", place=("Washington", "United States")),
    entry("2016-06-01-carsi-funds", "Funds for\nCARSI were cut.", signatories=("voices",), place=("Washington", "United States")),
]


def ids(statements):
    return [s.id for s in statements]


def test_term_matches_acronym_as_written_in_date_order():
    assert ids(select(ENTRIES, Criteria(terms=("CARSI",)))) == ["2016-01-19-raids", "2016-06-01-carsi-funds"]


def test_term_names_ignore_case_and_accents_across_lines():
    finder = WordTermFinder(("Triangulo Norte", "Regional Security Initiative"))
    assert finder("the TRIÁNGULO\nnorte") == {"Triangulo Norte"}
    assert finder("Regional Security Initiatives") == set()  # whole words only


def test_kinds_narrow_values_widen():
    assert ids(select(ENTRIES, Criteria(signatories=("share", "voices")))) == ["2014-05-01-mining", "2016-06-01-carsi-funds"]
    assert ids(select(ENTRIES, Criteria(terms=("CARSI",), places=("United States",)))) == ["2016-06-01-carsi-funds"]


def test_place_city_or_country_and_language_subtag():
    assert ids(select(ENTRIES, Criteria(places=("san salvador",)))) == ["2014-05-01-mining", "2016-01-19-raids"]
    assert ids(select(ENTRIES, Criteria(languages=("es",)))) == ["2014-05-01-mining"]


def test_date_range_is_inclusive():
    chosen = select(ENTRIES, Criteria(since=dt.date(2015, 3, 8), until=dt.date(2016, 1, 19)))
    assert ids(chosen) == ["2015-03-08-women", "2016-01-19-raids"]


def test_explicit_ids():
    assert ids(select(ENTRIES, Criteria(ids=("2016-06-01-carsi-funds", "2014-05-01-mining")))) == [
        "2014-05-01-mining",
        "2016-06-01-carsi-funds",
    ]


def test_empty_selection_names_the_criteria_that_match_nothing():
    with pytest.raises(SelectionError) as error:
        select(ENTRIES, Criteria(terms=("CAFTA",), languages=("en", "fr"), ids=("2099-01-01-none",)))
    message = str(error.value)
    assert "term “CAFTA”" in message and "language “fr”" in message and "id “2099-01-01-none”" in message
    assert "language “en”" not in message


def test_empty_intersection_says_each_criterion_matches_alone():
    with pytest.raises(SelectionError, match=r"no statement matches all.*language “es” \(1 statement\)"):
        select(ENTRIES, Criteria(terms=("CARSI",), languages=("es",)))


def test_no_criteria_and_reversed_dates_are_errors():
    with pytest.raises(SelectionError, match="at least one criterion"):
        select(ENTRIES, Criteria())
    with pytest.raises(SelectionError, match="reversed"):
        select(ENTRIES, Criteria(since=dt.date(2016, 1, 1), until=dt.date(2015, 1, 1)))


def test_a_custom_term_finder_is_used():
    chosen = select(ENTRIES, Criteria(terms=("mining",)), find_terms=lambda text: {"mining"} if "Cabañas" in text else set())
    assert ids(chosen) == ["2014-05-01-mining"]


def test_describe_names_every_criterion():
    text = Criteria(terms=("CARSI",), since=dt.date(2014, 1, 1), until=dt.date(2016, 12, 31)).describe()
    assert text == "Statements mentioning “CARSI”, dated 2014-01-01 to 2016-12-31."


def test_names_identifiers_and_permalinks():
    assert ascii_slug("CARSI, 2014–2016", "dossier") == "carsi-2014-2016"
    assert ascii_slug("¡¿!", "dossier") == "dossier"
    assert dossier_identifier("https://a.org/", "carsi") == dossier_identifier("https://a.org", "carsi")
    assert dossier_identifier("https://a.org/", "carsi") != dossier_identifier("https://a.org/", "mining")


def test_load_entries_reads_the_real_archive(repo):
    entries = load_entries(ArchiveLayout(repo), dt.date(2026, 1, 1), markdown=parse_statement_text)
    assert entries
    seed = next(e for e in entries if e.statement.id == "2016-01-19-us-organizations-demand-justice")
    assert "(CARSI)" in seed.text and "signatories:" not in seed.text


GLOSSARY = """# Glossary

```{glossary}
CARSI
Regional Security Initiative for Central America
Iniciativa Regional de Seguridad para Centroamérica
  A security programme.

Alliance for Prosperity
  A plan.
```
"""


def test_glossary_terms_match_under_every_name():
    from solidarity_archive.core.lexer import parse_glossary

    finder = GlossaryTermFinder(parse_glossary(GLOSSARY), ("carsi", "Triángulo Norte"))
    assert finder.not_in_glossary() == ["Triángulo Norte"]
    assert finder("la Iniciativa Regional de Seguridad para Centroamerica") == {"carsi"}
    assert finder("CARSI and the Triangulo Norte") == {"carsi", "Triángulo Norte"}
    assert finder("The Alliance for Prosperity") == set()
    entries = [*ENTRIES, entry("2017-01-01-iniciativa", "La Iniciativa Regional de Seguridad para Centroamérica.", language="es")]
    assert ids(select(entries, Criteria(terms=("CARSI",)), GlossaryTermFinder(parse_glossary(GLOSSARY), ("CARSI",)))) == [
        "2016-01-19-raids",
        "2016-06-01-carsi-funds",
        "2017-01-01-iniciativa",
    ]


def test_selection_is_pure_python():
    import subprocess
    import sys

    code = "import sys, solidarity_archive.core.selection; print(sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
