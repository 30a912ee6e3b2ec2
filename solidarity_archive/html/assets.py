"""The package's own CSS and JavaScript, served from ``static/`` beside this module."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup
from sphinx.locale import _ as sphinx_text

from solidarity_archive.formats.templating import environment
from solidarity_archive.formats.web import plain_title
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.i18n import _

STATIC = Path(__file__).parent / "static"
#: The theme's templates the archive overrides or adds (``templates_path``).
TEMPLATES = Path(__file__).parent / "templates"
#: Pieces of pages the archive renders itself (cite box, interface switcher…), not the theme.
FRAGMENTS = Path(__file__).parent / "fragments"


@cache
def _fragments() -> jinja2.Environment:
    """The one environment of ``fragments/``, made at its first use in a process: ``_()`` is the archive's catalog."""
    return environment(FRAGMENTS, _=_)


def fragment(name: str, **context) -> Markup:
    """A template of ``fragments/``, rendered: markup, its values escaped and its words in the interface language."""
    return Markup(_fragments().get_template(name).render(**context))


def add_asset_paths(app, config) -> None:
    """``config-inited``, before the themes: the package's static files and templates.

    Fresh lists, because a project that sets neither shares Sphinx's default
    list, which themes extend: a second build in one process would otherwise
    inherit the first one's paths and rewrite every page.
    """
    config.html_static_path = _with(config.html_static_path, str(STATIC))
    config.templates_path = _with(config.templates_path, str(TEMPLATES))


def _with(paths: list[str], path: str) -> list[str]:
    return list(paths) if path in paths else [*paths, path]


def home_redirect(app):
    """``html-collect-pages``: the site's root address leads to the home page."""
    if is_website(app.builder) and app.config.root_doc != "index":
        yield "index", {}, "archive-home-redirect.html"


def title_to_print(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: every page gives the theme the title it prints above the page.

    sphinx-book-theme prints ``pagetitle`` as the print header's heading but
    sets it only for pages read from sources; the signatory, place and country
    pages give theirs (``facets``), and any other page, such as the index, would
    print an empty ``<h1>``: its own title serves, as text. Before
    ``safety.escape_theme_titles`` escapes it (see the pipeline's order).
    """
    if context.get("pagetitle"):
        return
    # The index page's title is set inside Sphinx's template: its translated "Index".
    title = context.get("title") or (sphinx_text("Index") if templatename == "genindex.html" else None)
    if title:
        context["pagetitle"] = plain_title(str(title))


def setup(app):
    app.add_css_file("archive.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
