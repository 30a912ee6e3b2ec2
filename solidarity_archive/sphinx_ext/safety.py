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

from solidarity_archive.core.languages import N_, Message
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
from solidarity_archive.sphinx_ext.reading import REFUSED_SOURCE, is_statement
from solidarity_archive.sphinx_ext.warning import warn


def use_tolerant_decoding(app, config) -> None:
    """``config-inited``: read sources with the tolerant UTF-8 codec.

    A byte that is not UTF-8 must become a located error, not a traceback
    that stops the build. Sphinx 9 reads every source itself, strictly, in
    the ``source_encoding`` setting's encoding, and has no public hook before
    that read; so the setting names the tolerant codec, which decodes UTF-8
    as UTF-8 does. It is set after Sphinx's own ``config-inited`` check of it
    (priority 790), which warns that encodings other than UTF-8 go away in
    Sphinx 10: ``tests/sphinx_ext/test_untrusted_build.py`` fails the day Sphinx stops
    honouring it.
    """
    config.source_encoding = TOLERANT_UTF8


def _source_path(env, docname: str) -> str:
    return str(env.doc2path(docname, False)).replace("\\", "/")


def refuse_outside_and_undecodable(app, docname: str, source: list[str]) -> None:
    """``source-read`` (before the frontmatter is read): files outside the tree, bad bytes."""
    env = app.env
    if leaves_tree(env.doc2path(docname), env.srcdir):
        warn(outside_tree_message(_source_path(env, docname)), (docname, 1), "outside-tree")
        source[0] = ""
        env.current_document[REFUSED_SOURCE] = True
        return
    if is_statement(docname, app.config):
        return  # the frontmatter reader reports bad bytes, and normalises, with everything else
    problem = encoding_problem(_source_path(env, docname), source[0])
    if problem is not None:
        warn(problem.text or problem.message, (docname, problem.line), problem.subtype)
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
        warn(problem.text or problem.message, f"{Path(app.srcdir, relative_path)}:{problem.line}", problem.subtype)
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
            warn(_outside_message(shown), node, "outside-tree")
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
            warn(_outside_message(shown(paths[0])), node, "outside-tree")
            explained.update(shown(path) for path in paths)
            node.parent.remove(node)
    for dependency in sorted(env.dependencies.get(docname, ())):
        if not outside(dependency) or shown(dependency) in explained:
            continue
        line = _line_mentioning(env, docname, Path(dependency).name)
        if line is not None:
            warn(_outside_message(shown(dependency)), (docname, line), "outside-tree")


class GuardedLiteralInclude(LiteralInclude):
    """``literalinclude`` that refuses a file outside the archive before reading it."""

    def run(self):
        _, path = self.env.relfn2path(self.arguments[0])
        if leaves_tree(Path(path), self.env.srcdir):
            warn(
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
            warn(refused_directive_message("raw"), (env.docname, self.lineno), "raw-html")
            return []
        return super().run()


class RefuseRawMarkup(SphinxTransform):
    """Raw HTML in a statement's doctree: an error, and removed.

    The text is checked before parsing (``untrusted.body_problems``); this
    catches raw markup that reaches a statement by any other way.
    """

    def apply(self, **kwargs) -> None:
        if not is_statement(self.env.docname, self.config):
            return
        for node in list(self.document.findall(nodes.raw)):
            warn(raw_html_message(node.astext()), node, "raw-html")
            node.parent.remove(node)


class UnpublishedStatement(SphinxTransform):
    """A statement file that could not be read becomes a bare page titled with its id.

    Its text is not published, and the navigation still finds a title, so
    the build reports the file's own errors rather than a missing title on every page.
    """

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

    def apply(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.reference)):
            url = node.get("refuri")
            if url is None or is_safe_url(url):
                continue
            warn(unsafe_url_message(url, "link"), node, "unsafe-link")
            inert = nodes.inline("", "", *node.children, classes=["refused-link"])
            node.replace_self(inert)
        for node in list(self.document.findall(nodes.image)):  # type: ignore[assignment]  # images now, in the same name
            url = node.get("uri", "")
            if is_safe_url(url):
                continue
            warn(unsafe_url_message(url, "image"), node, "unsafe-link")
            node.parent.remove(node)


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
    app.add_directive("literalinclude", GuardedLiteralInclude, override=True)
    app.add_directive("raw", GuardedRaw, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
