"""Sphinx adapter for citing: permalinks, the cite box, and the downloads.

The pure work (CSL-JSON, references, BibTeX/RIS text) is in ``citation`` and
``exports``. Downloads are written at ``build-finished``, into the output
directory, those whose inputs changed (``sphinx_ext.kept_outputs``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
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
from solidarity_archive.html import ahead
from solidarity_archive.html.assets import fragment
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.citable import statement_item
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _, csl_locale, interface_language
from solidarity_archive.sphinx_ext.kept_outputs import digest, kept_outputs, record_digest
from solidarity_archive.sphinx_ext.placeholders import archive_downloads
from solidarity_archive.sphinx_ext.translations import original_for_citation
from solidarity_archive.sphinx_ext.urls import online_url, page_url

CITE_PAGE = "source/cite"  # the archive-wide "How to cite" page, linked when present


# -- where things are ---------------------------------------------------------


def download_uri(app, fromdocname: str, stem: str, fmt: str) -> str:
    return relative_uri(app.builder.get_target_uri(fromdocname), download_path(stem, fmt))


def unapi_uri(app, fromdocname: str, statement_id: str) -> str:
    """The statement's unAPI answer, from a page (``<link rel="unapi-server">``)."""
    return download_uri(app, fromdocname, statement_id, UNAPI_SUFFIX)


# -- the cite box ---------------------------------------------------------------


#: The words cite.js writes (the "Copied" state, the pin cite's panel), translated into the cite box.
SCRIPT_MESSAGES = (N_("Copied"), N_("Copy ¶"), N_("Cite this paragraph:"))


def script_messages(config) -> str:
    """cite.js's words as JSON (the cite box's ``data-messages``); none in English, the script's own language."""
    if interface_language(config) == "en":
        return ""
    return json.dumps({message: _(message) for message in SCRIPT_MESSAGES}, ensure_ascii=False)


def cite_box_html(app, statement: Statement) -> Markup:
    """The cite box of a statement's page (``fragments/cite-box.html``)."""
    item = statement_item(app, statement)
    found = ahead.reference_ahead(app, statement.docname, item)
    if found is not None:
        formatted, pin = found
    else:
        formatted = citation.references(item, locale=csl_locale(app.config))
        pin = citation.pin_cite_base(item, formatted[0], csl_locale(app.config))
    here = app.builder.get_target_uri(statement.docname)
    original = original_for_citation(app, statement)
    return fragment(
        "cite-box.html",
        url=item.get("URL") or "",
        pin=pin,
        messages=script_messages(app.config),
        original=original
        and {
            "href": relative_uri(here, app.builder.get_target_uri(original.docname)),
            "language": original.language,
            "title": original.title,
            "autonym": autonym(original.language),
        },
        references=[ref for ref in formatted if ref.text],
        downloads=[(download_uri(app, statement.docname, statement.id, fmt), label) for fmt, label in exports.FORMATS.items()],
        cite_page=relative_uri(here, app.builder.get_target_uri(CITE_PAGE)) if CITE_PAGE in app.env.all_docs else None,
        id=statement.id,
    )


class cite_box(nodes.General, nodes.Element):
    """Where a statement page's cite box goes: its writer marks the place, ``fill_cite_box`` renders the box.

    The box is rendered when the page is written, not when its doctree is
    resolved: at ``-j N`` Sphinx resolves every doctree in its main process, one
    after the other, and writes the pages in N processes (``html-page-context``
    runs there), so the references' formatting, the largest part of a statement
    page's own cost, is shared out among the writers.
    """


#: What a cite box's place is in the page's body until ``fill_cite_box`` puts the box there.
CITE_BOX_MARK = "<!-- archive: the cite box -->"


