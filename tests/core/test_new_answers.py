"""Reading what people type to ``new`` (pure): dates as written in both languages, signatories by
name, acronym or alias, places, kinds, ids; the archive's own rules on each answer; the draft's file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from archive_copy import REPO

from solidarity_archive.cli import drafts
from solidarity_archive.core import answers
from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.dates import read_date
from solidarity_archive.core.model import Place, Statement
from solidarity_archive.core.pages import Placed

TODAY = dt.date(2026, 12, 5)


@pytest.fixture(scope="module")
def registry():
    found, problems = registry_module.load(REPO / "source/signatories.yaml", "source/signatories.yaml")
    assert not problems
    return found


# -- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "3 de marzo de 2017",
        "3 marzo 2017",
        "viernes, 3 de marzo de 2017",
        "3 de Marzo del 2017",
        "marzo 3 de 2017",
        "3 mar. 2017",
        "March 3, 2017",
        "march 3 2017",
        "Friday, March 3rd, 2017",
        "3 March 2017",
        "Mar. 3, 2017",
        "03/03/2017",
        "3.3.2017",
        "2017-03-03",
        "2017/3/3",
    ],
)
def test_dates_as_people_write_them_in_both_languages(written):
    reading = read_date(written)
    assert reading.date == dt.date(2017, 3, 3) and not reading.ambiguous


def test_month_names_in_both_languages_and_their_short_forms():
    assert read_date("1º de septiembre de 2016").date == dt.date(2016, 9, 1)
    assert read_date("1 de setiembre de 2016").date == dt.date(2016, 9, 1)
    assert read_date("Sept. 1, 2016").date == dt.date(2016, 9, 1)
    assert read_date("19 de ENERO de 2016").date == dt.date(2016, 1, 19)
    assert read_date("diciembre 24, 1980").date == dt.date(1980, 12, 24)


def test_numbers_only_read_two_ways_are_both_offered_day_first():
    reading = read_date("04/03/2017")
    assert reading.ambiguous and reading.date is None
    assert reading.dates == (dt.date(2017, 3, 4), dt.date(2017, 4, 3))  # day/month (El Salvador), then month/day
    assert read_date("13/03/2017").date == dt.date(2017, 3, 13)  # no month 13: one reading
    assert read_date("03/13/2017").date == dt.date(2017, 3, 13)


@pytest.mark.parametrize("written", ["31 de febrero de 2017", "February 30, 2017", "32/13/2017"])
def test_a_day_that_does_not_exist(written):
    reading = read_date(written)
    assert reading.impossible and reading.date is None


@pytest.mark.parametrize("written", ["", "mañana", "3 de marzo", "03/03/17", "2017"])
def test_not_dates(written):
    reading = read_date(written)
    assert reading.dates == () and not reading.impossible


# -- the archive's rules on each answer ----------------------------------------------------


def test_each_answer_is_checked_with_the_rules_check_runs(registry):
    def messages(key, value):
        return [p.message for p in answers.field_problems(key, value, registry, TODAY)]

    assert messages("title", "Carta abierta") == []
    assert messages("title", "") == ["title is empty"]
    assert "at most 300" in messages("title", "x" * 301)[0]
    assert messages("date", dt.date(2017, 3, 3)) == []
    assert "is in the future" in messages("date", dt.date(2027, 1, 1))[0]
    assert "must be 'City, Country'" in messages("place", "San Salvador")[0]
    assert messages("place", "San Salvador, El Salvador") == []
    assert "signatory 'cispe' is not in source/signatories.yaml" in messages("signatories", ["cispe"])[0]
    assert "is empty" in messages("signatories", [])[0]
    assert messages("signatories", ["cispes", "share"]) == []
    assert "BCP 47" in messages("language", "español")[0]
    assert messages("language", "es-SV") == []
    assert messages("kind", "open letter") == []
    assert messages("title", "NO") == []  # written quoted, read back as text


def test_a_place_spelled_unlike_the_archive_is_refused_as_check_refuses_it():
    def placed(place, path):
        city, _, country = place.rpartition(", ")
        statement = Statement(id="x", docname=path[:-3], title="t", date=TODAY, place=Place(city, country), signatories=("cis",), language="es")
        return Placed(statement, path, 4)

    known = [placed("San Salvador, El Salvador", "statements/2016/2016-01-19-a.md")]
    assert answers.place_problems("Santa Ana, El Salvador", known, "statements/2017/2017-03-03-b.md", TODAY) == []
    [problem] = answers.place_problems("San salvador, El Salvador", known, "statements/2017/2017-03-03-b.md", TODAY)
    assert "would write the same place page" in problem.message
    [problem] = answers.place_problems("Santa Ana, el Salvador", known, "statements/2017/2017-03-03-b.md", TODAY)
    assert "same country page" in problem.message


def test_places_offered_for_a_refused_place():
    known = ["San Salvador, El Salvador", "Washington, United States"]
    assert answers.closest_places("Santa Ana", known)[:2] == ["Santa Ana, El Salvador", "Santa Ana, United States"]
    assert answers.closest_places("san salvador, el salvador", known)[0] == "San Salvador, El Salvador"
    assert answers.closest_places("San salvador", known)[0] == "San Salvador, El Salvador"
    assert "San salvador, El Salvador" not in answers.closest_places("San salvador", known)
    assert answers.closest_places("Santa Ana, el salvador", known)[0] == "Santa Ana, El Salvador"
    assert answers.closest_places("Washinton, United States", known) == ["Washington, United States"]


# -- signatories --------------------------------------------------------------------------


def test_signatories_by_id_name_acronym_or_alias(registry):
    found = answers.read_signatories(
        "cispes, SHARE, Ciudades Hermanas, Fundación SHARE, Committee in Solidarity with the People of El Salvador, "
        "comite en solidaridad con el pueblo de el salvador, Joining Hands Network (RUMHES)",
        registry,
    )
    assert [(f.id, f.how) for f in found] == [
        ("cispes", "id"),
        ("share", "acronym"),
        ("sister-cities", "alias"),
        ("share", "alias"),
        ("cispes", "name"),
        ("cispes", "alias"),
        ("rumhes", "name"),
    ]


def test_ids_separated_by_spaces_as_before(registry):
    assert [f.id for f in answers.read_signatories("cis share", registry)] == ["cis", "share"]
    assert [f.id for f in answers.read_signatories("cis; share\nvoices", registry)] == ["cis", "share", "voices"]


def test_an_unknown_signatory_gets_the_nearest_registry_ids(registry):
    [typo] = answers.read_signatories("cispe", registry)
    assert typo.id is None and typo.closest[0] == "cispes"
    [words] = answers.read_signatories("Comité Solidaridad", registry)
    assert words.id is None and "cispes" in words.closest  # the words of an alias
    [voces] = answers.read_signatories("Voces", registry)
    assert voces.closest[0] == "voices"
    [sister] = answers.read_signatories("Sister City", registry)
    assert "sister-cities" in sister.closest
    [unknown] = answers.read_signatories("Zzyzx Qwerty", registry)
    assert unknown.id is None and unknown.closest == ()


# -- kind, language, id --------------------------------------------------------------------


def test_kind_by_number_or_name_in_either_language():
    spanish = {"press release": "comunicado de prensa", "open letter": "carta abierta", "statement": "declaración", "declaration": "declaración"}
    assert answers.read_kind("2") == "open letter"
    assert answers.read_kind("Open Letter") == "open letter"
    assert answers.read_kind("carta abierta", spanish) == "open letter"
    assert answers.read_kind("declaración", spanish) is None  # two kinds share it in Spanish: the number says which
    assert answers.read_kind("9") is None and answers.read_kind("carta") is None


def test_language_by_tag_or_name():
    assert answers.read_language("es") == "es"
    assert answers.read_language("Spanish") == "es"
    assert answers.read_language("español", {"es": "español", "en": "inglés"}) == "es"
    assert answers.read_language("Inglés", {"es": "español", "en": "inglés"}) == "en"
    assert answers.read_language("zzyzx") == "zzyzx"  # left for the rules to refuse


@pytest.mark.parametrize(
    ("answer", "locale", "tag"),
    [
        ("guaraní", "es", "gn"),
        ("Guaraní", "es", "gn"),
        ("guarani", "en", "gn"),
        ("Guarani", "es", "gn"),  # the English name in either language
        ("japonés", "es", "ja"),
        ("español de México", "es", "es-MX"),
        ("Latin American Spanish", "en", "es-419"),
        ("inglés", "es", "en"),
        ("náhuatl", "es", "náhuatl"),  # no name in the CLDR: left for the rules to refuse, saying to type a tag
    ],
)
def test_a_language_by_the_name_the_cldr_gives_it(answer, locale, tag):
    """Staff type a language outside the catalog's list by its name, in their language or in English."""
    assert answers.read_language(answer, None, locale) == tag


