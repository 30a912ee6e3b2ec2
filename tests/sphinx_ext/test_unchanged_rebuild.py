"""A second build with nothing changed reads nothing and says nothing about the configuration.

The themes change options when they load (pydata-sphinx-theme and
sphinx-book-theme); Sphinx compares the configuration kept with the
environment to the next build's, so every build used to say "The
configuration has changed (4 options: ...)". Staff read that as a problem.
"""

from __future__ import annotations

import shutil

import pytest
from sphinx.util.console import strip_colors

from solidarity_archive.html.builders import SIDEBAR, THEME_LAYOUT


@pytest.mark.parametrize("builder", ["html", "epub"])
def test_a_second_build_with_nothing_changed_is_quiet(make_app, rootdir, tmp_path, builder):
    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    first = make_app(builder, srcdir=srcdir)
    first.build()
    assert "reading sources" in strip_colors(first.status.getvalue())

    second = make_app(builder, srcdir=srcdir)
    read: list[str] = []
    second.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    second.build()
    status = strip_colors(second.status.getvalue())
    assert "loading pickled environment" in status
    assert "configuration has changed" not in status.lower()
    assert "0 added, 0 changed, 0 removed" in status
    assert read == []


def test_the_theme_still_has_its_values(make_app, rootdir, tmp_path):
    """What the theme sets is what the website gets: the permalink sign and the source suffix."""
    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app("html", srcdir=srcdir)
    assert app.config.html_permalinks_icon == "#"
    assert app.config.html_sourcelink_suffix == ""
    # The archive's header and sidebar (html/builders.py), the same at every build.
    assert app.builder.theme_options["navbar_persistent"] == ["archive-search-link"]
    assert app.config.html_theme_options == THEME_LAYOUT
    assert app.config.html_sidebars == {"**": SIDEBAR}
    # The themes' template folders, which they add to templates_path, reach the template loader.
    assert app.builder.templates.environment.get_template("navbar-icon-links.html")
