"""Full-text search over the statements, built with Pagefind.

Each statement page marks its own text and header as the part to index
(``data-pagefind-body``) and carries its metadata, filters and sort keys in a
hidden record. At the end of an HTML build Pagefind indexes those pages into
``pagefind/`` in the output folder, one index per page language, so English
and Spanish are stemmed separately. The search page (``search.html``, the
target of the theme's search box) loads one Pagefind instance per language
and merges their results.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import posixpath
import re
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urldefrag

from docutils import nodes
from markupsafe import escape
from sphinx.util import logging

from solidarity_archive.core.languages import format_date
from solidarity_archive.core.model import Statement
from solidarity_archive.core.text import abbreviated
from solidarity_archive.core.validation import STATEMENT_ID
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import (
    _,
    interface_language,
    kind_label,
    language_label,
)
from solidarity_archive.sphinx_ext.integrity import listed_ids
from solidarity_archive.sphinx_ext.translations import version_label

logger = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"

#: Parts of a statement page that are not indexed: everything next to the
#: statement (cite boxes and other additions), the editorial note, the
#: header's labels and the header fields that are filters rather than words
#: (date, language, kind), and the permalink signs of the heading and of
#: numbered paragraphs.
# Pagefind drops a whole page when a selector matches a void element such as
# <hr> (the line before footnotes), so none of these may match one.
EXCLUDE_SELECTORS = (
    "[data-pagefind-body] > :not(section.statement):not(hr)",
    "section.statement > :not(h1):not(.statement-header):not(.statement-text):not(hr)",
    ".statement-header dt",
    ".statement-header dd.date",
    ".statement-header dd.language",
    ".statement-header dd.kind",
    "a.headerlink",
    ".paragraph-number",
)


def search_page(app):
    """``html-collect-pages``: the search page, which Sphinx writes only with its own index."""
    if is_website(app.builder):
        yield "search", {}, "search.html"


# -- what each statement page carries ---------------------------------------------


def glossary_terms(doctree: nodes.Node, std_domain) -> list[str]:
    """Glossary terms the statement's text (and its terms box) links to, in order, each once.

    Links to glossary entries (``#term-…`` anchors, as Sphinx's glossary and
    ``{term}`` role write them) are read from the resolved page; the term's
    name comes from the glossary itself. No links, no terms.
    """
    names_by_anchor = {labelid: name for (kind, name), (_doc, labelid) in std_domain.objects.items() if kind == "term"}
    found: dict[str, None] = {}
    term_blocks = {"statement-text", "statement-terms"}
    for text in doctree.findall(lambda n: isinstance(n, nodes.container) and term_blocks & set(n["classes"])):
        for reference in text.findall(nodes.reference):
            _url, anchor = urldefrag(reference.get("refuri", "") or "")
            anchor = anchor or reference.get("refid", "")
            if anchor.startswith("term-"):
                found.setdefault(names_by_anchor.get(anchor, reference.astext().strip()), None)
    return [name for name in found if name]


def record_html(statement: Statement, signatory_labels: Iterable[str], terms: Iterable[str], language: str = "en", version: str = "") -> str:
    """The hidden block of Pagefind metadata, filters and sort keys for one statement."""
    signatory_labels = list(signatory_labels)

    def span(attribute: str, key: str, value: str) -> str:
        return f'<span {attribute}="{key}">{escape(value)}</span>'

    parts = [
        span("data-pagefind-meta", "title", statement.title),
        span("data-pagefind-meta", "date", format_date(statement.date, language)),
        span("data-pagefind-meta", "isodate", statement.date.isoformat()),
        span("data-pagefind-meta", "place", statement.place.label),
        # A result names the first three signatories and a count; the filters name them all.
        span("data-pagefind-meta", "signatories", abbreviated(signatory_labels, more=_("and {count} more"))),
        span("data-pagefind-meta", "language", language_label(statement.language)),
        span("data-pagefind-meta", "kind", kind_label(statement.kind)),
        span("data-pagefind-sort", "date", statement.date.isoformat()),
        span("data-pagefind-filter", "year", str(statement.year)),
        span("data-pagefind-filter", "place", statement.place.label),
        span("data-pagefind-filter", "country", statement.place.country),
        span("data-pagefind-filter", "language", language_label(statement.language)),
        span("data-pagefind-filter", "kind", kind_label(statement.kind)),
    ]
    if version:  # "Original" or "Translation", for a statement with other versions
        parts.append(span("data-pagefind-meta", "version", version))
    parts += [span("data-pagefind-filter", "signatory", label) for label in signatory_labels]
    parts += [span("data-pagefind-filter", "term", term) for term in terms]
    return '<div class="statement-search-record" hidden data-pagefind-ignore>' + "".join(parts) + "</div>"


#: An empty anchor as docutils writes a target (the term mentions' index targets).
EMPTY_ANCHOR = re.compile(r'<span class="target" id="([^"<>]+)"></span>')


def quiet_empty_anchors(body: str) -> str:
    """Empty anchors marked for Pagefind to pass over.

    Pagefind starts a new word at every element with an ``id``, so
    ``(<span id="…"></span>CARSI)`` would read "( CARSI)" in a result's
    excerpt. Ignored, the anchor adds nothing; the link to it still works.
    """
    return EMPTY_ANCHOR.sub(r'<span class="target" id="\1" data-pagefind-ignore></span>', body)


def mark_statement_page(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: make a statement page the only indexed content."""
    if doctree is None or not is_website(app.builder):
        return
    domain = get_domain(app.env)
    statement = domain.statement_for(pagename)
    if statement is None or statement.withdrawn is not None or "body" not in context:
        return  # a withdrawn statement's tombstone is not searched
    labels = []
    for sid in statement.signatories:
        signatory = domain.signatory(sid)
        labels.append(signatory.label if signatory is not None else sid)
    terms = glossary_terms(doctree, app.env.domains["std"])
    context["body"] = (
        f'<div class="statement-search-body" data-pagefind-body>{record_html(statement, labels, terms, interface_language(app.config), version_label(app.env, statement))}'
        f"{quiet_empty_anchors(context['body'])}</div>"
    )