def test_the_id_words_typed():
    assert answers.read_slug("No a la minería metálica") == "no-a-la-mineria-metalica"
    assert answers.read_slug("2017-03-03-alto-a-la-mineria") == "alto-a-la-mineria"
    assert answers.read_slug("  ¡Alto!  ") == "alto"
    assert answers.read_slug("¿?") == ""
    assert answers.numbered("2", ["a", "b"]) == "b" and answers.numbered("3", ["a", "b"]) is None


# -- the draft -----------------------------------------------------------------------------


def test_a_draft_is_a_plain_file_read_back_whole(tmp_path):
    text = "Primera línea.\n\n=== no es el marcador ===\n# no es un comentario\ntitle: tampoco\n"
    draft = drafts.SavedDraft(tmp_path / "new-1.txt", "/archivo", {"title": 'Carta: "abierta" #1', "date": "2017-03-03", "signatories": ["cis", "share"]}, text)
    drafts.save(draft, "Un borrador.\nSegunda línea.")
    saved = draft.path.read_text(encoding="utf-8")
    assert saved.startswith("# Un borrador.\n# Segunda línea.\narchive: ")
    assert saved.endswith("=== TEXT ===\n" + text)
    again = drafts.parse(saved, draft.path)
    assert (again.archive, again.answers, again.text) == (draft.archive, draft.answers, text)
    # Corrected by hand in an editor: still read.
    again = drafts.parse(saved.replace("Primera", "La primera"), draft.path)
    assert again.text.startswith("La primera línea.")
    # Without text yet.
    draft.text = None
    assert drafts.parse(drafts.render(draft), draft.path).text is None
    assert drafts.parse("not a draft\n", draft.path) is None


