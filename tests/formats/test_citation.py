"""The pure citation core: CSL-JSON, references from CSL styles, BibTeX/RIS/CSL-JSON text."""

from __future__ import annotations

import datetime as dt

import pytest
from citation_checks import check_csl_json, pin_cite, read_bibtex, read_ris

from solidarity_archive.core.model import Place, Statement
from solidarity_archive.formats import citation, exports

HOSTILE_TITLE = 'He said "no" {to} 100% & C:\\path \\emph{x}\nER  - $5 #1 a_b ~ ^ </script> Ñandú café'
HOSTILE_AUTHORS = ['Org "Quoted" & {Braced} 50% \\ Back', "Ünïon de Café, Inc.", "Voices and Allies"]


def statement(**changes) -> Statement:
    values = dict(
        id="2016-01-19-test",
        docname="statements/2016/2016-01-19-test",
        title="US Organizations Demand Justice",
        date=dt.date(2016, 1, 19),
        place=Place("San Salvador", "El Salvador"),
        signatories=("cispes", "voices"),
        language="en",
        date_as_printed="January 19, 2015",
    )
    values.update(changes)
    return Statement(**values)


def item_for(st: Statement, authors=("Committee in Solidarity with the People of El Salvador", "Voices on the Border")):
    return citation.csl_item(st, authors=list(authors), url="https://archive.example.org/s/x.html", archive="The Archive")


def test_csl_item_is_a_document_by_organisations_with_a_machine_readable_date():
    item = item_for(statement())
    assert item["type"] == "document"
    assert item["genre"] == "Press release, dated January 19, 2015"
    assert item["author"] == [
        {"literal": "Committee in Solidarity with the People of El Salvador"},
        {"literal": "Voices on the Border"},
    ]
    # date-parts only: citeproc-js prints a literal *and* the date-parts when both are given
    assert item["issued"] == {"date-parts": [[2016, 1, 19]]}
    assert item["note"] == "Date as printed: January 19, 2015"
    assert item["custom"] == {"kind": "Press release", "date-as-printed": "January 19, 2015"}
    assert item["publisher-place"] == "San Salvador, El Salvador"
    assert citation.kind(item) == "Press release"
    assert citation.date_as_printed(item) == "January 19, 2015"
    check_csl_json(exports.csl_json([item]))


def test_an_item_without_a_misprint_has_no_note():
    item = item_for(statement(date_as_printed="19 January 2016"))
    assert item["genre"] == "Press release"
    assert "note" not in item and item["custom"] == {"kind": "Press release"}


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (None, None),
        ("January 19, 2016", None),
        ("19 January 2016", None),
        ("2016-01-19", None),
        ("January 19, 2015", "January 19, 2015"),
        ("19  January\n2015", "19 January 2015"),
        ("January 18, 2016", "January 18, 2016"),
        ("Enero 2016", "Enero 2016"),
    ],
)
def test_printed_date(printed, expected):
    assert citation.printed_date(statement(date_as_printed=printed)) == expected


def test_a_date_printed_in_the_statements_language_is_its_date():
    spanish = dict(language="es-SV", date=dt.date(2017, 3, 22))
    assert citation.printed_date(statement(date_as_printed="22 de marzo de 2017", **spanish)) is None
    assert citation.printed_date(statement(date_as_printed="22 de marzo de 2016", **spanish)) == "22 de marzo de 2016"
    # In an English statement, a Spanish spelling is not the archive's: it is kept.
    assert citation.printed_date(statement(date_as_printed="19 de enero de 2016")) == "19 de enero de 2016"


def test_printed_date_does_not_depend_on_the_process_locale():
    import locale

    try:
        previous = locale.setlocale(locale.LC_ALL)
        locale.setlocale(locale.LC_ALL, "es_ES.UTF-8")
    except locale.Error:
        pytest.skip("the es_ES.UTF-8 locale is not installed")
    try:
        assert citation.printed_date(statement(date_as_printed="January 19, 2016")) is None
        refs = {ref.style.key: ref.text for ref in citation.references(item_for(statement()))}
    finally:
        locale.setlocale(locale.LC_ALL, previous)
    assert "(2016, January 19)" in refs["apa"]
    assert "enero" not in " ".join(refs.values())


def test_kind_is_the_genre():
    assert item_for(statement(kind="open letter", date_as_printed=None))["genre"] == "Open letter"
    assert citation.kind(item_for(statement(kind="open letter"))) == "Open letter"


def test_references_in_three_styles_from_csl():
    refs = {ref.style.key: ref for ref in citation.references(item_for(statement()))}
    assert set(refs) == {"chicago", "apa", "mla"}
    for ref in refs.values():
        # Organisations whole, never "Salvador, Committee in Solidarity with the People of El".
        assert ref.text.startswith("Committee in Solidarity with the People of El Salvador")
        assert "[i.e." not in ref.text
    # Two organisations: no serial comma (it follows an inverted personal name only).
    assert refs["chicago"].text.startswith("Committee in Solidarity with the People of El Salvador and Voices on the Border.")
    assert refs["mla"].text.startswith("Committee in Solidarity with the People of El Salvador and Voices on the Border.")
    assert refs["apa"].text.startswith("Committee in Solidarity with the People of El Salvador & Voices on the Border. (2016, January 19).")
    assert "<i>US Organizations Demand Justice</i> [Press release, dated January 19, 2015]" in refs["apa"].html
    assert "“US Organizations Demand Justice.” Press release, dated January 19, 2015." in refs["chicago"].text
    assert "January 19, 2016." in refs["chicago"].text and "19 Jan. 2016," in refs["mla"].text
    assert refs["chicago"].text.endswith("https://archive.example.org/s/x.html.")


