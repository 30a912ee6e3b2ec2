"""Broken and hostile statement files, read by the pure core: each gives one exact, located message."""

from __future__ import annotations

import datetime as dt
import tracemalloc

import pytest

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.untrusted import (
    duplicate_ids,
    encoding_problem,
    is_safe_url,
    leaves_tree,
)
from solidarity_archive.core.validation import read_statement
from solidarity_archive.myst import parse_statement_text

REGISTRY, _ = registry_module.parse(
    "cispes:\n  name: CISPES\n  country: United States\nsister-cities:\n  name: '\"Sister Cities\" O''Brien’s'\n  country: United States\n",
    "source/signatories.yaml",
)
assert REGISTRY.ids() == ["cispes", "sister-cities"]
TODAY = dt.date(2026, 1, 1)
PATH = "statements/2016/2016-01-19-x.md"
GOOD = "title: T\ndate: 2016-01-19\nplace: San Salvador, El Salvador\nsignatories:\n  - cispes\nlanguage: en\n"


def read(raw: bytes | str, path: str = PATH):
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    return read_statement(raw, path=path, docname=path[:-3], registry=REGISTRY, today=TODAY, markdown=parse_statement_text)


def messages(raw, path: str = PATH) -> list[str]:
    return [str(problem) for problem in read(raw, path).problems]


def statement(fields: str, body: str = "Text.\n") -> str:
    return f"---\n{fields}---\n{body}"