def add_cite_box(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the cite box closes every statement page of the website."""
    if not is_website(app.builder):
        return
    statement = get_domain(app.env).statement_for(docname)
    if statement is None:
        return
    for section in doctree.findall(nodes.section):
        if "statement" in section["classes"]:
            if app.parallel > 1:
                citation.prepare(csl_locale(app.config))  # before Sphinx forks the writers
                ahead.take_in(app)  # the references formatted ahead so far, for the writer forked next
            section += cite_box()
            return


def visit_cite_box(translator, node: cite_box) -> None:
    translator.body.append(CITE_BOX_MARK)
    raise nodes.SkipNode


def fill_cite_box(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the statement page's cite box, rendered where its writer marked it."""
    body = context.get("body")
    if not body or CITE_BOX_MARK not in body:
        return
    statement = get_domain(app.env).statement_for(pagename)
    context["body"] = body.replace(CITE_BOX_MARK, str(cite_box_html(app, statement)) if statement is not None else "", 1)


def _skip(translator, node) -> None:
    raise nodes.SkipNode


# -- the archive-wide downloads on the "How to cite" page --------------------------


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

    Each is rendered again only when what it is made of changed
    (``kept_outputs``): a statement's record, its signatories' records, its
    original's record, and the settings, all read without rendering; the
    archive's files when any statement's did, or when one was added or
    removed. A file gone from the folder is written again. An edit of a
    statement's text renders nothing here. Files the build's copy working
    ahead (``ahead``) wrote from the same inputs are not written again.
    """
    if exception is not None or not is_website(app.builder):
        return
    done = ahead.finish(app)
    plan = _plan_downloads(app)
    _write_planned(app, plan, done.downloads if done is not None else {})
    kept = kept_outputs(app)
    for stale in plan.stale:
        (plan.folder / stale).unlink()
        kept.forget(f"{DOWNLOAD_DIR}/{stale}")


def render_downloads(app) -> dict[str, tuple[str, list[str] | None]]:
    """The downloads ``write_downloads`` would write now, written (by the copy working ahead, ``ahead``):
    what each was written from, by its path in the output."""
    return _write_planned(app, _plan_downloads(app), {})


@dataclass
class _DownloadPlan:
    """What ``write_downloads`` writes: the files whose inputs changed or that are gone, and the stale ones."""

    folder: Path
    statements: list[Statement]  # each statement's files to write
    inputs: dict[str, str]  # each statement's inputs, by id
    items: dict[str, dict]
    archive: list[str]  # the formats of the archive-wide file to write
    archive_inputs: str
    all_statements: list[Statement]
    stale: list[str]


def _plan_downloads(app) -> _DownloadPlan:
    domain = get_domain(app.env)
    statements = domain.chronological()
    folder = Path(app.outdir, DOWNLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    present = {entry.name for entry in os.scandir(folder) if entry.is_file()}
    kept = kept_outputs(app)
    shared = (archive_settings(app.config), app.config.language, app.builder.name, page_url(app, app.config.root_doc))
    shared_digest = digest(shared)

    def record(value) -> str | None:
        return None if value is None else record_digest(app.env, value)

    inputs = {
        statement.id: digest(
            shared_digest,
            record(statement),
            [record(domain.signatory(sid)) for sid in statement.signatories],
            record(original_for_citation(app, statement)),
        )
        for statement in statements
    }
    to_write = [
        statement
        for statement in statements
        if not (
            all(f"{statement.id}.{fmt}" in present for fmt in (*exports.FORMATS, UNAPI_SUFFIX))
            and kept.written_from(download_path(statement.id, UNAPI_SUFFIX), inputs[statement.id])
        )
    ]
    archive_inputs = digest(shared, [(statement.id, inputs[statement.id]) for statement in statements])
    archive = [
        fmt for fmt in exports.FORMATS if not (f"{ARCHIVE_FILE}.{fmt}" in present and kept.written_from(download_path(ARCHIVE_FILE, fmt), archive_inputs))
    ]
    wanted = {f"{statement.id}.{fmt}" for statement in statements for fmt in (*exports.FORMATS, UNAPI_SUFFIX)}
    wanted |= {f"{ARCHIVE_FILE}.{fmt}" for fmt in exports.FORMATS}
    return _DownloadPlan(folder, to_write, inputs, {}, archive, archive_inputs, statements, sorted(present - wanted))


def _write_planned(app, plan: _DownloadPlan, done: dict[str, tuple[str, list[str] | None]]) -> dict[str, tuple[str, list[str] | None]]:
    """Write the files of ``plan`` but those ``done`` holds from the same inputs; record every one of them."""
    kept = kept_outputs(app)
    written: dict[str, tuple[str, list[str] | None]] = {}

    def item_of(statement: Statement) -> dict:
        if statement.id not in plan.items:
            plan.items[statement.id] = statement_item(app, statement)
        return plan.items[statement.id]

    for statement in plan.statements:
        key, inputs = download_path(statement.id, UNAPI_SUFFIX), plan.inputs[statement.id]
        if done.get(key) != (inputs, None):
            item = item_of(statement)
            for fmt in exports.FORMATS:
                (plan.folder / f"{statement.id}.{fmt}").write_text(exports.render([item], fmt), encoding="utf-8", newline="\n")
            (plan.folder / f"{statement.id}.{UNAPI_SUFFIX}").write_text(exports.unapi(item), encoding="utf-8", newline="\n")
        kept.record(key, inputs)
        written[key] = (inputs, None)
    for fmt in plan.archive:
        relative = download_path(ARCHIVE_FILE, fmt)
        ids = done.get(relative, (None, None))[1]
        if done.get(relative, (None, None))[0] != plan.archive_inputs or ids is None:
            items = [item_of(s) for s in plan.all_statements]
            (plan.folder / f"{ARCHIVE_FILE}.{fmt}").write_text(exports.render(items, fmt), encoding="utf-8", newline="\n")
            ids = [item["id"] for item in items]
        kept.record(relative, plan.archive_inputs, ids=ids)
        written[relative] = (plan.archive_inputs, ids)
    return written


def add_cite_assets(app) -> None:
    """``builder-inited``: the copy buttons and pin cites need JavaScript on the website only."""
    if is_website(app.builder):
        app.add_js_file("cite.js", loading_method="defer")


def setup(app):
    app.add_css_file("cite.css")
    # Only the website's pages have one; any other writer leaves it out.
    app.add_node(
        cite_box,
        html=(visit_cite_box, None),
        epub=(_skip, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
