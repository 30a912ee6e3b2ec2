"""The package's own CSS and JavaScript, served from ``solidarity_archive/static``."""

from __future__ import annotations

from pathlib import Path

from .builders import is_website

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def add_asset_paths(app, config) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def home_redirect(app):
    """``html-collect-pages``: the site's root address leads to the home page."""
    if is_website(app.builder) and app.config.root_doc != "index":
        yield "index", {}, "archive-home-redirect.html"


def setup(app):
    app.connect("config-inited", add_asset_paths)
    app.connect("html-collect-pages", home_redirect)
    app.add_css_file("archive.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