def test_drafts_are_kept_per_archive_newest_first(tmp_path):
    folder = tmp_path / "drafts"
    first = drafts.SavedDraft(drafts.new_path(folder, dt.datetime(2026, 12, 1, 10, 0)), str(tmp_path / "a"), {"title": "uno"})
    drafts.save(first)
    second = drafts.SavedDraft(drafts.new_path(folder, dt.datetime(2026, 12, 1, 10, 0)), str(tmp_path / "a"), {"title": "dos"})
    drafts.save(second)
    drafts.save(drafts.SavedDraft(drafts.new_path(folder), str(tmp_path / "b"), {"title": "otro archivo"}))
    assert first.path.name == "new-2026-12-01-100000.txt" and second.path.name == "new-2026-12-01-100000-2.txt"
    import os

    os.utime(first.path, (1, 1))
    assert [d.answers["title"] for d in drafts.drafts_of(tmp_path / "a", folder)] == ["dos", "uno"]
    drafts.remove(second)
    assert [d.answers["title"] for d in drafts.drafts_of(tmp_path / "a", folder)] == ["uno"]


def test_the_drafts_folder_is_the_users_not_the_archives():
    assert drafts.drafts_folder({"XDG_STATE_HOME": "/state", "HOME": "/home/ana"}, "linux") == Path("/state/solidarity-archive/drafts")
    assert drafts.drafts_folder({"HOME": "/home/ana"}, "linux") == Path("/home/ana/.local/state/solidarity-archive/drafts")
    assert drafts.drafts_folder({"HOME": "/Users/ana"}, "darwin") == Path("/Users/ana/Library/Application Support/solidarity-archive/drafts")
    assert drafts.drafts_folder({"LOCALAPPDATA": "C:/Users/ana/AppData/Local", "HOME": "C:/Users/ana"}, "win32") == Path(
        "C:/Users/ana/AppData/Local/solidarity-archive/drafts"
    )
