"""The package's own CSS and JavaScript, served from ``static/`` beside this module."""

from __future__ import annotations

from pathlib import Path

from solidarity_archive.sphinx_ext.builders import is_website

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


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


def setup(app):
    app.connect("config-inited", add_asset_paths, priority=100)
    app.connect("html-collect-pages", home_redirect)
    app.add_css_file("archive.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
