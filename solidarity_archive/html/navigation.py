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

Drawing a variant resolves the whole table of contents (Sphinx resolves every
year's statements before it cuts the tree to the years): its cost grows with
the archive, and an edit writes pages of up to three variants. So the
variants drawn are also kept for the next build, beside Sphinx's environment
(``archive-sidebars.json`` in the doctree folder, never in the output), with
what they were drawn from: every page's table of contents as read (a digest
per page, kept in the archive's domain when the page is read: ``note_toc``),
the HTML settings with the theme's defaults and the versions of Sphinx and the
themes (``kept_outputs.html_settings``), the tags and the output folder. A
build draws from the same only when none of it changed (an edit of a
statement's text, not of its title or sections) and then reuses them;
otherwise it draws them again. A build that reads everything afresh keeps
none.
"""

from __future__ import annotations

import json
import os
import posixpath
from pathlib import Path

from markupsafe import Markup
from sphinx import addnodes

from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.kept_outputs import digest, html_settings

#: The sidebars a build drew and what they were drawn from, in the doctree folder, for the next build.
KEPT_SIDEBARS = "archive-sidebars.json"

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


def note_toc(app, doctree) -> None:
    """``doctree-read``, once the page's table of contents is complete: its digest, in the archive's domain."""
    env = app.env
    toc = env.tocs.get(env.docname)
    get_domain(env).note_toc(env.docname, digest(toc.pformat() if toc is not None else None))


def _drawn_from(app) -> str:
    """What every variant of the sidebar is drawn from (see the module's docstring), as one digest."""
    return digest(html_settings(app.builder), str(app.outdir), sorted(app.tags), get_domain(app.env).toc_digests())


def _kept(app) -> dict:
    """What the last build kept of its sidebars (``save_sidebars``), read once a build; nothing after a fresh start."""
    state = build_state(app.env)
    if state.sidebars_kept is None:
        kept = None
        if not state.fresh_environment:
            try:
                kept = json.loads(Path(app.doctreedir, KEPT_SIDEBARS).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                kept = None
        state.sidebars_kept = kept if isinstance(kept, dict) else {}
    return state.sidebars_kept


def sidebars(app) -> dict[str, Markup]:
    """This build's sidebars, by variant: at first those the last build drew, when it drew them from the same."""
    state = build_state(app.env)
    if state.sidebars is None:
        state.sidebars_from = _drawn_from(app)
        state.sidebars = {}
        kept = _kept(app)
        if kept.get("from") == state.sidebars_from and isinstance(kept.get("sidebars"), dict):
            state.sidebars = {variant: Markup(html) for variant, html in kept["sidebars"].items()}
    return state.sidebars


def sidebar_shows(app) -> str:
    """What the sidebar shows on every page, as a digest: the root document's title and the entries of the table of
    contents down to the sidebar's depth (the theme's ``max_navbar_depth``; every level when it is 0), each with its
    title, under its toctree's caption."""
    env = app.env
    options = app.builder.theme.get_options(app.builder.theme_options)
    depth = int(options.get("max_navbar_depth") or 0)
    root = app.config.root_doc
    shown: list[object] = [env.titles[root].astext() if root in env.titles else None]
    level, seen, reached = [root], {root}, 0
    while level and (depth <= 0 or reached < depth):
        reached += 1
        below: list[str] = []
        for docname in level:
            toc = env.tocs.get(docname)
            for toctree in toc.findall(addnodes.toctree) if toc is not None else ():
                shown.append((docname, toctree.get("caption"), toctree.get("hidden")))
                for title, ref in toctree["entries"]:
                    shown.append((ref, title, env.titles[ref].astext() if ref in env.titles else None))
                    if ref in env.tocs and ref not in seen:
                        seen.add(ref)
                        below.append(ref)
        level = below
    return digest(shown)


def pages_with_another_sidebar(app, env) -> list[str]:
    """``env-get-updated``: every page, when the sidebar shows other entries than it did at the last build.

    A new year, a year page's new title, a new top-level page: the sidebar of every page changes, not only
    that of the pages read (which are the only ones Sphinx writes again). Rare, and the pages are then right.
    """
    if not is_website(app.builder):
        return []
    state = build_state(env)
    state.sidebar_shows = sidebar_shows(app)
    if state.fresh_environment or _kept(app).get("shows") == state.sidebar_shows:
        return []
    return sorted(env.all_docs)


def save_sidebars(app, exception) -> None:
    """``build-finished``: the sidebars and what they show, for the next build, when this process drew one or
    they show other entries, and the build raised nothing."""
    state = build_state(app.env)
    if exception is not None or not is_website(app.builder):
        return
    kept = _kept(app)
    if not state.sidebars_drawn and kept.get("shows") == state.sidebar_shows:
        return
    if state.sidebars_drawn and state.sidebars is not None:
        kept = {"from": state.sidebars_from, "sidebars": {variant: str(html) for variant, html in state.sidebars.items()}}
    kept = {**kept, "shows": state.sidebar_shows}
    path = Path(app.doctreedir, KEPT_SIDEBARS)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(kept, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def add_sidebar_functions(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``, before the theme renders its sidebar templates to test them."""
    if not is_website(app.builder):
        return
    builder = app.builder

    def archive_sidebar_nav(**kwargs) -> Markup:
        renders = sidebars(app)
        top = top_ancestor(builder, pagename)
        uri = builder.get_target_uri(pagename)
        variant = json.dumps(
            [
                posixpath.dirname(uri),
                top,
                top == pagename,  # the page is a sidebar entry itself, marked as the current page
                pagename == app.config.root_doc,
                sorted(kwargs.items()),
            ]
        )
        kept = renders.get(variant)
        if kept is not None and f'href="{posixpath.basename(uri)}"' not in kept:
            return kept
        rendered = Markup(str(context["generate_toctree_html"](**kwargs)))
        build_state(app.env).sidebars_drawn += 1
        # A sidebar that lists the page itself (the theme's navigation not collapsed to the years, or a page
        # listed under its year) marks it as the current one: it is this page's alone.
        if kept is None and (top == pagename or SELF_LINK not in rendered):
            renders[variant] = rendered
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
