"""Nothing lost: every statement on disk is in every output, and nothing else is.

At the end of every build the set of statement ids on disk is compared with
the ids each output holds: the HTML pages, ``objects.inv``, the search engine's (Pagefind) index,
the citation downloads and, for an ePub build, the ePub. An output is one *id source*: a step of
the pipeline's ``STATEMENT_IDS`` (``solidarity_archive.pipeline``), called with ``app`` once the
build has written everything, returning ``(name, ids)`` or ``None`` when the output
does not belong to this builder. An output that lists only the statements
readers are shown (not the withdrawn ones, whose pages are tombstones) returns
``(name, ids, expected)``, with ``listed_ids(app)`` as what it should hold. To add a source (citation exports, the
search index, …)::

    def exported_ids(app):
        if app.builder.format != "html":
            return None
        return "citation exports", {...ids read back from the written files...}

and name it in ``STATEMENT_IDS``. Read the ids back from the files actually written, not from
the environment, and write those files in a ``build-finished`` step that comes before the check.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from sphinx.util import logging
from sphinx.util.inventory import InventoryFile

from solidarity_archive.core.languages import N_
from solidarity_archive.formats.exports import ARCHIVE_FILE, DOWNLOAD_DIR, FORMATS, download_path
from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.builders import is_epub, is_website
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import console_translator
from solidarity_archive.sphinx_ext.inventory import STATEMENT_TYPE
from solidarity_archive.sphinx_ext.kept_outputs import kept_outputs
from solidarity_archive.sphinx_ext.reading import is_statement
from solidarity_archive.sphinx_ext.warning import warn

logger = logging.getLogger(__name__)

#: Every statement page carries this, once: ``section.statement`` made by reading.StatementPage.
STATEMENT_MARKER = '<section class="statement" id="statement">'
SHOWN_IDS = 20


def ids_on_disk(app) -> set[str]:
    return {docname.rsplit("/", 1)[-1] for docname in app.env.found_docs if is_statement(docname, app.config)}


def listed_ids(app) -> set[str]:
    """The ids listings, feeds and search hold: every statement on disk but the withdrawn (their tombstones count as present)."""
    withdrawn = {s.id for s in get_domain(app.env).statements.values() if s.withdrawn is not None}
    return ids_on_disk(app) - withdrawn


def refused_ids(app) -> set[str]:
    """Statements on disk that were read but refused for their own (reported) errors: no record."""
    domain = get_domain(app.env)
    return {docname.rsplit("/", 1)[-1] for docname in app.env.found_docs if is_statement(docname, app.config) and domain.statement_for(docname) is None}


def _page_id(path: Path) -> str:
    return path.parent.name if path.stem == "index" and path.parent.name[:1].isdigit() else path.stem


def ids_in_pages(files) -> set[str]:
    """Ids of statement pages among ``(path, text)`` pairs."""
    return {_page_id(Path(path)) for path, text in files if STATEMENT_MARKER in text}


def _is_statement_page(path: str) -> bool:
    with open(path, "rb") as page:
        return STATEMENT_MARKER.encode() in page.read()


def _pages(app) -> list[tuple[str, str]]:
    """Each HTML file in the statements' folder of the output and the statement id its name gives, in order.

    One walk of the folder, in plain strings: it holds a file per statement.
    """
    pages = []
    for folder, subfolders, files in os.walk(os.path.join(app.outdir, archive_settings(app.config).statements_dir)):
        subfolders.sort()
        parent = os.path.basename(folder)
        for name in sorted(files):
            if name.endswith(".html"):
                stem = name.removesuffix(".html")
                pages.append((os.path.normpath(os.path.join(folder, name)), parent if stem == "index" and parent[:1].isdigit() else stem))
    return pages


def _other_pages(app) -> set[str]:
    """The pages in the statements' folder that are another document's (the year pages): no statement's, not read."""
    settings = archive_settings(app.config)
    folder = settings.statements_dir + "/"
    builder = app.builder
    return {
        os.path.normpath(builder.get_outfilename(docname))
        for docname in app.env.found_docs
        if docname.startswith(folder) and not settings.is_statement(docname)
    }


#: A page written this long before the build started is read again: file times can lag the clock a little.
_CLOCK_MARGIN_NS = 2_000_000_000


def html_page_ids(app):
    """Statements whose page the website holds, read back from the pages this build wrote.

    The pages this build wrote are read (each must carry the statement's
    section); the others, checked by the build that wrote them, are counted
    by their file, a statement's when its id is on disk. The pages of the
    other documents of the folder (the year pages) are not read. An edit
    reads one page here, not every page of the archive.
    """
    if not is_website(app.builder):
        return None
    since = build_state(app.env).started_ns - _CLOCK_MARGIN_NS
    on_disk = ids_on_disk(app)
    others = _other_pages(app)
    found = set()
    for path, page_id in _pages(app):
        if path in others:
            continue
        try:
            written_now = os.stat(path).st_mtime_ns >= since
        except OSError:
            continue
        if (page_id in on_disk and not written_now) or _is_statement_page(path):
            found.add(page_id)
    return N_("the HTML pages"), found