# -- the index -------------------------------------------------------------------


async def _write_index(site: Path, glob: str) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(exclude_selectors=list(EXCLUDE_SELECTORS), output_path=str(site / BUNDLE_DIR))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site), glob=glob)
    return int(result.get("page_count", 0))


def build_index(app, exception) -> None:
    """``build-finished``: index the statement pages of a successful HTML build."""
    if exception is not None or not is_website(app.builder):
        return
    site = Path(app.outdir)
    statements_dir = archive_settings(app.config).statements_dir
    # A fresh bundle each build: no index chunk of a removed statement survives.
    shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)
    try:
        # A thread of its own, so that a host already running an event loop
        # (sphinx-autobuild, a notebook, a test driving a browser) is no obstacle.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pages = pool.submit(asyncio.run, _write_index(site, f"{statements_dir}/**/*.html")).result()
    except Exception as error:  # the Pagefind service reports failures as plain exceptions
        logger.warning(
            f"search index: Pagefind could not index {site}: {error}; expected a '{BUNDLE_DIR}/' search bundle",
            type="statement",
            subtype="search",
        )
        return
    logger.info(f"search index: {pages} pages read, statements indexed into {BUNDLE_DIR}/")


#: Pagefind's marker at the start of every decompressed fragment.
FRAGMENT_SIGNATURE = b"pagefind_dcd"


def pagefind_ids(app):
    """Nothing-lost source: the statements in the Pagefind bundle, read back from its fragments."""
    fragments = Path(app.outdir, BUNDLE_DIR, "fragment")
    if not is_website(app.builder):
        return None
    ids = set()
    for fragment in fragments.glob("*.pf_fragment") if fragments.is_dir() else []:
        data = gzip.decompress(fragment.read_bytes()).removeprefix(FRAGMENT_SIGNATURE)
        path = json.loads(data)["url"].split("#")[0].strip("/").removesuffix("/index.html")
        page = posixpath.splitext(posixpath.basename(path))[0]
        if STATEMENT_ID.match(page):  # a page such as a year's index is no statement
            ids.add(page)
    return "the search engine's index", ids, listed_ids(app)


def setup(app):
    app.connect("html-collect-pages", search_page)
    app.connect("archive-collect-statement-ids", pagefind_ids)
    app.connect("html-page-context", mark_statement_page)
    # After stale pages of removed statements are deleted (priority 890), before the nothing-lost check (900).
    app.connect("build-finished", build_index, priority=895)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
