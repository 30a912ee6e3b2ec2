"""Sphinx adapter for citing: permalinks, the cite box, and the downloads.

The pure work (CSL-JSON, references, BibTeX/RIS text) is in ``citation`` and
``exports``. Downloads are written once per build, at ``build-finished``,
into the output directory.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from solidarity_archive.core.languages import N_, autonym
from solidarity_archive.core.model import Statement
from solidarity_archive.formats import citation, exports
from solidarity_archive.formats.exports import (
    ARCHIVE_FILE,
    DOWNLOAD_DIR,
    UNAPI_SUFFIX,
    download_path,
)
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.citable import statement_item
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _, csl_locale, interface_language
from solidarity_archive.sphinx_ext.translations import original_for_citation
from solidarity_archive.sphinx_ext.urls import online_url

CITE_PAGE = "source/cite"  # the archive-wide "How to cite" page, linked when present


# -- where things are ---------------------------------------------------------


def download_uri(app, fromdocname: str, stem: str, fmt: str) -> str:
    return relative_uri(app.builder.get_target_uri(fromdocname), download_path(stem, fmt))


def unapi_uri(app, fromdocname: str, statement_id: str) -> str:
    """The statement's unAPI answer, from a page (``<link rel="unapi-server">``)."""
    return download_uri(app, fromdocname, statement_id, UNAPI_SUFFIX)


# -- the cite box ---------------------------------------------------------------


def download_links_html(app, fromdocname: str, stem: str) -> Markup:
    links = [
        Markup('<a class="cite-download" href="{}" download>{}</a>').format(
            download_uri(app, fromdocname, stem, fmt), label
        )
        for fmt, label in exports.FORMATS.items()
    ]
    return Markup(" · ").join(links)


#: The words cite.js writes (the "Copied" state, the pin cite's panel), translated into the cite box.
SCRIPT_MESSAGES = (N_("Copied"), N_("Copy ¶"), N_("Cite this paragraph:"))


def script_messages(config) -> Markup:
    """`` data-messages="…"`` with cite.js's words; nothing in English, the script's own language."""
    if interface_language(config) == "en":
        return Markup("")
    words = {message: _(message) for message in SCRIPT_MESSAGES}
    return Markup(' data-messages="{}"').format(json.dumps(words, ensure_ascii=False))


def cite_box_html(app, statement: Statement) -> Markup:
    item = statement_item(app, statement)
    url = item.get("URL") or ""
    formatted = citation.references(item, locale=csl_locale(app.config))
    rows = [
        Markup(
            '<dt>{label}</dt><dd><span class="cite-reference" data-style="{key}">{html}</span> '
            '<button type="button" class="cite-copy" aria-label="{copy_label}">{copy}</button></dd>'
        ).format(
            label=_(ref.style.label),
            key=ref.style.key,
            html=ref.html,
            copy_label=_("Copy the {name} reference").format(name=_(ref.style.label).split(" (")[0]),
            copy=_("Copy"),
        )
        for ref in formatted
        if ref.text
    ]
    cite_page = ""
    if CITE_PAGE in app.env.all_docs:
        cite_page = Markup(' <a href="{}">{}</a>').format(
            relative_uri(app.builder.get_target_uri(statement.docname), app.builder.get_target_uri(CITE_PAGE)),
            _("How to cite the archive"),
        )
    original = original_for_citation(app, statement)
    if original is not None:
        original_link = Markup('<p class="cite-original">{} <a href="{}" hreflang="{}">{}</a> ({}).</p>\n').format(
            _("A translation of"),
            relative_uri(app.builder.get_target_uri(statement.docname), app.builder.get_target_uri(original.docname)),
            original.language,
            original.title,
            autonym(original.language),
        )
    else:
        original_link = ""  # type: ignore[assignment]  # nothing to mark up
    permalink = Markup('<p class="cite-permalink">{1} <a href="{0}">{0}</a></p>').format(url, _("Permanent link:")) if url else ""
    return Markup(
        '<aside class="cite-box" id="cite" aria-labelledby="cite-heading" data-pagefind-ignore '
        'data-pin-cite="{pin}" data-canonical="{url}"{messages}>\n'
        '<p class="cite-heading" id="cite-heading">{heading}</p>\n'
        '{original}<dl class="cite-references">{rows}</dl>\n'
        "{permalink}\n"
        '<p class="cite-pin">{pin_help}</p>\n'
        '<p class="cite-downloads">{download_label} {downloads}.{cite_page}</p>\n'
        '<abbr class="unapi-id" title="{id}"></abbr>\n'
        "</aside>"
    ).format(
        heading=_("Cite this statement"),
        pin_help=_("To cite one paragraph, give its number, shown before it, as in “¶ 4”; "
                   "select a paragraph’s number to see and copy its pin cite."),
        download_label=_("Download this reference:"),
        messages=script_messages(app.config),
        original=original_link,
        pin=citation.pin_cite_base(item, formatted[0], csl_locale(app.config)),
        url=url,
        rows=Markup("").join(rows),
        permalink=permalink,
        downloads=download_links_html(app, statement.docname, statement.id),
        cite_page=cite_page,
        id=statement.id,
    )


