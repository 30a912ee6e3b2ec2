"""What is published is exactly what was checked: the pure rules.

YAML comments that cut a value, invisible control characters, two spellings
that would write one page, and statement paths that are not files.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

import pytest

from solidarity_archive.core import frontmatter
from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.characters import control_character_problems
from solidarity_archive.core.model import Place, Statement, Withdrawal
from solidarity_archive.core.pages import Placed, country_page, place_page, same_page_problems, signatory_page
from solidarity_archive.core.special_files import special_file_kind
from solidarity_archive.core.untrusted import tree_problems
from solidarity_archive.core.validation import validate

REGISTRY, _ = registry_module.parse("cispes:\n  name: CISPES\n  country: United States\n", "source/signatories.yaml")
TODAY = dt.date(2026, 1, 1)
PATH = "statements/2016/2016-01-19-x.md"
NOTE = "(a note for the archive's staff goes on a line of its own, starting with '#')"


def field_problems(yaml_text: str) -> list[str]:
    """The problems of a frontmatter (the YAML between the '---' lines, which start on line 2)."""
    fields = frontmatter.parse(yaml_text, 2)
    statement, problems = validate(fields, path=PATH, docname=PATH[:-3], registry=REGISTRY, today=TODAY)
    return [str(p) for p in problems]


def frontmatter_with(**changed: str) -> str:
    fields = {
        "title": "A statement",
        "date": "2016-01-19",
        "place": "San Salvador, El Salvador",
        "signatories": "\n  - cispes",
        "language": "en",
    }
    fields.update(changed)
    return "".join(f"{key}:{'' if value.startswith(chr(10)) else ' '}{value}\n" for key, value in fields.items())


# -- 1. a YAML comment cuts a value ---------------------------------------------------------


COMMENT_CASES = {
    "the-issues-title": (
        frontmatter_with(title="We Demand Justice for the Disappeared #NiUnoMas"),
        f"{PATH}:2: title 'We Demand Justice for the Disappeared' is cut at '#NiUnoMas': YAML reads ' #' as the start of a comment "
        "and drops the rest of the line; if '#NiUnoMas' belongs to the value, put the whole value in quotes: "
        f'title: "We Demand Justice for the Disappeared #NiUnoMas" {NOTE} [statement.comment]',
    ),
    "spanish-title": (
        frontmatter_with(title="Exigimos justicia para los desaparecidos #NiUnoMás", language="es"),
        f"{PATH}:2: title 'Exigimos justicia para los desaparecidos' is cut at '#NiUnoMás': YAML reads ' #' as the start of a comment "
        "and drops the rest of the line; if '#NiUnoMás' belongs to the value, put the whole value in quotes: "
        f'title: "Exigimos justicia para los desaparecidos #NiUnoMás" {NOTE} [statement.comment]',
    ),
    "list-item": (
        frontmatter_with(signatories="\n  - cispes #1"),
        f"{PATH}:6: signatories[1] 'cispes' is cut at '#1': YAML reads ' #' as the start of a comment and drops the rest of the line; "
        f"if '#1' belongs to the value, put the whole value in quotes: - \"cispes #1\" {NOTE} [statement.comment]",
    ),
    "whole-value-is-a-hashtag": (
        frontmatter_with(title="#NiUnoMás"),
        f"{PATH}:2: title has no value: YAML reads '#NiUnoMás' as a comment, because ' #' starts one; "
        f'if it is the value, put it in quotes: title: "#NiUnoMás" {NOTE} [statement.comment]',
    ),
    "comment-after-a-quoted-value": (
        frontmatter_with(place='"San Salvador, El Salvador" #capital'),
        f"{PATH}:4: place 'San Salvador, El Salvador' is followed by '#capital' outside its quotes, which YAML reads as a comment "
        f"and drops; if '#capital' belongs to the value, move it inside the quotes: place: \"San Salvador, El Salvador #capital\" {NOTE} [statement.comment]",
    ),
    "nested-field": (
        frontmatter_with(source="\n  url: https://example.org/comunicado #texto"),
        f"{PATH}:9: source.url 'https://example.org/comunicado' is cut at '#texto': YAML reads ' #' as the start of a comment and drops "
        f"the rest of the line; if '#texto' belongs to the value, put the whole value in quotes: url: \"https://example.org/comunicado #texto\" {NOTE} [statement.comment]",
    ),
    "tab-before-the-comment": (
        # libyaml reads a tab before '#' as the start of a comment too
        frontmatter_with(title="Justicia ya\t#YaBasta"),
        f"{PATH}:2: title 'Justicia ya' is cut at '#YaBasta': YAML reads ' #' as the start of a comment and drops the rest of the line; "
        f"if '#YaBasta' belongs to the value, put the whole value in quotes: title: \"Justicia ya #YaBasta\" {NOTE} [statement.comment]",
    ),
    "continued-plain-value": (
        frontmatter_with(title="Justicia para\n  los desaparecidos #NiUnoMás"),
        f"{PATH}:3: title 'Justicia para los desaparecidos' is cut at '#NiUnoMás': YAML reads ' #' as the start of a comment and drops "
        f"the rest of the line; if '#NiUnoMás' belongs to the value, put the whole value in quotes: title: \"Justicia para los desaparecidos #NiUnoMás\" {NOTE} [statement.comment]",
    ),
    "quotes-inside-the-value": (
        frontmatter_with(title='El "Plan" #NoAlTLC'),
        f"{PATH}:2: title 'El \"Plan\"' is cut at '#NoAlTLC': YAML reads ' #' as the start of a comment and drops the rest of the line; "
        f'if \'#NoAlTLC\' belongs to the value, put the whole value in quotes: title: "El \\"Plan\\" #NoAlTLC" {NOTE} [statement.comment]',
    ),
}


@pytest.mark.parametrize("case", COMMENT_CASES, ids=list(COMMENT_CASES))
def test_a_comment_that_cuts_a_value_is_refused_at_its_line(case):
    yaml_text, expected = COMMENT_CASES[case]
    assert field_problems(yaml_text) == [expected]


def test_the_suggested_value_reads_back_whole():
    for _yaml_text, expected in COMMENT_CASES.values():
        suggested = expected.split(" quotes: ", 1)[1].removesuffix(f" {NOTE} [statement.comment]")
        key, _, value = suggested.partition(": ") if not suggested.startswith("- ") else ("item", "", suggested[2:])
        read = frontmatter.parse(f"{key}: {value}\n")
        assert not read.comments
        assert "#" in read.items[key].text


def test_a_cut_value_is_reported_once():
    # cut at the comment, 'San Salvador' alone is no 'City, Country': one message, the comment's
    problems = field_problems(frontmatter_with(place="San Salvador #capital, El Salvador"))
    assert len(problems) == 1 and problems[0].endswith("[statement.comment]")
    assert "place 'San Salvador' is cut at '#capital, El Salvador'" in problems[0]


@pytest.mark.parametrize(
    "yaml_text",
    [
        pytest.param("# a note for staff, on its own line\n" + frontmatter_with(), id="comment-on-its-own-line"),
        pytest.param(frontmatter_with(title="Justicia#NiUnoMás"), id="hash-without-a-space-before-it"),
        pytest.param(frontmatter_with(title='"We Demand Justice #NiUnoMas"'), id="hash-inside-quotes"),
        pytest.param(frontmatter_with(signatories="  # ids from source/signatories.yaml\n  - cispes"), id="comment-after-a-key"),
        pytest.param(frontmatter_with(note="|\n  Texto con #etiqueta y # almohadilla\n  # sigue siendo texto"), id="block-scalar-text"),
        pytest.param(frontmatter_with(note="| # the note follows\n  Texto."), id="comment-after-a-block-indicator"),
        pytest.param(frontmatter_with(signatories="\n  - cispes\n  # more to come"), id="comment-line-after-a-list"),
    ],
)
def test_comments_that_cut_nothing_are_allowed(yaml_text):
    assert field_problems(yaml_text) == []


def test_what_is_kept_from_a_hash_without_space():
    fields = frontmatter.parse(frontmatter_with(title="Justicia#NiUnoMás"), 2)
    assert fields.items["title"].text == "Justicia#NiUnoMás"


# -- 2. invisible control characters ---------------------------------------------------------


def statement_text(fields: str, body: str) -> str:
    return f"---\n{fields}---\n\n{body}"


FF_ADVICE = "delete it: a form feed marks a page break in text copied from a PDF; where it starts a new paragraph, put a blank line in its place"
BIDI_ADVICE = (
    "delete it: it invisibly changes the direction of the text after it, on the page and in its title, feeds and citations; "
    "right-to-left words are shown in their own direction without it"
)


def test_a_form_feed_in_a_spanish_paragraph():
    text = statement_text(frontmatter_with(language="es"), "Exigimos justicia.\x0cLa comunidad internacional debe actuar.\n")
    assert [str(p) for p in control_character_problems(text, PATH)] == [
        f"{PATH}:10: the text has U+000C FORM FEED at column 19, an invisible control character, "
        f"in 'Exigimos justicia.[U+000C]La comunidad...'; {FF_ADVICE} [statement.control-character]"
    ]


def test_a_right_to_left_override_in_a_place():
    text = statement_text(frontmatter_with(place="San Salvador, \u202eEl Salvador"), "Text.\n")
    (problem,) = control_character_problems(text, PATH)
    assert str(problem) == (
        f"{PATH}:4: place has U+202E RIGHT-TO-LEFT OVERRIDE at column 22, an invisible control character, "
        f"in 'place: San Salvador, [U+202E]El Salvador'; {BIDI_ADVICE} [statement.control-character]"
    )
    assert problem.column == 22


def test_a_vertical_tab_in_a_title_counts_columns_in_characters():
    text = statement_text(frontmatter_with(title="Declaración\x0bconjunta"), "Text.\n")
    (problem,) = control_character_problems(text, PATH)
    assert problem.line == 2 and problem.column == 19  # 'title: Declaración' is 18 characters, 19 bytes
    assert str(problem).startswith(f"{PATH}:2: title has U+000B LINE TABULATION (vertical tab) at column 19,")


def test_a_control_character_on_a_fence_line_is_in_the_frontmatter():
    problems = control_character_problems("---\x0c\ntitle: T\n---\x0b\n\nTexto.\n", PATH)
    assert [(p.line, p.column, p.message.split(" has ")[0]) for p in problems] == [(1, 4, "the frontmatter"), (3, 4, "the frontmatter")]


@pytest.mark.parametrize(
    "char, name",
    [
        ("\x00", "U+0000 NULL"),
        ("\x1b", "U+001B ESCAPE"),
        ("\x7f", "U+007F DELETE"),
        ("\x85", "U+0085 NEXT LINE"),
        ("\u202a", "U+202A LEFT-TO-RIGHT EMBEDDING"),
        ("\u202b", "U+202B RIGHT-TO-LEFT EMBEDDING"),
        ("\u202c", "U+202C POP DIRECTIONAL FORMATTING"),
        ("\u202d", "U+202D LEFT-TO-RIGHT OVERRIDE"),
        ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\u2067", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        ("\u2068", "U+2068 FIRST STRONG ISOLATE"),
        ("\u2069", "U+2069 POP DIRECTIONAL ISOLATE"),
    ],
)
def test_every_refused_character_is_named(char, name):
    (problem,) = control_character_problems(statement_text(frontmatter_with(), f"Una frase{char} más.\n"), PATH)
    assert f"the text has {name} at column 10," in problem.message


def test_a_windows_1252_quote_says_what_was_meant():
    (opening, closing) = control_character_problems(statement_text(frontmatter_with(), "Dijo \x93basta\x94.\n"), PATH)
    assert "U+0093 SET TRANSMIT STATE at column 6" in opening.message and "write '“' in its place" in opening.message
    assert "U+0094 CANCEL CHARACTER at column 12" in closing.message and "write '”' in its place" in closing.message


def test_repeats_on_a_line_are_one_problem_and_many_lines_are_counted():
    body = "".join(f"Página {n}\x0c\x0c\x0c\n" for n in range(1, 31))
    problems = control_character_problems(statement_text(frontmatter_with(), body), PATH)
    assert len(problems) == 21
    assert "U+000C FORM FEED at column 9 (and 2 more on this line)" in problems[0].message
    assert problems[-1].line == 30 and problems[-1].message.startswith("10 more lines, from this one on, have invisible control characters")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Columnas\tcon tabulador.\n", id="tab"),
        pytest.param("Shalom \u05e9\u05dc\u05d5\u05dd\u200f.\n", id="right-to-left-mark"),
        pytest.param("\u200eAl-Quds \u0627\u0644\u0642\u062f\u0633.\n", id="left-to-right-mark"),
        pytest.param("\u061c\u0627\u0644\u0642\u062f\u0633\n", id="arabic-letter-mark"),
        pytest.param("Año, niño, acción: “comillas” — guion.\n", id="spanish-punctuation"),
    ],
)
def test_marks_tabs_and_ordinary_text_are_allowed(text):
    assert control_character_problems(statement_text(frontmatter_with(), text), PATH) == []


# -- 3. two spellings, one page ---------------------------------------------------------------


def placed(path: str, place: str, line: int = 4, withdrawn: bool = False) -> Placed:
    city, country = (part.strip() for part in place.rsplit(",", 1))
    stem = path.rsplit("/", 1)[-1][:-3]
    statement = Statement(
        id=stem,
        docname=path[:-3],
        title="T",
        date=dt.date(2016, 1, 19),
        place=Place(city, country),
        signatories=("cispes",),
        language="es",
        withdrawn=Withdrawal(dt.date(2017, 1, 1), "retirada") if withdrawn else None,
    )
    return Placed(statement, path, line)


A = "statements/2016/2016-01-19-a.md"
B = "statements/2016/2016-02-01-b.md"
C = "statements/2016/2016-03-01-c.md"


def test_the_issues_two_spellings_of_san_salvador():
    problems = same_page_problems([placed(A, "San Salvador, El Salvador", 5), placed(B, "San salvador, El Salvador")])
    assert [str(p) for p in problems] == [
        f"{B}:4: place 'San salvador, El Salvador' and 'San Salvador, El Salvador' ({A}, line 5) would write the same place page, "
        "and one would replace the other; write the place 'San Salvador, El Salvador' here, as that statement does [statement.same-page]"
    ]


def test_the_spelling_most_statements_use_is_kept():
    # the odd one out sorts first, but two statements spell it the other way
    problems = same_page_problems([placed(A, "Ciudad de Mexico, México"), placed(B, "Ciudad de México, México"), placed(C, "Ciudad de México, México")])
    assert [str(p) for p in problems] == [
        f"{A}:4: place 'Ciudad de Mexico, México' and 'Ciudad de México, México' ({B}, line 4, and 1 more statement) would write the same place page, "
        "and one would replace the other; write the place 'Ciudad de México, México' here, as those statements do [statement.same-page]"
    ]


def test_a_country_spelled_two_ways():
    problems = same_page_problems([placed(A, "San Salvador, El Salvador"), placed(B, "Santa Ana, el salvador")])
    assert [str(p) for p in problems] == [
        f"{B}:4: place 'Santa Ana, el salvador': its country 'el salvador' and 'El Salvador' ({A}, line 4) would write the same country page, "
        "and one would replace the other; write the country 'El Salvador' here, as that statement does [statement.same-page]"
    ]


def test_names_that_differ_but_share_a_page_name():
    problems = same_page_problems([placed(A, "القدس, Palestine"), placed(B, "غزة, Palestine")])
    assert [str(p) for p in problems] == [
        f"{B}:4: place 'غزة, Palestine' and 'القدس, Palestine' ({A}, line 4) would write the same place page, and one would replace the other "
        "(a page's name keeps only Latin letters and digits); tell them apart with Latin letters or digits in one of the names [statement.same-page]"
    ]


@pytest.mark.parametrize(
    "places",
    [
        pytest.param(["San Salvador, El Salvador", "San Salvador, El Salvador"], id="same-spelling"),
        pytest.param(["San Salvador, El Salvador", "San Miguel, El Salvador"], id="different-places"),
        pytest.param(["San José, Costa Rica", "San Jose, California"], id="different-countries"),
    ],
)
def test_pages_of_their_own_are_fine(places):
    assert same_page_problems([placed(A, places[0]), placed(B, places[1])]) == []


def test_a_withdrawn_statement_has_no_place_page_to_share():
    assert same_page_problems([placed(A, "San Salvador, El Salvador"), placed(B, "San salvador, El Salvador", withdrawn=True)]) == []


def test_one_naming_of_the_pages():
    from solidarity_archive.sphinx_ext import xref

    assert (xref.place_page, xref.country_page, xref.signatory_page) == (place_page, country_page, signatory_page)
    assert place_page("San salvador, El Salvador") == place_page("San Salvador, El Salvador") == "place/san-salvador-el-salvador"


# -- 4. a statement path that is not a file -------------------------------------------------


def test_a_named_pipe_is_refused_and_never_opened(tmp_path):
    folder = tmp_path / "statements" / "2016"
    folder.mkdir(parents=True)
    good = folder / "2016-01-19-good.md"
    good.write_text("---\n---\n", encoding="utf-8")
    pipe = folder / "2016-02-01-tuberia.md"
    os.mkfifo(pipe)
    os.mkfifo(folder / "index.md")
    (folder / "2016-03-01-folder.md").mkdir()  # a folder is no document, for Sphinx either: left out quietly
    problems, safe = tree_problems(tmp_path, [good, pipe, folder / "2016-03-01-folder.md"], tmp_path / "statements")
    assert [str(p) for p in problems] == [
        f"statements/2016/{name}:1: statements/2016/{name} is a named pipe, not an ordinary file: reading it would never finish, "
        "so it is not read; delete it and save the statement as an ordinary .md file [statement.not-a-file]"
        for name in ("2016-02-01-tuberia.md", "index.md")
    ]
    assert safe == [good]


def test_what_a_special_path_is(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "link.md").symlink_to(tmp_path / "pipe.md")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "socket.md"))
        assert special_file_kind(tmp_path / "socket.md") == "a socket"
    (tmp_path / "file.md").write_text("x", encoding="utf-8")
    assert special_file_kind(tmp_path / "pipe.md") == "a named pipe"
    assert special_file_kind(tmp_path / "link.md") == "a named pipe"
    assert special_file_kind("/dev/null") == "a device"
    assert special_file_kind(tmp_path / "file.md") is None
    assert special_file_kind(tmp_path) is None
    assert special_file_kind(tmp_path / "missing.md") is None
