"""Untrusted input: nothing a statement file contains may run, leave the tree or vanish.

- Sources are decoded with a tolerant UTF-8 codec, so bad bytes are reported
  with their line and column instead of stopping Sphinx with a traceback.
- A source file, include, literalinclude, image or download that resolves
  (symlinks followed) outside the archive is refused.
- Raw HTML (blocks, inline, the ``raw`` directive) in a statement is refused.
- Links and images with a scheme other than http(s)/mailto are refused and
  never emitted as live links, on every page.
- Statement ids must be unique, ignoring case.
- Titles the theme prints without escaping are escaped.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst.directives.misc import Raw
from markupsafe import Markup, escape
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from solidarity_archive.core.languages import N_, Message, Text
from solidarity_archive.core.untrusted import (
    TOLERANT_UTF8,
    encoding_problem,
    is_safe_url,
    leaves_tree,
    outside_tree_message,
    raw_html_message,
    refused_directive_message,
    register_codec,
    unsafe_url_message,
)
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import console_text
from solidarity_archive.sphinx_ext.reading import REFUSED_SOURCE, is_statement

logger = logging.getLogger(__name__)


def _warn(message: Text, location, subtype: str) -> None:
    """Log a refusal, its message (the core's, or this layer's) in the console's language."""
    logger.warning(console_text(message), location=location, type="statement", subtype=subtype)


def use_tolerant_decoding(app, env, docnames) -> None:
    """``env-before-read-docs``: read sources with the tolerant UTF-8 codec.

    A byte that is not UTF-8 must become a located error, not a traceback
    that stops the build. Sphinx 9 reads every source itself, strictly, with
    the encoding in ``env.settings``, and has no public hook before that
    read; ``source_encoding`` would do the same but warns that encodings
    other than UTF-8 go away in Sphinx 10. So the encoding is set here, and
    ``tests/test_untrusted_build.py`` fails the day Sphinx stops honouring it.
    """
    env.settings["input_encoding"] = TOLERANT_UTF8


def _source_path(env, docname: str) -> str:
    return str(env.doc2path(docname, False)).replace("\\", "/")


def refuse_outside_and_undecodable(app, docname: str, source: list[str]) -> None:
    """``source-read`` (before the frontmatter is read): files outside the tree, bad bytes."""
    env = app.env
    if leaves_tree(env.doc2path(docname), env.srcdir):
        _warn(outside_tree_message(_source_path(env, docname)), (docname, 1), "outside-tree")
        source[0] = ""
        env.current_document[REFUSED_SOURCE] = True
        return
    if is_statement(docname, app.config):
        return  # the frontmatter reader reports bad bytes, and normalises, with everything else
    problem = encoding_problem(_source_path(env, docname), source[0])
    if problem is not None:
        _warn(problem.text or problem.message, (docname, problem.line), problem.subtype)
        source[0] = source[0].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    # Composed characters (NFC) everywhere, so glossary terms and search match the statements.
    source[0] = unicodedata.normalize("NFC", source[0])


