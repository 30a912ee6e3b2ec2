"""The Jinja environment every template folder of the package renders with.

Pure: plain Jinja2, no Sphinx. Each folder of templates has one environment,
made once per process and kept (``functools.cache`` at its caller): a build
renders thousands of fragments, and an environment compiles each template
once. Autoescaping is on, so a value is escaped unless it is already
``Markup``; blocks take their own line without adding one
(``trim_blocks``, ``lstrip_blocks``), and a template's last newline is kept.
Reader-facing words are written ``_("…")`` in a template, as in Python: the
catalog extracts them (``babel.cfg``), and the caller gives ``_`` (a global
of the folder's environment, or a value of one rendering).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2


def environment(folder: Path, **globals_) -> jinja2.Environment:
    """An environment over the templates of ``folder``, with ``globals_`` (``_``, say) in every template."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    env.globals.update(globals_)
    return env


@cache
def _own_environment() -> jinja2.Environment:
    return environment(Path(__file__).parent / "templates")


def template(name: str) -> jinja2.Template:
    """A template of ``formats/templates``: the words in it are translated by the ``_`` given to ``render``."""
    return _own_environment().get_template(name)
