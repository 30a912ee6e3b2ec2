"""Archival integrity in the build: the ledger of published ids, moved statements, originals.

- On every build (``env-updated``): every id in the ledger is a statement or a
  former id of one; former ids are claimed once, are no live id, make no loop;
  every original document is where its statement says, with its SHA-256.
- On the website (``build-finished``): a redirect page at each former id's
  address, and a copy of each original under ``originals/<id>/``; both are
  written into the output folder only.
- On every page: the header's link to the original (on the ePub, its
  permalink in the online archive: the book does not carry the file).

The rules themselves are pure: ``core.ledger`` and ``core.originals``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from sphinx.util.osutil import relative_uri

from solidarity_archive.core.originals import (
    check_original,
    human_size,
    kind_of,
    output_path,
)
from solidarity_archive.formats.web import moved_page_html
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import lazy
from solidarity_archive.sphinx_ext.urls import online_url, public_url

#: Every reader-facing string of this module and of the header's archival parts, in one place.
TEXT = {
    "original field": lazy("Original"),
    "original link": lazy("Original document ({kind}, {size})"),
    "original online": lazy("Original document ({kind}, {size}), kept in the online archive"),
    "corrected on": lazy("Corrected on {date}:"),
    "withdrawn heading": lazy("Withdrawn"),
    "withdrawn on": lazy("This statement was withdrawn on {date}: {reason}"),
    "withdrawn cite": lazy(
        "Its text is no longer published. Its address and its reference stay, so that citations of it still lead here; cite it as below, adding that it was withdrawn."
    ),
    "moved title": lazy("Moved: {title}"),
    "moved body": lazy("This statement has a new address: {link}."),
    "withdrawn note": lazy("Withdrawn on {date}: {reason}"),
    "corrected note": lazy("Corrected on {date}: {change}"),
}


class original_link(nodes.General, nodes.Inline, nodes.Element):
    """Placeholder for the link to a statement's original, filled at ``doctree-resolved``."""


# -- checks on every build -------------------------------------------------------


def _statement_path(env, docname: str) -> str:
    return str(env.doc2path(docname, False)).replace("\\", "/")


# -- the header's link to the original ------------------------------------------------


def fill_original_links(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the link with the original's kind and size."""
    domain = get_domain(app.env)
    for node in list(doctree.findall(original_link)):
        statement = domain.statement_for(docname)
        source = statement.original if statement is not None else None
        if source is None:
            node.replace_self(nodes.Text(""))
            continue
        file = Path(app.env.doc2path(docname)).parent / source.file  # type: ignore[operator]  # an original has its file
        kind = kind_of(source.file)  # type: ignore[arg-type]  # an original has its file
        size = human_size(file.stat().st_size) if file.is_file() else "?"
        label = kind.label if kind else "?"
        path = output_path(statement)  # type: ignore[arg-type]  # a source comes from a statement
        if is_website(app.builder):
            uri = relative_uri(app.builder.get_target_uri(docname), path)
            text = TEXT["original link"].format(kind=label, size=size)
        else:
            uri = online_url(app.config, path)  # type: ignore[assignment]  # None: no online address, tested below
            text = TEXT["original online"].format(kind=label, size=size)
        if uri:
            node.replace_self(nodes.reference("", text, refuri=uri, classes=["statement-original"]))
        else:
            node.replace_self(nodes.inline("", text, classes=["statement-original"]))


# -- the website: redirects and originals ---------------------------------------------


def redirect_html(*, title: str, target: str, canonical: str, language: str) -> str:
    """The page left at a renamed statement's former address."""
    return moved_page_html(
        page_title=TEXT["moved title"].format(title=title),
        link_text=title,
        message=str(TEXT["moved body"]),
        target=target,
        canonical=canonical,
        language=language,
    )


def redirect_docname(config, former_id: str) -> str:
    """Where the page of a former id was: ``statements/2016/<former id>``."""
    return f"{archive_settings(config).statements_dir}/{former_id[:4]}/{former_id}"


def write_redirects(app, exception) -> None:
    """``build-finished``: a redirect page at each former id's address, on the website."""
    if exception is not None or not is_website(app.builder):
        return
    domain = get_domain(app.env)
    for former, statement in sorted(domain.former_targets().items()):
        old = redirect_docname(app.config, former)
        if old in app.env.found_docs:
            continue  # a live id: reported, never overwritten
        new_uri = app.builder.get_target_uri(statement.docname)
        target = relative_uri(app.builder.get_target_uri(old), new_uri)
        canonical = public_url(app.config, new_uri) if archive_settings(app.config).base_url else target
        page = Path(app.builder.get_outfilename(old))
        page.parent.mkdir(parents=True, exist_ok=True)
        text = redirect_html(title=statement.title, target=target, canonical=canonical, language=statement.language)
        if not page.is_file() or page.read_text(encoding="utf-8") != text:
            page.write_text(text, encoding="utf-8", newline="\n")


def copy_originals(app, exception) -> None:
    """``build-finished``: each original that passes the fixity check, copied to ``originals/<id>/``.

    A missing, changed or outside file is reported by the check and never published.
    """
    if exception is not None or not is_website(app.builder):
        return
    domain = get_domain(app.env)
    for statement in domain.chronological():
        if statement.original is None:
            continue
        line = domain.field_line(statement.docname, "source")
        result = check_original(Path(app.srcdir), _statement_path(app.env, statement.docname), statement, line)
        if not result.ok or result.path is None:
            continue
        data = result.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != statement.original.sha256:
            continue  # changed since it was checked
        target = Path(app.outdir, output_path(statement))
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def setup(app):
    app.add_node(original_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