CASES = {
    # 1. malformed YAML: the YAML's own line and column, in plain words
    "malformed-yaml": (
        "---\ntitle: a: b\n---\nx\n",
        f"{PATH}:2: the value of 'title:' has a colon (':') at column 9, which YAML reads as the start of another key; put the whole value in quotes: title: \"a: b\" [statement.yaml]",
    ),
    # 2. impossible, malformed and future dates
    "impossible-date": (
        statement(GOOD.replace("2016-01-19", "2015-02-30")),
        f"{PATH}:3: date '2015-02-30' is not a real date (February 2015 has 28 days) [statement.date]",
    ),
    "malformed-date": (
        statement(GOOD.replace("2016-01-19", "19/01/2016")),
        f"{PATH}:3: date '19/01/2016' is not an ISO date; write it as YYYY-MM-DD, e.g. 2016-01-19 [statement.date]",
    ),
    "future-date": (
        statement(GOOD.replace("2016-01-19", "2027-01-19")),
        f"{PATH}:3: date '2027-01-19' is in the future (today is 2026-01-01); set 'embargoed: true' to file it ahead of its date [statement.date]",
    ),
    # 3. duplicate keys
    "duplicate-key": (
        statement(GOOD + "title: U\n"),
        f"{PATH}:8: key 'title' appears twice (first on line 2); keep one [statement.duplicate-key]",
    ),
    # 4. YAML 1.1 booleans
    "place-no": (
        statement(GOOD.replace("place: San Salvador, El Salvador", "place: NO")),
        f"{PATH}:4: place 'NO' is read as a yes/no value by YAML; put it in quotes: place: \"NO\" [statement.place]",
    ),
    "language-no": (
        statement(GOOD.replace("language: en", "language: no")),
        f"{PATH}:7: language 'no' is read as a yes/no value by YAML; put it in quotes: language: \"no\" [statement.language]",
    ),
    # 5. unknown key with a did-you-mean
    "unknown-key": (
        statement(GOOD + "titel: x\n"),
        f"{PATH}:8: unknown key 'titel'; did you mean 'title'? (allowed: title, date, place, signatories, language, date_as_printed, kind, source, note, embargoed, former_ids, corrections, withdrawn, translation_of) [statement.unknown-key]",
    ),
    # 6. missing field (at the frontmatter's closing '---', where it goes), empty signatories
    "missing-field": (
        statement(GOOD.replace("language: en\n", "")),
        f"{PATH}:7: language is missing; every statement needs title, date, place, signatories, language: add a line 'language: …' before the closing '---' [statement.required]",
    ),
    "empty-signatories": (
        statement(GOOD.replace("signatories:\n  - cispes\n", "signatories: []\n")),
        f"{PATH}:5: signatories is empty; list at least one signatory id from source/signatories.yaml [statement.signatories]",
    ),
    "signatories-without-items": (
        statement(GOOD.replace("signatories:\n  - cispes\n", "signatories:\n")),
        f"{PATH}:5: signatories is empty; list at least one signatory id from source/signatories.yaml [statement.signatories]",
    ),
    # 7. unknown signatory with the closest ids
    "unknown-signatory": (
        statement(GOOD.replace("- cispes", "- sister-city")),
        f"{PATH}:6: signatory 'sister-city' is not in source/signatories.yaml; closest registry ids: sister-cities [statement.signatory]",
    ),
    # 13. keys that would change how the page is processed
    "myst-key": (
        statement(GOOD + "myst:\n  enable_extensions: [substitution]\n"),
        f"{PATH}:8: key 'myst' is not allowed in a statement: it would change how the page is processed; remove it [statement.unknown-key]",
    ),
    "substitutions-key": (
        statement(GOOD + 'substitutions:\n  x: "{{ env }}"\n'),
        f"{PATH}:8: key 'substitutions' is not allowed in a statement: it would change how the page is processed; remove it [statement.unknown-key]",
    ),
    "html-meta-key": (
        statement(GOOD + "html_meta:\n  http-equiv=refresh: 0; url=https://evil.example/\n"),
        f"{PATH}:8: key 'html_meta' is not allowed in a statement: it would change how the page is processed; remove it [statement.unknown-key]",
    ),
    # 20. empty file, frontmatter only, missing or empty title
    "empty-file": ("", f"{PATH}:1: the file is empty; a statement starts with '---' and its frontmatter [statement.empty]"),
    "frontmatter-only": (
        statement(GOOD, body=""),
        f"{PATH}:8: the statement has frontmatter but no text; add the statement's text after the closing '---' [statement.empty]",
    ),
    "missing-title": (
        statement(GOOD.replace("title: T\n", "")),
        f"{PATH}:7: title is missing; every statement needs title, date, place, signatories, language: add a line 'title: …' before the closing '---' [statement.required]",
    ),
    "empty-title": (statement(GOOD.replace("title: T\n", "title:\n")), f"{PATH}:2: title is empty [statement.title]"),
    "unclosed-frontmatter": (
        "---\n" + GOOD + "Text.\n",
        f"{PATH}:1: the frontmatter opened by '---' on line 1 is never closed by a second '---' line [statement.frontmatter]",
    ),
    # 21. alias bomb, deep nesting
    "alias-bomb": (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\nx\n",
        f"{PATH}:2: YAML anchors and aliases ('&name', '*name') are not allowed in a statement; write the value out [statement.yaml]",
    ),
    "deep-nesting": (
        statement(GOOD + "source: " + "[" * 50 + "x" + "]" * 50 + "\n"),
        f"{PATH}:8: the frontmatter nests deeper than 4 levels [statement.yaml]",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_statement_gives_one_located_message(name):
    text, expected = CASES[name]
    assert messages(text) == [expected]


def test_embargoed_future_statement_is_accepted():
    result = read(statement(GOOD.replace("2016-01-19", "2027-01-19") + "embargoed: true\n"))
    assert result.problems == []
    assert result.statement.embargoed


def test_non_utf8_byte_reported_with_line_and_column():
    raw = statement(GOOD + "note: café\n").encode("latin-1")
    assert messages(raw) == [f"{PATH}:8: byte 0xe9 at column 10 is not UTF-8; save the file as UTF-8 [statement.encoding]"]
    problem = read(raw).problems[0]
    assert (problem.line, problem.column) == (8, 10)


def test_tolerantly_decoded_text_reports_line_and_column():
    text = "line one\nab\udce9c\n"
    problem = encoding_problem("source/about.md", text)
    assert str(problem) == "source/about.md:2: byte 0xe9 at column 3 is not UTF-8; save the file as UTF-8 [statement.encoding]"
    assert encoding_problem("source/about.md", "all fine é") is None


@pytest.mark.parametrize(
    "path, expected",
    [
        (
            "statements/2016/Statement Two.md",
            "statements/2016/Statement Two.md:1: the path 'statements/2016/Statement Two.md' has spaces or non-ASCII characters; rename the file to '2016-01-19-statement-two.md' [statement.filename]",
        ),
        (
            "statements/2016/2016-01-19-déclaration.md",
            "statements/2016/2016-01-19-déclaration.md:1: the path 'statements/2016/2016-01-19-déclaration.md' has spaces or non-ASCII characters; rename the file to '2016-01-19-declaration.md' [statement.filename]",
        ),
        (
            "statements/2016/2016-01-19-Press_Release.md",
            "statements/2016/2016-01-19-Press_Release.md:1: file name '2016-01-19-Press_Release.md' does not follow YYYY-MM-DD-short-slug.md (lowercase letters, digits, hyphens); rename it to '2016-01-19-press-release.md' [statement.filename]",
        ),
        (
            "statements/2017/2016-01-19-x.md",
            "statements/2017/2016-01-19-x.md:1: the statement '2016-01-19-x' is in folder '2017' but its id starts with 2016; move it to statements/2016/ [statement.filename]",
        ),
    ],
)
def test_file_name_rules_suggest_the_right_name(path, expected):
    # 16. the id rules, the year folder, spaces and non-ASCII
    assert messages(statement(GOOD), path) == [expected]


def test_line_endings_and_byte_order_mark_give_the_same_record():
    # 18. BOM, CRLF and mixed line endings
    clean = statement(GOOD, "First paragraph.\n\nSecond.\n")
    variants = [
        "\ufeff" + clean,
        clean.replace("\n", "\r\n"),
        clean.replace("\n", "\r\n", 4),
        clean.replace("\n", "\r"),
    ]
    expected = read(clean)
    for variant in variants:
        result = read(variant)
        assert result.problems == []
        assert result.statement == expected.statement
        assert result.split.body == expected.split.body
        assert result.split.frontmatter_lines == expected.split.frontmatter_lines


def test_decomposed_unicode_is_normalised_to_nfc():
    # 19. NFD in the title and the text
    decomposed = "Declaracio\u0301n"
    result = read(statement(GOOD.replace("title: T", f"title: {decomposed}"), f"{decomposed} de San Salvador.\n"))
    assert result.statement.title == "Declaración"
    assert "Declaración de San Salvador." in result.split.body
    assert "\u0301" not in result.split.body + result.statement.title


def test_smart_quotes_and_apostrophes_are_kept_as_written():
    # 23. straight and curly quotes survive reading untouched
    title = 'O\'Brien and “Sister Cities” ‘welcome’ the "ruling"'
    result = read(statement(GOOD.replace("title: T", "title: '" + title.replace("'", "''") + "'")))
    assert result.statement.title == title
    assert REGISTRY["sister-cities"].name == '"Sister Cities" O\'Brien’s'


def test_very_large_statement_is_refused_in_bounded_memory():
    # 21. 5 MB
    raw = statement(GOOD).encode() + b"x" * 5_000_000
    tracemalloc.start()
    problems = read(raw).problems
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [str(p) for p in problems] == [f"{PATH}:1: the file is 4882 KB; a statement may be at most 2 MB [statement.size]"]
    assert peak < 1_000_000  # refused before decoding: no copy of the text is made


def test_large_frontmatter_is_refused():
    fields = GOOD + "note: " + "word " * 20_000 + "\n"
    assert messages(statement(fields)) == [f"{PATH}:2: the frontmatter is 97 KB; at most 64 KB is allowed [statement.size]"]


def test_duplicate_ids_ignore_case():
    # 8. the same id twice, or ids that differ only in case
    problems = duplicate_ids(
        [
            "statements/2016/2016-01-19-raids.md",
            "statements/2016/extra/2016-01-19-raids.md",
            "statements/2016/2016-01-19-Raids.md",
            "statements/2016/2016-01-20-other.md",
        ]
    )
    assert [str(p) for p in problems] == [
        "statements/2016/2016-01-19-raids.md:1: statement id '2016-01-19-raids' is already used by statements/2016/2016-01-19-Raids.md (an id that differs only in case); every statement needs its own id, so rename one of the files [statement.duplicate-id]",
        "statements/2016/extra/2016-01-19-raids.md:1: statement id '2016-01-19-raids' is already used by statements/2016/2016-01-19-Raids.md (an id that differs only in case); every statement needs its own id, so rename one of the files [statement.duplicate-id]",
    ]


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://cispes.org/", True),
        ("http://example.org/a", True),
        ("mailto:info@example.org", True),
        ("../2016/index.html#x", True),
        ("#statement", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("vbscript:msgbox", False),
        ("file:///etc/passwd", False),
    ],
)
def test_only_web_links_are_safe(url, safe):
    # 14.
    assert is_safe_url(url) is safe


def test_symlink_out_of_the_tree_leaves_it(tmp_path):
    # 15.
    root = tmp_path / "archive"
    (root / "statements").mkdir(parents=True)
    outside = tmp_path / "secret.md"
    outside.write_text("secret")
    (root / "statements" / "link.md").symlink_to(outside)
    (root / "statements" / "inside.md").write_text("x")
    (root / "statements" / "alias.md").symlink_to(root / "statements" / "inside.md")
    assert leaves_tree(root / "statements" / "link.md", root)
    assert leaves_tree(root / "statements" / ".." / ".." / "secret.md", root)
    assert not leaves_tree(root / "statements" / "alias.md", root)
    assert not leaves_tree(root / "statements" / "inside.md", root)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "cispes:\n  name: [x\n",
            "source/signatories.yaml:3: signatory registry: YAML cannot be read: expected ',' or ']', but got '<stream end>' (column 1) [statement.registry]",
        ),
        ("- a\n- b\n", "source/signatories.yaml:1: signatory registry: the signatory registry must be a list of 'key: value' lines [statement.registry]"),
        ("", "source/signatories.yaml:1: signatory registry: the signatory registry is empty [statement.registry]"),
    ],
)
def test_invalid_registry_gives_one_clear_error(text, expected):
    # 22.
    registry, problems = registry_module.parse(text, "source/signatories.yaml")
    assert [str(p) for p in problems] == [expected]
    assert registry.ids() == []


