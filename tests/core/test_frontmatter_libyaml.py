"""libyaml reads frontmatter faster and gives exactly what the pure-Python loader gives."""

from __future__ import annotations

import pytest

from solidarity_archive.core import frontmatter

pytestmark = pytest.mark.skipif(frontmatter.FAST_LOADER is None, reason="PyYAML was built without libyaml")

VALID = [
    "title: A plain title\ndate: 2016-01-19\nplace: San Salvador, El Salvador\nsignatories:\n  - cispes\n  - voices\nlanguage: en\n",
    "title: \"Quoted: with a colon\"\nembargoed: true\nplace: NO\nkind: 'open letter'\n",
    "note: >-\n  Folded text\n  over two lines.\n\n  A second paragraph.\nsource:\n  url: https://example.org/a\n  retrieved: 2017-02-03\n",
    "title: |\n  Literal\n  block\nsignatories: []\n",
    "title: Acentos y eñes\nplace: Suchitoto, El Salvador\n",
]

INVALID = [
    "title: a: b\n",  # mapping values are not allowed here
    "title: [unclosed\n",
    "base: &anchor x\ncopy: *anchor\n",
    "title: !!python/object x\n",
    "title: !custom x\n",
    "a:\n  b:\n    c:\n      d:\n        e: deep\n",
    "title: one\ntitle: two\n",
    "- a list\n- at the top\n",
    'title: "unterminated\n',
    "\ttitle: tab\n",
    "title: Acentos y eñes: no\n",
]


def read(text: str, fast: bool, monkeypatch):
    monkeypatch.setattr(frontmatter, "FAST_LOADER", frontmatter.FAST_LOADER if fast else None)
    try:
        return frontmatter.parse(text, 2)
    except frontmatter.FrontmatterError as error:
        return ("error", error.message, error.line, error.subtype, error.column)


@pytest.mark.parametrize("text", VALID)
def test_valid_frontmatter_reads_the_same_with_libyaml(text, monkeypatch):
    fast = read(text, True, monkeypatch)
    slow = read(text, False, monkeypatch)
    assert isinstance(slow, frontmatter.Mapping)
    assert fast == slow


def test_plain_and_quoted_scalars_are_told_apart_with_libyaml(monkeypatch):
    mapping = read(VALID[1], True, monkeypatch)
    assert mapping.items["place"].plain and mapping.items["place"].looks_boolean
    assert not mapping.items["title"].plain
    assert not mapping.items["kind"].plain


@pytest.mark.parametrize("text", INVALID)
def test_problems_are_reported_the_same_with_libyaml(text, monkeypatch):
    fast = read(text, True, monkeypatch)
    slow = read(text, False, monkeypatch)
    assert isinstance(slow, tuple) and slow[0] == "error"
    assert fast == slow
