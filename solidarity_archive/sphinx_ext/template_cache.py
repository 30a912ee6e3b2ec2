"""The website's and the ePub's templates compiled once per user, not once per build.

Sphinx's builders render every page through a Jinja environment of their own
(``app.builder.templates.environment``, as ``i18n.templates_fall_back`` finds
it) and compile each template it loads: the theme's layout, page, sidebar and
header templates and the archive's: 40 templates, 0.18 s of the 1.7 s of
processor time a build of a few statements takes, the same in every build. Jinja keeps compiled
templates in a bytecode cache when one is given (``jinja2.FileSystemBytecodeCache``,
its public API): each under the template's name, its file and its source's
digest, written through a temporary file and renamed, so that builds in
parallel never read half a file. The cache is a folder of the user's cache
(``core/user_folders.py``) named after Jinja's version, Python's and the
environment's settings that change the compiled code, so that another Jinja,
Python or setting never loads what this one compiled. A folder that cannot be
made leaves the templates compiled per build, as Sphinx does.
"""

from __future__ import annotations

import hashlib
import platform

import jinja2

from solidarity_archive.core.user_folders import user_folder

#: The folder of the user's cache that holds the compiled templates.
TEMPLATES_CACHE = "templates"


def _settings(environment: jinja2.Environment) -> str:
    """What of ``environment`` decides the code Jinja compiles a template into, as a short digest."""
    settings = (
        type(environment).__qualname__,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        repr(environment.autoescape) if isinstance(environment.autoescape, bool) else "callable",
        environment.finalize is not None,
        getattr(environment, "newstyle_gettext", None),
        sorted(environment.extensions),
        environment.code_generator_class.__qualname__,
        environment.context_class.__qualname__,
    )
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:12]


def cache_compiled_templates(app) -> None:
    """``builder-inited``: the builder's Jinja environment keeps what it compiles in the user's cache."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if not isinstance(environment, jinja2.Environment) or environment.bytecode_cache is not None:
        return  # a builder without Jinja templates, or one whose templates are cached already
    python = f"{platform.python_implementation().lower()}-{platform.python_version()}"
    folder = user_folder("cache") / TEMPLATES_CACHE / f"jinja2-{jinja2.__version__}-{python}-{_settings(environment)}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