def test_missing_and_unreadable_registry(tmp_path):
    registry, problems = registry_module.load(tmp_path / "none.yaml", "source/signatories.yaml")
    assert [str(p) for p in problems] == [
        "source/signatories.yaml:1: the signatory registry source/signatories.yaml is missing; create it (see README, 'The signatory registry') [statement.registry]"
    ]
    (tmp_path / "dir.yaml").mkdir()
    registry, problems = registry_module.load(tmp_path / "dir.yaml", "source/signatories.yaml")
    assert [p.subtype for p in problems] == ["registry"]
    assert "cannot be read" in problems[0].message
    (tmp_path / "latin.yaml").write_bytes("cispes:\n  name: Caf\xe9\n".encode("latin-1"))
    registry, problems = registry_module.load(tmp_path / "latin.yaml", "source/signatories.yaml")
    assert [str(p) for p in problems] == ["source/signatories.yaml:2: the signatory registry is not UTF-8 text [statement.encoding]"]


BODY = """Intro <b>bold</b> and <i>more</i> on one line
and <img src=x onerror=alert(1)> on the next.

<script>alert(1)</script>

[click](javascript:alert(1)) [fine](https://example.org/) ![i](data:image/svg+xml;base64,AAA)

```{raw} html
<script>x</script>
```

```{image} https://example.org/pic.png
:target: javascript:alert(1)
:alt: Note: this is fine
```

```{note}
Inner <i>x</i>

~~~{include} ../../../etc/passwd
~~~
```

```{literalinclude} /etc/passwd
```

```{csv-table}
:file: ../../secret.csv
```

```{meta}
:http-equiv=refresh: 0; url=https://evil.example/
```

```{eval-rst}
.. raw:: html

   <script>x</script>
```

<https://ok.example/> and <javascript:alert(1)>
"""


