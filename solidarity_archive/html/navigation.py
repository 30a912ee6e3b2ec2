"""The sidebar, rendered once per variant instead of once per page.

The book theme draws the sidebar from the whole table of contents on every
page: Sphinx resolves every year and statement, copies the page's year, adds
classes, and only then cuts the tree to the years the sidebar shows; the
theme parses the result again (and does all of it twice a page, once to see
whether the sidebar is empty). With the sidebar showing years only, its HTML
depends on four things: the page's folder (its links are relative), the
year or top-level page the page belongs to (marked current), whether the
page is that entry itself, and whether it is the home page. ``html/templates/sbt-sidebar-nav.html`` asks for it here;
the first page of each variant renders it with the theme's own function, the
others reuse it. Where the sidebar lists the pages below the years (a project
whose theme options do not collapse the navigation), a page listed in it is
marked as the current one: such a sidebar is rendered for its page alone, and
a kept one is not reused by a page it lists.

The rendered variants and the table of contents' parent map are kept in the
build's state (``sphinx_ext.build_state``) for one build: they are derived
from the environment once it is complete, never stored in it.
"""

from __future__ import annotations

import posixpath

from markupsafe import Markup

from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.builders import is_website

#: How the theme links a sidebar's entry for the page it is on (marked current).
SELF_LINK = 'href="#"'


def toctree_parents(builder) -> dict[str, str]:
    """Each document's parent in the table of contents, built once per build."""
    state = build_state(builder.env)
    parents = state.toctree_parents
    if parents is None:
        parents = {}
        for parent, children in builder.env.toctree_includes.items():
            parents |= dict.fromkeys(children, parent)
        state.toctree_parents = parents
    return parents


def top_ancestor(builder, pagename: str, startdepth: int = 1) -> str | None:
    """The ancestor ``startdepth`` levels below the root (the page itself included), as the theme finds it."""
    parents = toctree_parents(builder)
    ancestors: list[str] = []
    current = pagename
    while current in parents and current not in ancestors:
        ancestors.append(current)
        current = parents[current]
    return ancestors[-startdepth] if len(ancestors) >= startdepth else None


def add_sidebar_functions(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``, before the theme renders its sidebar templates to test them."""
    if not is_website(app.builder):
        return
    builder = app.builder
    renders = build_state(app.env).sidebars

    def archive_sidebar_nav(**kwargs) -> Markup:
        top = top_ancestor(builder, pagename)
        uri = builder.get_target_uri(pagename)
        key = (
            posixpath.dirname(uri),
            top,
            top == pagename,  # the page is a sidebar entry itself, marked as the current page
            pagename == app.config.root_doc,
            tuple(sorted(kwargs.items())),
        )
        kept = renders.get(key)
        if kept is not None and f'href="{posixpath.basename(uri)}"' not in kept:
            return kept
        rendered = Markup(str(context["generate_toctree_html"](**kwargs)))
        # A sidebar that lists the page itself (the theme's navigation not collapsed to the years, or a page
        # listed under its year) marks it as the current one: it is this page's alone.
        if kept is None and (top == pagename or SELF_LINK not in rendered):
            renders[key] = rendered
        return rendered

    context["archive_sidebar_nav"] = archive_sidebar_nav


def quick_sidebar_test(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``, after the theme: whether there is a sidebar, from the parent map.

    The theme's own test rebuilds the map of every document's parent on each
    call, once a page; with ``includehidden`` (the archive's setting) it only
    asks whether the page has an ancestor below the root.
    """
    original = context.get("suppress_sidebar_toctree")
    if original is None or not is_website(app.builder):
        return
    builder = app.builder

    def suppress_sidebar_toctree(startdepth: int = 1, **kwargs) -> bool:
        if not kwargs.get("includehidden", False):
            return original(startdepth=startdepth, **kwargs)
        return top_ancestor(builder, pagename, startdepth) is None

    context["suppress_sidebar_toctree"] = suppress_sidebar_toctree