def check_included_text(app, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """``include-read``: a file from outside the archive contributes nothing; bad bytes are reported."""
    if leaves_tree(Path(app.srcdir, relative_path), app.srcdir):
        content[0] = ""
        return
    shown = Path(relative_path).as_posix()
    problem = encoding_problem(shown, content[0])
    if problem is not None:
        _warn(problem.text or problem.message, f"{Path(app.srcdir, relative_path)}:{problem.line}", problem.subtype)
        content[0] = content[0].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    content[0] = unicodedata.normalize("NFC", content[0])


def _line_mentioning(env, docname: str, needle: str) -> int | None:
    try:
        text = env.doc2path(docname).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def _outside_message(shown: str) -> Message:
    return Message(N_("'{path}' is outside the archive; a page may only include or link files inside the archive"), path=shown)


def refuse_outside_downloads(app, doctree) -> None:
    """``doctree-read``, before Sphinx's collectors: a download of a file outside the archive.

    The link becomes its text where it stands, so Sphinx never registers the
    file nor copies it into the output.
    """
    env = app.env
    srcdir = Path(env.srcdir)
    for node in list(doctree.findall(addnodes.download_reference)):
        target = node["reftarget"]
        if "://" in target:
            continue
        relative = env.relfn2path(target, env.docname)[0]
        if leaves_tree(srcdir / relative, srcdir):
            shown = os.path.relpath(os.path.normpath(srcdir / relative), srcdir)
            _warn(_outside_message(shown), node, "outside-tree")
            node.replace_self(nodes.inline("", "", *node.children))


def refuse_outside_dependencies(app, doctree) -> None:
    """``doctree-read`` (after the collectors): other files outside the archive that a page asks for.

    Images are refused where they stand, and never copied into the output.
    Any other file (an include) counts when the page's own source names it:
    an extension of the project may depend on a file it was given (a
    dossier's introduction).
    """
    env = app.env
    docname = env.docname
    srcdir = Path(env.srcdir)
    explained: set[str] = set()

    def outside(relative: str) -> bool:
        return leaves_tree(srcdir / relative, srcdir)

    def shown(relative: str) -> str:
        return os.path.relpath(os.path.normpath(srcdir / relative), srcdir)

    for node in list(doctree.findall(nodes.image)):
        paths = [path for path in node.get("candidates", {}).values() if outside(path)]
        if paths:
            _warn(_outside_message(shown(paths[0])), node, "outside-tree")
            explained.update(shown(path) for path in paths)
            node.parent.remove(node)
    for dependency in sorted(env.dependencies.get(docname, ())):
        if not outside(dependency) or shown(dependency) in explained:
            continue
        line = _line_mentioning(env, docname, Path(dependency).name)
        if line is not None:
            _warn(_outside_message(shown(dependency)), (docname, line), "outside-tree")


class GuardedLiteralInclude(LiteralInclude):
    """``literalinclude`` that refuses a file outside the archive before reading it."""

    def run(self):
        _, path = self.env.relfn2path(self.arguments[0])
        if leaves_tree(Path(path), self.env.srcdir):
            _warn(
                Message(N_("literalinclude '{path}' is outside the archive; a page may only include files inside the archive"), path=self.arguments[0]),
                (self.env.docname, self.lineno),
                "outside-tree",
            )
            return []
        return super().run()


class GuardedRaw(Raw):
    """``raw`` that is refused in statements (it would read files or insert markup)."""

    def run(self):
        env = self.state.document.settings.env
        if is_statement(env.docname, env.config):
            _warn(refused_directive_message("raw"), (env.docname, self.lineno), "raw-html")
            return []
        return super().run()


class RefuseRawMarkup(SphinxTransform):
    """Raw HTML in a statement's doctree: an error, and removed.

    The text is checked before parsing (``untrusted.body_problems``); this
    catches raw markup that reaches a statement by any other way.
    """

    default_priority = 100

    def apply(self, **kwargs) -> None:
        if not is_statement(self.env.docname, self.config):
            return
        for node in list(self.document.findall(nodes.raw)):
            _warn(raw_html_message(node.astext()), node, "raw-html")
            node.parent.remove(node)


class UnpublishedStatement(SphinxTransform):
    """A statement file that could not be read becomes a bare page titled with its id.

    Its text is not published, and the navigation still finds a title, so
    the build reports the file's own errors rather than a missing title on every page.
    """

    default_priority = 212  # after reading.StatementPage (200) and the transforms of published text (210, 211)

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        if not is_statement(docname, self.config) or get_domain(self.env).statement_for(docname) is not None:
            return
        statement_id = docname.rsplit("/", 1)[-1]
        section = nodes.section(ids=["statement-not-published"], names=[statement_id])
        section += nodes.title("", statement_id)
        section += nodes.paragraph("", "This statement is not published: its file has errors, listed in the build log.")
        self.document.clear()
        self.document += section
        self.document.note_implicit_target(section)
        self.env.metadata[docname]["nosearch"] = ""  # not published, so not found by search


class RefuseUnsafeLinks(SphinxTransform):
    """``javascript:``, ``data:`` and other non-web links and images: an error, and made inert."""

    default_priority = 900

    def apply(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.reference)):
            url = node.get("refuri")
            if url is None or is_safe_url(url):
                continue
            _warn(unsafe_url_message(url, "link"), node, "unsafe-link")
            inert = nodes.inline("", "", *node.children, classes=["refused-link"])
            node.replace_self(inert)
        for node in list(self.document.findall(nodes.image)):  # type: ignore[assignment]  # images now, in the same name
            url = node.get("uri", "")
            if is_safe_url(url):
                continue
            _warn(unsafe_url_message(url, "image"), node, "unsafe-link")
            node.parent.remove(node)