def test_references_without_misprint_give_the_full_date():
    refs = {ref.style.key: ref for ref in citation.references(item_for(statement(date_as_printed=None)))}
    assert "(2016, January 19). <i>US Organizations Demand Justice</i> [Press release]." in refs["apa"].html
    assert "19 Jan. 2016" in refs["mla"].text


@pytest.mark.parametrize(
    ("title", "chicago", "apa"),
    [
        ('Stop the "Alliance for Prosperity" Plan', "“Stop the ‘Alliance for Prosperity’ Plan.”", "<i>Stop the “Alliance for Prosperity” Plan</i>"),
        ('The "Plan"', "“The ‘Plan.’”", "<i>The “Plan”</i>"),
        ("Migrants' Rights", "“Migrants’ Rights.”", "<i>Migrants’ Rights</i>"),
        ("Women's Rights", "“Women’s Rights.”", "<i>Women’s Rights</i>"),
    ],
)
def test_quotes_in_titles_are_typeset(title, chicago, apa):
    item = item_for(statement(title=title, date_as_printed=None))
    refs = {ref.style.key: ref for ref in citation.references(item)}
    assert chicago in refs["chicago"].text
    assert apa in refs["apa"].html


def test_reference_html_is_escaped():
    item = item_for(statement(title="<script>alert(1)</script> & co"), authors=["<b>Org</b>"])
    for ref in citation.references(item):
        assert "<script>" not in ref.html and "<b>" not in ref.html
        assert "&lt;script&gt;" in ref.html
        assert "<script>alert(1)</script>" in ref.text


def test_pin_cite():
    item = item_for(statement())
    base = citation.pin_cite_base(item)
    assert "https://" not in base and not base.endswith(".")
    assert base.startswith("Committee in Solidarity with the People of El Salvador")
    assert citation.pin_cite_base(item, citation.render(item, citation.PIN_STYLE)) == base
    assert pin_cite(base, 4, "https://a.org/x.html") == f"{base}, ¶ 4, https://a.org/x.html#p4."


def hostile_item():
    return item_for(statement(title=HOSTILE_TITLE, language="es", kind="open letter"), authors=HOSTILE_AUTHORS)


def test_hostile_bibtex_round_trip():
    [entry] = read_bibtex(exports.bibtex([hostile_item()]))
    assert entry["ENTRYTYPE"] == "techreport"
    assert entry["ID"] == "2016-01-19-test"
    assert entry["title"] == citation.tidy(HOSTILE_TITLE)
    assert entry["author"] == HOSTILE_AUTHORS  # "and" inside a name does not split it
    assert entry["type"] == "Open letter"
    assert entry["institution"] == "The Archive"
    assert entry["year"] == "2016" and entry["date"] == "2016-01-19"
    assert entry["url"] == "https://archive.example.org/s/x.html"
    assert entry["note"] == "Date as printed: January 19, 2015"


def test_hostile_ris_round_trip():
    text = exports.ris([hostile_item(), item_for(statement())])
    records = read_ris(text)
    assert len(records) == 2  # the "ER  -" in the title did not end a record
    record = records[0]
    assert record["type_of_reference"] == "RPRT"
    assert record["title"] == citation.tidy(HOSTILE_TITLE)
    assert record["authors"] == HOSTILE_AUTHORS
    assert record["date"] == "2016/01/19"
    assert record["type_of_work"] == "Open letter"
    assert record["urls"] == ["https://archive.example.org/s/x.html"]
    assert records[1]["title"] == "US Organizations Demand Justice"


def test_hostile_csl_json_round_trip():
    item = hostile_item()
    [back] = check_csl_json(exports.csl_json([item]))
    assert back == item
    assert back["title"] == citation.tidy(HOSTILE_TITLE)
    assert [a["literal"] for a in back["author"]] == HOSTILE_AUTHORS


def test_csl_schema_rejects_a_split_name_field():
    import jsonschema

    bad = dict(hostile_item(), author=[{"name": "Org"}])
    with pytest.raises(jsonschema.ValidationError):
        check_csl_json(exports.csl_json([bad]))


def test_urls_cannot_break_out_of_fields():
    item = dict(hostile_item(), URL="https://a.org/x y}{\\\n.html")
    assert "https://a.org/x%20y%7D%7B%5C%20.html" in exports.bibtex([item])
    assert read_ris(exports.ris([item]))[0]["urls"] == ["https://a.org/x%20y%7D%7B%5C%20.html"]


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown export format 'txt'"):
        exports.render([], "txt")


def test_chicago_lists_no_unpublished_document():
    item = citation.csl_item(statement(), authors=["Voices on the Border"], url=None, archive=None)
    refs = {ref.style.key: ref for ref in citation.references(item)}
    assert refs["chicago"].text == "" and refs["chicago"].html == ""
    assert refs["apa"].text.startswith("Voices on the Border. (2016, January 19).")