def test_statement_text_is_refused_line_by_line():
    # 12. raw HTML, 14. unsafe links, 15. includes, all located in the file
    raw_html = "is not allowed in a statement: it could run script on the archive's pages; write the text in Markdown (to show a '<', write '\\<') [statement.raw-html]"
    reads = "it reads another file, and a statement is one self-contained file; paste the text in instead [statement.include]"
    inserts = "it inserts markup that could run script on the archive's pages; write the text in Markdown [statement.raw-html]"
    directive = "is not allowed in a statement: a statement is Markdown text (paragraphs, '##' sections, lists, quotations, tables, links, images kept beside it, footnotes); write it as text [statement.directive]"
    result = read(statement(GOOD, BODY))
    # MyST does not make links of 'javascript:' or 'data:' addresses (lines 14 and 49): they stay text, as written.
    # A refused directive is one message for all it holds (the note's raw HTML and include, line 25).
    assert [str(p) for p in result.problems] == [
        f"{PATH}:9: raw HTML '<b>' {raw_html}",
        f"{PATH}:10: raw HTML '<img src=x onerror=alert(1)>' {raw_html}",
        f"{PATH}:12: raw HTML '<script>alert(1)</script>' {raw_html}",
        f"{PATH}:16: the 'raw' directive is not allowed in a statement: {inserts}",
        f"{PATH}:20: the 'image' directive {directive}",
        f"{PATH}:25: the 'note' directive {directive}",
        f"{PATH}:32: the 'literalinclude' directive is not allowed in a statement: {reads}",
        f"{PATH}:35: the 'csv-table' directive {directive}",
        f"{PATH}:39: the 'meta' directive is not allowed in a statement: it adds tags to the page's head, which the archive writes itself [statement.raw-html]",
        f"{PATH}:43: the 'eval-rst' directive is not allowed in a statement: {inserts}",
    ]
    # nothing of such a text is handed on to be parsed
    assert result.statement is None and result.split is None


def test_markup_written_as_text_is_fine():
    body = "We write \\<script\\> as text, `<b>` as code, and link to [the law](https://example.org/ley), [our original](2016-01-19-x.pdf) and [a section](#demands).\n"
    assert read(statement(GOOD, body)).problems == []


def test_without_a_usable_registry_only_the_registry_error_is_reported():
    # 22. the registry's own error stands for every statement's signatories
    result = read_statement(
        statement(GOOD).encode(), path=PATH, docname=PATH[:-3], registry=registry_module.Registry(), today=TODAY, markdown=parse_statement_text
    )
    assert result.problems == []
