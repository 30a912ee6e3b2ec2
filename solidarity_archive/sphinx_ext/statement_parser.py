"""Statements are rendered from the very tokens their checks passed: one reading of the text.

``reading.read_frontmatter`` reads a statement (frontmatter and text) with
``core.validation.read_statement``, which parses the text with MyST's own
parser (``solidarity_archive.myst``) and runs the allow-list on those tokens.
This parser then renders those tokens, and nothing else: a statement whose
text was refused renders no text at all. Hand-written pages are parsed by
MyST as usual.

A statement is published as its authors wrote it: Sphinx's smart quotes,
which turn straight quotation marks into the typographic ones of the
interface's language (an English statement's "Plan" shown as «Plan» in the
Spanish interface) and ``--`` or ``...`` into dashes and ellipses, are turned
off for statements, through the document setting Sphinx's transform reads
for that (``SphinxSmartQuotes.is_available``). Hand-written pages keep them.
"""

from __future__ import annotations

import functools

from docutils import nodes
from docutils.parsers.rst.languages import get_language as get_language_rst
from markdown_it import MarkdownIt
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser

from solidarity_archive.myst import STATEMENT_CONFIG
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.warning import warn

#: Key, in the document being read, of the text as checked (a ``ParsedText``).
CHECKED_TEXT = "solidarity_archive_checked_text"


class line_break(nodes.Inline, nodes.TextElement):
    """A hard line break (two trailing spaces or a trailing backslash), as in an address block.

    MyST writes one as raw HTML, which a statement may not contain; this node
    is the same break without raw markup. Its text is a newline, for the
    search records and plain-text outputs.
    """


def visit_line_break_html(translator, node: line_break) -> None:
    translator.body.append("<br />\n")
    raise nodes.SkipNode


def visit_line_break_latex(translator, node: line_break) -> None:
    translator.body.append("\\\\\n")
    raise nodes.SkipNode


def _keep_text(translator, node) -> None:
    """Other writers print the node's newline (and nothing is left to do after it)."""


#: The myst-parser version whose ``DocutilsRenderer.setup_render`` ``StatementRenderer.setup_render`` repeats
#: (``tests/sphinx_ext/test_statement_parser.py`` notices when the installed one differs).
MYST_SETUP_RENDER_OF = "5.2.0"


class StatementRenderer(SphinxRenderer):
    def setup_render(self, options, env) -> None:
        """MyST's own set-up, without the document it makes and drops when it is given one.

        myst-parser 5.2.0 reads ``options.get("document", make_document())``: the default, a new document with
        docutils' default settings (an option parser built afresh, about 0.7 ms), is made for every statement
        rendered, though the statement's document is always given. The rest is MyST's, line for line.
        """
        if "document" not in options:
            super().setup_render(options, env)
            return
        self.md_env = env
        self.md_options = options
        self.md_config = options["myst_config"]
        self.document = options["document"]
        self.current_node = options.get("current_node", self.document)
        self.reporter = self.document.reporter
        self.language_module_rst = get_language_rst(self.document.settings.language_code)  # type: ignore[assignment]  # as MyST assigns it
        self._heading_offset = 0
        self._level_to_section = {0: self.document}
        self._heading_slugs = {}

    def render_hardbreak(self, token) -> None:
        self.current_node.append(line_break("", "\n"))


@functools.cache
def _renderer_parser() -> MarkdownIt:
    """One per process: making one (its renderer's table of rules) costs as much as rendering a statement, and a
    render sets up all of its state afresh from the options it is given (``setup_render``)."""
    return create_md_parser(STATEMENT_CONFIG, StatementRenderer)


class ArchiveMystParser(MystParser):
    """MyST's parser; for a statement, the renderer of its checked tokens."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        if not archive_settings(env.config).is_statement(env.docname):
            return super().parse(inputstring, document)
        document.settings.smart_quotes = False  # the statement's characters as written, in every interface
        checked = env.current_document.get(CHECKED_TEXT)
        if checked is not None and checked.source != inputstring:
            # Only a handler of source-read running after the archive's could do this; publish nothing unchecked.
            warn(
                "the statement's text changed after it was checked (an extension edits it at source-read); it is not published",
                (env.docname, 1),
                "unchecked",
            )
            checked = None
        parser = _renderer_parser()
        parser.options["document"] = document
        # A refused or unreadable statement renders no text (its problems are reported);
        # the empty render still sets up what MyST's transforms expect.
        tokens, md_env = (checked.tokens, checked.env) if checked is not None else ([], {})
        parser.renderer.render(tokens, parser.options, md_env)


def register(app) -> None:
    app.setup_extension("myst_parser")
    app.add_source_parser(ArchiveMystParser, override=True)
    passthrough = (_keep_text, _keep_text)
    app.add_node(
        line_break,
        html=(visit_line_break_html, _keep_text),
        # Handlers are looked up by builder name before format, and the archive registers ePub ones.
        epub=(visit_line_break_html, _keep_text),
        latex=(visit_line_break_latex, _keep_text),
        text=passthrough,
        man=passthrough,
        texinfo=passthrough,
    )
