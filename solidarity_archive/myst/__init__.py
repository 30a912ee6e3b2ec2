"""MyST's own Markdown parser, configured for statements: the one reading of a statement's text.

``make check`` and the build both read a statement's text here, and the build
renders the very tokens that were checked (``sphinx_ext/statement_parser.py``).
The rules over those tokens are pure (``core/statement_text.py``); this layer
only builds MyST's parser, so it may import MyST and the core, nothing above.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from solidarity_archive.core.statement_text import ParsedText

#: How every statement is read, whatever conf.py sets for the hand-written pages:
#: MyST's own syntax (roles, directives, comments, footnotes, tables), no
#: extensions. What of it a statement may use is decided by the allow-list.
STATEMENT_CONFIG = MdParserConfig(enable_extensions=set(), heading_anchors=0)


@functools.cache
def _parser() -> MarkdownIt:
    """One parser per process: making one costs more than parsing a statement, and parsing keeps no state in it."""
    return create_md_parser(STATEMENT_CONFIG, RendererHTML)


def parse_statement_text(source: str) -> ParsedText:
    """The tokens MyST makes of ``source`` (see ``statement_text.myst_source``)."""
    env: dict = {}
    tokens = _parser().parse(source, env)
    return ParsedText(source, tokens, env)
