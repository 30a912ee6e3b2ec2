"""Building a dossier: the archive's sources, only the chosen statements.

The ``dossier`` command sets ``archive_dossier`` (a dict: title, name,
description, ids, intro). This module then, without writing a file into the
source tree, narrows the sources to the chosen statements and their years,
titles the book and the site after the dossier, puts the introduction on the
front page, and points references to statements left out at their permalinks
in the online archive.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from solidarity_archive.core.selection import dossier_identifier
from solidarity_archive.core.settings import SettingError
from solidarity_archive.core.validation import STATEMENT_ID, read_statement
from solidarity_archive.myst import parse_statement_text
from solidarity_archive.sphinx_ext.config import archive_settings, read_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import date
from solidarity_archive.sphinx_ext.urls import public_url, website_path

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$])")


def escape_markdown(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _statements_dir(config) -> str:
    # At config-inited, before the settings are checked and kept (see sphinx_ext.config).
    return read_settings(config).statements_dir


def chosen_sources(srcdir: Path, statements_dir: str, ids: set[str]) -> tuple[list[str], list[str]]:
    """(chosen, left out): patterns for the sources of the dossier, and for those it leaves out.

    A year kept whole or left out whole is one pattern, so the lists stay
    short for a dossier by dates even in a large archive.
    """
    chosen: list[str] = []
    left_out: list[str] = []
    base = srcdir / statements_dir
    for year_dir in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        year = year_dir.relative_to(srcdir).as_posix()
        statements = [p for p in sorted(year_dir.glob("*.md")) if p.name != "index.md"]
        kept = [f"{year}/{p.name}" for p in statements if p.stem in ids]
        dropped = [f"{year}/{p.name}" for p in statements if p.stem not in ids]
        if not kept:
            left_out.append(f"{year}/**")
        elif not dropped:
            chosen.append(f"{year}/**")
        else:
            chosen += [*kept, f"{year}/index.md"]
            left_out += dropped
    return chosen, left_out


def apply_dossier(app, config) -> None:
    """``config-inited``: sources, titles and identifier of the dossier."""
    try:
        settings = read_settings(config)
    except SettingError:
        return  # said by the settings' own check, which stops the build
    dossier = settings.dossier
    if not dossier:
        return
    statements_dir = _statements_dir(config)
    chosen, left_out = chosen_sources(Path(app.srcdir), statements_dir, set(dossier["ids"]))
    covers_statements = [p for p in config.include_patterns if p.startswith(statements_dir + "/")]
    others = [p for p in config.include_patterns if not p.startswith(statements_dir + "/")]
    if covers_statements and "**" not in others:
        # A short list of what to include stays fast with a large archive.
        config.include_patterns = [*others, *chosen]
    else:
        config.exclude_patterns = [*config.exclude_patterns, *left_out]

    title = dossier["title"]
    config.project = title
    config.html_title = title
    config.archive_title = title
    config.epub_title = title
    config.epub_basename = dossier["name"]
    config.epub_description = dossier.get("description") or config.epub_description
    config.epub_identifier = dossier_identifier(settings.base_url, dossier["name"])
    config.epub_scheme = "UUID"
    config.epub_uid = "dossier-" + dossier["name"]


def front_page(app, docname: str, source: list[str]) -> None:
    """``source-read``: the home page carries the dossier's title, what it holds and its introduction."""
    dossier = archive_settings(app.config).dossier
    if not dossier or docname != app.config.root_doc:
        return
    added = ["# " + escape_markdown(dossier["title"]), ""]
    if dossier.get("description"):
        added += [escape_markdown(dossier["description"]), ""]
    if dossier.get("intro"):
        intro = Path(dossier["intro"])
        app.env.note_dependency(str(intro.resolve()))
        added += [intro.read_text(encoding="utf-8").strip(), ""]
    lines = source[0].split("\n")
    heading = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if heading is None:
        lines[0:0] = added
    else:
        lines[heading : heading + 1] = added
    source[0] = "\n".join(lines)


def left_out_docname(config, srcdir, statement_id: str) -> str | None:
    """The docname of a statement of the archive that the dossier leaves out, else None."""
    dossier = archive_settings(config).dossier
    if not dossier or not STATEMENT_ID.fullmatch(statement_id) or statement_id in dossier["ids"]:
        return None
    docname = f"{_statements_dir(config)}/{statement_id[:4]}/{statement_id}"
    # Not in the archive at all: None, and the reference is reported as broken.
    return docname if Path(srcdir, docname + ".md").is_file() else None


def link_left_out(app, env, node, contnode):
    """``missing-reference``: a statement left out of the dossier links to its online permalink."""
    if node.get("refdomain") != "statement" or node.get("reftype") != "statement":
        return None
    docname = left_out_docname(app.config, app.srcdir, node.get("reftarget", ""))
    if docname is None:
        return None
    path = Path(app.srcdir, docname + ".md")
    result = read_statement(
        path.read_bytes(),
        path=docname + ".md",
        docname=docname,
        registry=get_domain(env).registry,
        today=archive_settings(app.config).current_date(),
        markdown=parse_statement_text,
        folder=path.parent,
    )
    statement = result.statement
    if not node.get("refexplicit") and statement is not None:
        contnode = nodes.inline("", f"{statement.title} ({date(app.config, statement.date)})", classes=["statement-ref"])
    reference = nodes.reference("", "", internal=False, refuri=public_url(app.config, website_path(app.config, docname)))
    reference["classes"].append("statement-outside")
    if statement is not None:
        reference["reftitle"] = f"{statement.title} — in the online archive"
    reference += contnode
    return reference


class MarkdownLinksToLeftOut(SphinxPostTransform):
    """``[text](../2015/2015-03-08-x.md)`` to a statement left out: its permalink.

    Runs just before MyST resolves its document links, which would report
    the left-out page as missing.
    """

    def run(self, **kwargs) -> None:
        if not archive_settings(self.config).dossier:
            return
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("refdomain") != "doc" or node.get("reftype") != "myst":
                continue
            docname = node.get("reftarget", "")
            statement_id = docname.rsplit("/", 1)[-1]
            if left_out_docname(self.config, self.env.srcdir, statement_id) != docname:
                continue
            uri = public_url(self.config, website_path(self.config, docname))
            if node.get("reftargetid"):
                uri += "#" + node["reftargetid"]
            reference = nodes.reference("", "", internal=False, refuri=uri, classes=["statement-outside"])
            reference.extend(node.children)
            node.replace_self(reference)
