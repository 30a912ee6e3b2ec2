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


def test_csl_item_is_a_report_by_organisations():
    item = item_for(statement())
    assert item["type"] == "report"
    assert item["genre"] == "Press release"
    assert item["author"] == [
        {"literal": "Committee in Solidarity with the People of El Salvador"},
        {"literal": "Voices on the Border"},
    ]
    assert item["issued"] == {"date-parts": [[2016, 1, 19]], "literal": "January 19, 2015 [i.e., 2016]"}
    assert item["publisher-place"] == "San Salvador, El Salvador"
    check_csl_json(exports.csl_json([item]))


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (None, None),
        ("January 19, 2016", None),
        ("19 January 2016", None),
        ("January 19, 2015", "January 19, 2015 [i.e., 2016]"),
        ("19 January 2015", "19 January 2015 [i.e., 2016]"),
        ("January 18, 2016", "January 18, 2016 [i.e., January 19, 2016]"),
        ("Enero 2016", "Enero 2016 [i.e., January 19, 2016]"),
    ],
)
def test_printed_date(printed, expected):
    assert citation.printed_date(statement(date_as_printed=printed)) == expected


def test_kind_is_the_genre():
    assert item_for(statement(kind="open letter"))["genre"] == "Open letter"


def test_references_in_three_styles_from_csl():
    refs = {ref.style.key: ref for ref in citation.references(item_for(statement()))}
    assert set(refs) == {"chicago", "apa", "mla"}
    for ref in refs.values():
        assert "January 19, 2015 [i.e., 2016]" in ref.text
        # Organisations whole, never "Salvador, Committee in Solidarity with the People of El".
        assert ref.text.startswith("Committee in Solidarity with the People of El Salvador")
        assert "<i>US Organizations Demand Justice</i>" in ref.html
    assert "& Voices on the Border. (January 19, 2015 [i.e., 2016])." in refs["apa"].text
    assert "[Press release]" in refs["apa"].text
    assert ", et al." in refs["mla"].text or "and Voices on the Border" in refs["mla"].text
    assert refs["chicago"].text.endswith("https://archive.example.org/s/x.html.")


def test_references_without_misprint_give_the_year():
    refs = {ref.style.key: ref for ref in citation.references(item_for(statement(date_as_printed=None)))}
    assert "(2016)." in refs["apa"].text
    assert "19 Jan. 2016" in refs["mla"].text


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
    assert entry["year"] == "2016" and entry["date"] == "2016-01-19"
    assert entry["url"] == "https://archive.example.org/s/x.html"
    assert "January 19, 2015 [i.e., 2016]" in entry["note"]


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