def add_cite_box(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the cite box closes every statement page of the website."""
    if not is_website(app.builder):
        return
    statement = get_domain(app.env).statement_for(docname)
    if statement is None:
        return
    for section in doctree.findall(nodes.section):
        if "statement" in section["classes"]:
            section += nodes.raw("", str(cite_box_html(app, statement)), format="html")
            return


# -- the archive-wide downloads on the "How to cite" page --------------------------

class archive_downloads(nodes.General, nodes.Element):
    """Placeholder for the links to the archive-wide downloads."""


class ArchiveDownloadsDirective(SphinxDirective):
    """``{archive-downloads}``: links to the whole archive as BibTeX, RIS and CSL-JSON."""

    has_content = False

    def run(self):
        return [archive_downloads()]


def fill_archive_downloads(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: real links on the website; the website's address elsewhere."""
    for node in list(doctree.findall(archive_downloads)):
        items = nodes.bullet_list(classes=["archive-downloads"])
        for fmt, label in exports.FORMATS.items():
            name = f"{ARCHIVE_FILE}.{fmt}"
            if is_website(app.builder):
                uri = download_uri(app, docname, ARCHIVE_FILE, fmt)
            else:
                uri = online_url(app.config, download_path(ARCHIVE_FILE, fmt))  # type: ignore[assignment]  # None: no online address, tested below
            paragraph = nodes.paragraph()
            if uri:
                paragraph += nodes.reference("", name, refuri=uri, classes=["cite-download"])
            else:
                paragraph += nodes.literal("", name)
            paragraph += nodes.Text(f" ({_(label)})")
            items += nodes.list_item("", paragraph)
        node.replace_self(items)


# -- writing the downloads -----------------------------------------------------------


def write_downloads(app, exception) -> None:
    """``build-finished``: one file per statement and format, and one per format for the archive.

    A statement's own files are rendered again only when its page was written
    after them (as Sphinx decides for pages), or when one is missing.
    """
    if exception is not None or not is_website(app.builder):
        return
    statements = get_domain(app.env).chronological()
    items = [statement_item(app, statement) for statement in statements]
    folder = Path(app.outdir, DOWNLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    for statement, item in zip(statements, items, strict=True):
        paths = [folder / f"{item['id']}.{fmt}" for fmt in exports.FORMATS]
        unapi = folder / f"{item['id']}.{UNAPI_SUFFIX}"
        if _up_to_date([*paths, unapi], Path(app.builder.get_outfilename(statement.docname))):
            continue
        for path, fmt in zip(paths, exports.FORMATS, strict=True):
            path.write_text(exports.render([item], fmt), encoding="utf-8", newline="\n")
        unapi.write_text(exports.unapi(item), encoding="utf-8", newline="\n")
    for fmt in exports.FORMATS:
        _write_if_changed(folder / f"{ARCHIVE_FILE}.{fmt}", exports.render(items, fmt))
    wanted = {f"{item['id']}.{fmt}" for item in items for fmt in (*exports.FORMATS, UNAPI_SUFFIX)}
    wanted |= {f"{ARCHIVE_FILE}.{fmt}" for fmt in exports.FORMATS}
    for stale in folder.iterdir():
        if stale.is_file() and stale.name not in wanted:
            stale.unlink()


def _up_to_date(paths: list[Path], page: Path) -> bool:
    try:
        page_written = page.stat().st_mtime_ns
        return all(path.stat().st_mtime_ns >= page_written for path in paths)
    except OSError:
        return False


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8", newline="\n")


def add_cite_assets(app) -> None:
    """``builder-inited``: the copy buttons and pin cites need JavaScript on the website only."""
    if is_website(app.builder):
        app.add_js_file("cite.js", loading_method="defer")


def setup(app):
    app.connect("builder-inited", add_cite_assets)
    app.add_css_file("cite.css")
    app.add_node(archive_downloads)
    app.add_directive("archive-downloads", ArchiveDownloadsDirective)
    app.connect("doctree-resolved", add_cite_box)
    app.connect("doctree-resolved", fill_archive_downloads)
    app.connect("build-finished", write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
