"""The package's own CSS and JavaScript, served from ``solidarity_archive/static``."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def add_static_path(app) -> None:
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("builder-inited", add_static_path)
    app.add_css_file("archive.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
