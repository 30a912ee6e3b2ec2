"""The text helpers every layer shares: one folding, one slug, one count."""

from solidarity_archive.core.model import Signatory
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.text import (
    ascii_slug,
    counted,
    fold,
    fold_with_origin,
    is_acronym,
    name_key,
    slug_words,
)


def test_fold_ignores_case_accents_and_spacing():
    assert fold("Triángulo  Norte") == "triangulo norte"
    assert fold("ALIANZA para la Prosperidad") == "alianza para la prosperidad"
    assert fold("Straße") == "strasse"
    assert fold_with_origin("Triángulo")[0] == "triangulo"


def test_names_compare_without_punctuation():
    assert name_key("S.H.A.R.E. Foundation") == name_key("s h a r e  foundation") == "s h a r e foundation"
    assert name_key("Comité de Familiares (COFAMIDE)") == "comite de familiares cofamide"


def test_one_slug_with_a_fallback():
    assert ascii_slug("San José, 2014–2016") == "san-jose-2014-2016"
    assert ascii_slug("¡¿!", "dossier") == "dossier"
    assert ascii_slug("¡¿!") == ""
    assert slug_words("¡Alto a la represión!") == ["alto", "a", "la", "represion"]


def test_acronyms():
    assert is_acronym("CARSI") and is_acronym("CAFTA-DR")
    assert not is_acronym("2016") and not is_acronym("Alliance for Prosperity")


def test_counts():
    assert counted(1, "statement") == "1 statement"
    assert counted(3, "statement") == "3 statements"
    assert counted(0, "statement file") == "0 statement files"


def test_a_signatory_is_named_by_its_label_or_its_id():
    registry = Registry({"share": Signatory(id="share", name="SHARE Foundation", country="El Salvador", acronym="SHARE")})
    assert registry.label("share") == registry["share"].label
    assert registry.label("unknown-id") == "unknown-id"
