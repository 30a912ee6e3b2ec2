"""The archive's one way to warn: located, in the console's language, with its subtype.

Sphinx prints each warning as ``path:line: WARNING: message [statement.subtype]``;
``-W`` makes it an error and ``suppress_warnings = ["statement.<subtype>"]`` silences
one kind.
"""

from __future__ import annotations

from sphinx.util import logging

from solidarity_archive.core.languages import Text
from solidarity_archive.core.model import Problem
from solidarity_archive.sphinx_ext.i18n import console_text, problem_text

logger = logging.getLogger(__name__)


def warn(message: Text | Problem, location=None, subtype: str | None = None) -> None:
    """Log ``message`` at ``location`` (a node, ``(docname, line)`` or ``"path:line"``) as a
    warning of type ``statement``; a :class:`Problem` brings its own text and subtype."""
    if isinstance(message, Problem):
        text, subtype = problem_text(message), subtype or message.subtype
    else:
        text = console_text(message)
    logger.warning(text, location=location, type="statement", subtype=subtype)
