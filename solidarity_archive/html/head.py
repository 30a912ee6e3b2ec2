"""Everything the archive adds to a page's ``<head>``.

On every page: the language, the feed links and the Open Graph tags (website
only), and ``<link rel="canonical">`` through Sphinx's own ``html_baseurl``.
On a statement page: the meta description and, on the website, the citation
metadata reference managers read (rendered by ``formats.headtags``).
"""

from __future__ import annotations

from markupsafe import escape
from sphinx.util.osutil import relative_uri

from solidarity_archive.formats import feeds
from solidarity_archive.formats.description import describe
from solidarity_archive.formats.headtags import head_metadata
from solidarity_archive.formats.web import open_graph_tags, plain_title
from solidarity_archive.html.citebox import unapi_uri
from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.citable import statement_item
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _, interface_language
from solidarity_archive.sphinx_ext.urls import public_url
from solidarity_archive.sphinx_ext.xref import signatory_page


def page_head(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the page's language and its ``<head>`` tags, in one place."""
    domain = get_domain(app.env)
    statement = domain.statement_for(pagename)
    tags: list[str] = []
    if statement is not None:
        context["language"] = statement.language
        tags.append(
            f'\n    <meta name="description" content="{escape(describe(statement, domain.registry, gettext=_, locale=interface_language(app.config)))}" />'
        )
    if is_website(app.builder):
        tags += feed_links(app, pagename)
        tags.append(open_graph(app, pagename, context, statement))
        if statement is not None:
            modified = statement.modified.isoformat() if statement.modified else None
            metadata = head_metadata(statement_item(app, statement), publisher=archive_settings(app.config).publisher or None, modified=modified)
            tags.append("\n    " + str(metadata))
            # Zotero reads the statement through unAPI first (see formats.exports.unapi).
            tags.append(f'\n    <link rel="unapi-server" type="application/xml" title="unAPI" href="{escape(unapi_uri(app, pagename, statement.id))}" />')
    context["metatags"] = context.get("metatags", "") + "".join(tags)


def feed_links(app, pagename: str) -> list[str]:
    """The archive's feed on every page; on a signatory's own page, and on the
    page that lists the signatories, each one's feed too."""
    here = app.builder.get_target_uri(pagename)
    domain = get_domain(app.env)
    links = [_alternate(relative_uri(here, feeds.MAIN_FEED), _("{title}: newest statements").format(title=archive_settings(app.config).title))]
    listed = listed_signatories(app.builder).get(pagename, [])
    prefix = signatory_page("")
    own = [pagename[len(prefix) :]] if pagename.startswith(prefix) else []
    for sid in listed + own:
        if sid in domain.registry:
            links.append(
                _alternate(relative_uri(here, feeds.signatory_feed_path(sid)), _("Statements signed by {label}").format(label=domain.registry[sid].label))
            )
    return links


def listed_signatories(builder) -> dict[str, list[str]]:
    """Each page's signatories (those with their target on it), mapped once per build.

    Kept in the build's state for one build: derived from the finished
    environment, never stored in it.
    """
    state = build_state(builder.env)
    if state.listed_signatories is None:
        state.listed_signatories = signatories_by_page(builder.env)
    return state.listed_signatories


def signatories_by_page(env) -> dict[str, list[str]]:
    """Page -> the signatory ids whose target is on it, in the domain's order."""
    by_page: dict[str, list[str]] = {}
    for sid, (doc, _anchor) in get_domain(env).data["signatory_targets"].items():
        by_page.setdefault(doc, []).append(sid)
    return by_page


def open_graph(app, pagename: str, context: dict, statement) -> str:
    domain = get_domain(app.env)
    return open_graph_tags(
        title=statement.title if statement else plain_title(context.get("title") or archive_settings(app.config).title),
        site_name=archive_settings(app.config).title,
        url=public_url(app.config, app.builder.get_target_uri(pagename)) if archive_settings(app.config).base_url else None,
        description=describe(statement, domain.registry, gettext=_, locale=interface_language(app.config)) if statement else None,
        published=statement.date.isoformat() if statement else None,
        locale=statement.language if statement else None,
    )


def _alternate(href: str, title: str) -> str:
    return f'\n    <link rel="alternate" type="application/atom+xml" title="{escape(title)}" href="{escape(href)}" />'
