"""The statements' renderer sets itself up as MyST does, without making a document it does not use."""

from __future__ import annotations

import myst_parser
import pytest
from myst_parser.mdit_to_docutils import base
from myst_parser.mdit_to_docutils.base import DocutilsRenderer, make_document

from solidarity_archive.myst import parse_statement_text
from solidarity_archive.sphinx_ext.statement_parser import MYST_SETUP_RENDER_OF, StatementRenderer, _renderer_parser

TEXTS = {
    "en": "The organisations demand **justice**.\n\nA second paragraph.",
    "es": "Las organizaciones exigen **justicia**.\n\n¿Un segundo párrafo?",
}


def test_the_installed_myst_parser_is_the_one_the_set_up_repeats():
    """``StatementRenderer.setup_render`` repeats MyST's; another MyST version may set up more: read it again."""
    assert myst_parser.__version__ == MYST_SETUP_RENDER_OF


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_set_up_leaves_the_renderer_as_myst_s_own_does(language):
    parser = _renderer_parser()
    document = make_document()
    document.settings.language_code = language
    options = {**parser.options, "document": document}
    ours = StatementRenderer(parser)
    ours.setup_render(options, {"language": language})
    theirs = StatementRenderer(parser)
    DocutilsRenderer.setup_render(theirs, options, {"language": language})
    made = set(vars(StatementRenderer(parser)))  # what a renderer has before it is set up
    assert vars(ours).keys() == vars(theirs).keys()
    assert vars(theirs).keys() - made  # the set-up sets something
    for name in vars(theirs).keys() - made:
        assert getattr(ours, name) == getattr(theirs, name), name


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_statement_s_renderer_is_set_up_on_its_document_and_makes_no_other(monkeypatch, language):
    """MyST's own set-up makes a document with docutils' default settings for every statement, and drops it."""
    made: list[int] = []
    monkeypatch.setattr(base, "make_document", lambda *args, **kwargs: made.append(1) or make_document(*args, **kwargs))
    parsed = parse_statement_text(TEXTS[language])
    parser = _renderer_parser()
    document = make_document()
    DocutilsRenderer.setup_render(parser.renderer, {**parser.options, "document": document}, parsed.env)
    assert made == [1]  # the measure can tell
    made.clear()
    parser.renderer.setup_render({**parser.options, "document": document}, parsed.env)
    assert made == []
    assert parser.renderer.document is document
    assert parser.renderer.md_env is parsed.env