def remove_stale_pages(app, exception) -> None:
    """``build-finished``: pages of statements removed since an earlier build are deleted.

    Sphinx leaves an output file behind when its source goes; a withdrawn
    statement must not stay online.
    """
    if exception is not None or not is_website(app.builder):
        return
    on_disk = ids_on_disk(app)
    others = _other_pages(app)
    for path, page_id in _pages(app):
        if path not in others and page_id not in on_disk and _is_statement_page(path):
            os.unlink(path)
            logger.info("removed the page of a statement that is no longer on disk: %s", Path(path).relative_to(app.outdir).as_posix())


def inventory_ids(app):
    """Statements in ``objects.inv``, the inventory other projects link with (former ids left out).

    Taken from the entries the build wrote to it, or found to be the entries
    of the file as it is (``inventory.write_inventory``): not read back.
    """
    inventory = Path(app.outdir, "objects.inv")
    if not is_website(app.builder) or not inventory.is_file():
        return None
    listed = build_state(app.env).inventory_statements
    if listed is None:  # not written by the archive's builder this build: read back
        listed = set(InventoryFile.loads(inventory.read_bytes(), uri="").data.get(STATEMENT_TYPE, {}))
    # Former ids of renamed statements resolve too (to the new page): they are no statement of their own.
    former = set(get_domain(app.env).former_targets()) - ids_on_disk(app)
    return "objects.inv", listed - former


def citation_export_ids(app):
    """Statements in the citation downloads: the archive-wide CSL-JSON file and one file per format each.

    The folder is listed once (a statement counts when its file of every
    format is there). The archive-wide file's statements are those its writer
    wrote to it, kept with the file (``kept_outputs``, ``citebox.write_downloads``);
    a file whose writer did not say is read back.
    """
    if not is_website(app.builder):
        return None
    folder = Path(app.outdir, DOWNLOAD_DIR)
    try:
        names = {entry.name for entry in os.scandir(folder) if entry.is_file()}
    except OSError:
        names = set()
    archive = f"{ARCHIVE_FILE}.json"
    in_archive: set[str] = set()
    if archive in names:
        held = kept_outputs(app).holds(download_path(ARCHIVE_FILE, "json"))
        in_archive = held if held is not None else {item["id"] for item in json.loads((folder / archive).read_text(encoding="utf-8"))}
    stems = {name.rsplit(".", 1)[0] for name in names if "." in name} - {ARCHIVE_FILE}
    complete = {stem for stem in stems if all(f"{stem}.{fmt}" in names for fmt in FORMATS)}
    return N_("the citation downloads"), in_archive & complete


def epub_ids(app):
    """Statements whose page the ePub holds, read back from the book."""
    if not is_epub(app.builder):
        return None
    epub = Path(app.outdir, f"{app.config.epub_basename}.epub")
    if not epub.is_file():
        return N_("the ePub"), set()
    prefix = archive_settings(app.config).statements_dir + "/"
    with zipfile.ZipFile(epub) as archive:
        files = [(name, archive.read(name).decode("utf-8", "replace")) for name in archive.namelist() if name.startswith(prefix) and name.endswith(".xhtml")]
    return N_("the ePub"), ids_in_pages(files)


def differences(on_disk: set[str], sources: list[tuple], refused: set[str] | frozenset[str] = frozenset(), gettext=None) -> list[str]:
    """One message per source whose ids differ from the ids on disk (or from the ids it says it should hold).

    In the language of ``gettext`` (English when None).

    Statements ``refused`` for their own errors (already reported, located)
    are named once, not once per output they are missing from.
    """
    say = gettext or (lambda message: message)
    messages = []
    not_published = sorted(refused & on_disk)
    if not_published:
        messages.append(
            say(N_("{count} statement(s) not published because of the errors above: {ids}")).format(count=len(not_published), ids=_list(not_published, say))
        )
    for name, found, *expected in sources:
        wanted = (expected[0] if expected else on_disk) - refused
        missing, extra = sorted(wanted - found), sorted(found - wanted - refused)
        if missing:
            messages.append(
                say(N_("{count} statement(s) on disk are missing from {name}: {ids}")).format(count=len(missing), name=say(name), ids=_list(missing, say))
            )
        if extra:
            messages.append(
                say(N_("{name} hold(s) {count} statement(s) that are not on disk: {ids} (left from an earlier build? run 'make clean')")).format(
                    name=say(name), count=len(extra), ids=_list(extra, say)
                )
            )
    return messages


def _list(ids: list[str], say) -> str:
    shown = ", ".join(ids[:SHOWN_IDS])
    return say(N_("{ids} and {count} more")).format(ids=shown, count=len(ids) - SHOWN_IDS) if len(ids) > SHOWN_IDS else shown


def check_nothing_lost(app, exception) -> None:
    """``build-finished``: compare every id source with the statements on disk."""
    if exception is not None:
        return
    results = (source(app) for source in build_state(app.env).statement_id_sources)
    sources = [result for result in results if result is not None]
    say = console_translator().gettext
    for message in differences(ids_on_disk(app), sources, refused_ids(app), say):
        warn(say(N_("nothing lost: {message}")).format(message=message), subtype="lost")