def check_glossary_case_variants(app, env) -> None:
    """``env-check-consistency``: glossary terms that differ only in case.

    Sphinx reports a term defined twice with the same spelling; term links
    ignore case, so ``TPS`` and ``tps`` would silently link to only one of them.
    """
    by_folded: dict[str, list[tuple[str, str, str]]] = {}
    for (objtype, name), (docname, labelid) in env.domains.standard_domain.objects.items():
        if objtype == "term":
            by_folded.setdefault(name.casefold(), []).append((docname, labelid, name))
    for terms in by_folded.values():
        if len(terms) < 2:
            continue
        if len({_term_entry(env, docname, labelid) for docname, labelid, _ in terms}) < 2:
            continue  # other spellings of one entry's name are not a second definition
        variants = [(docname, _term_line(env, docname, labelid, name), name) for docname, labelid, name in terms]
        first, *others = sorted(variants, key=lambda v: (v[0], v[1] or 0, v[2]))
        for docname, line, name in others:
            _warn(
                Message(
                    N_("glossary term '{term}' is already defined as '{first}' ({path}); term links ignore case, so keep one definition"),
                    term=name, first=first[2], path=_source_path(env, first[0]),
                ),  # fmt: skip
                (docname, line),
                "duplicate-term",
            )


def _term_entry(env, docname: str, labelid: str) -> tuple[str, int | None]:
    """Which glossary entry defines a term: its document and the entry's position there."""
    for index, entry in enumerate(env.get_doctree(docname).findall(nodes.definition_list_item)):
        if any(labelid in term["ids"] for term in entry.findall(nodes.term)):
            return docname, index
    return docname, None


def _term_line(env, docname: str, labelid: str, name: str) -> int | None:
    """The line defining a term: where the source has the term alone on a line, else what the node says."""
    try:
        lines = env.doc2path(docname).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for number, line in enumerate(lines, start=1):
        if line.strip() == name:
            return number
    for term in env.get_doctree(docname).findall(nodes.term):
        if labelid in term["ids"]:
            return term.line
    return None


def quiet_signatories_without_registry(app, domain, node) -> bool | None:
    """``warn-missing-reference``: with no usable registry, its own error is the one message."""
    if node.get("refdomain") == "statement" and node.get("reftype") == "signatory":
        if not get_domain(app.env).registry.signatories:
            return True
    return None


def escape_theme_titles(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: sphinx-book-theme prints these as they are; give it escaped text."""
    for key in ("pagetitle", "root_title"):
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = escape(value)


def no_source_copy_from_outside(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: a source outside the archive is never copied to ``_sources``."""
    if pagename in app.env.all_docs and leaves_tree(app.env.doc2path(pagename), app.env.srcdir):
        context["sourcename"] = ""


def setup(app):
    register_codec()
    app.connect("env-before-read-docs", use_tolerant_decoding)
    app.connect("source-read", refuse_outside_and_undecodable, priority=400)
    app.connect("include-read", check_included_text)
    # Sphinx's collectors run at doctree-read's default priority (500): downloads
    # are refused before they register files, images after they resolve candidates.
    app.connect("doctree-read", refuse_outside_downloads, priority=400)
    app.connect("doctree-read", refuse_outside_dependencies, priority=900)
    app.connect("env-check-consistency", check_glossary_case_variants)
    app.connect("warn-missing-reference", quiet_signatories_without_registry)
    app.connect("html-page-context", escape_theme_titles, priority=900)
    app.connect("html-page-context", no_source_copy_from_outside, priority=900)
    app.add_directive("literalinclude", GuardedLiteralInclude, override=True)
    app.add_directive("raw", GuardedRaw, override=True)
    app.add_transform(RefuseRawMarkup)
    app.add_transform(UnpublishedStatement)
    app.add_transform(RefuseUnsafeLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
