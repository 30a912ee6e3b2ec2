"""The archive as an EPUB 3 book that passes epubcheck.

The builder keeps Sphinx's ePub machinery and changes what epubcheck or a
reader needs: one identifier in the package and the NCX, every language the
statements are written in (and each page's own), a cover drawn by the build,
the general index in the table of contents, and no scripts or remote style
sheets.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import escape
from sphinx.builders.epub3 import HTML_TAG, Epub3Builder
from sphinx.util import logging

from solidarity_archive.formats.cover import draw_cover
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import lazy, statements_count
from solidarity_archive.sphinx_ext.urls import online_url

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
DESCRIPTION_ON_COVER = 160
INDEX_TITLE = lazy("Index")


def _is_remote(uri: str) -> bool:
    return "://" in uri or uri.startswith("//")


class ArchiveBookBuilder(Epub3Builder):
    """``-b epub``: the archive (or a dossier) as one EPUB 3 file."""

    template_dir = TEMPLATES  # type: ignore[assignment]  # a Path, which Sphinx reads as it reads a str


    # -- no scripts, no remote resources -----------------------------------

    def init_js_files(self) -> None:
        super().init_js_files()
        self._js_files = []

    def add_js_file(self, filename: str, **kwargs: Any) -> None:
        """Scripts are HTML-only: an ePub reader may not run them."""

    def add_css_file(self, filename: str, **kwargs: Any) -> None:
        if not _is_remote(filename):
            super().add_css_file(filename, **kwargs)

    # -- reading order and table of contents ------------------------------

    def get_toc(self) -> None:
        """Sphinx joins the home page's folder to the toctree's relative links without
        normalising them (``source/../statements/…``), so the spine would name files
        that are not in the manifest. Normalised links restore the reading order."""
        super().get_toc()
        for item in self.refnodes:
            path, hash_, fragment = item["refuri"].partition("#")
            item["refuri"] = posixpath.normpath(path) + hash_ + fragment
        if self.use_index:
            self.refnodes.append({"level": 1, "refuri": "genindex" + self.out_suffix, "text": INDEX_TITLE})

    def navigation_doc_metadata(self, navlist) -> dict[str, Any]:
        metadata = super().navigation_doc_metadata(navlist)
        landmarks = []
        if self.config.epub_cover and self.config.epub_cover[1]:
            landmarks.append(("cover", self.coverpage_name, self.guide_titles["cover"]))
        landmarks.append(("bodymatter", html.escape(self.config.root_doc + self.out_suffix), html.escape(self.config.epub_title)))
        if self.use_index:
            landmarks.append(("index", "genindex" + self.out_suffix, INDEX_TITLE))
        metadata["landmarks"] = landmarks
        return metadata

    def toc_metadata(self, level: int, navpoints) -> dict[str, Any]:
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = html.escape(self.config.epub_identifier)
        return metadata

    # -- package metadata ---------------------------------------------------

    def book_languages(self) -> list[str]:
        """The book's language first, then every other language of its statements."""
        languages = [self.config.epub_language]
        for statement in get_domain(self.env).chronological():
            if statement.language not in languages:
                languages.append(statement.language)
        return languages

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        metadata["languages"] = [html.escape(language) for language in self.book_languages()]
        # Pages with inline SVG (the charts per year) say so in the manifest, as EPUB 3 requires.
        metadata["svg_pages"] = {
            path.relative_to(self.outdir).as_posix()
            for path in Path(self.outdir).rglob("*.xhtml")
            if "<svg" in path.read_text(encoding="utf-8")
        }
        return metadata

    # -- the cover ------------------------------------------------------------

    def cover_lines(self) -> tuple[str, ...]:
        statements = get_domain(self.env).chronological()
        if not statements:
            return (self.config.epub_publisher,)
        first, last = statements[0].year, statements[-1].year
        years = str(first) if first == last else f"{first}–{last}"
        count = f"{statements_count(len(statements))}, {years}"
        return (count, self.config.epub_publisher)

    def draw_cover(self) -> None:
        image = self.config.epub_cover[0] if self.config.epub_cover else ""
        if not image:
            return
        description = self.config.epub_description
        subtitle = description if len(description) <= DESCRIPTION_ON_COVER else ""
        draw_cover(Path(self.outdir, image), self.config.epub_title, subtitle, self.cover_lines())

    def handle_finish(self) -> None:
        logger.info("drawing the cover...")
        self.draw_cover()
        super().handle_finish()


def page_language(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: each page of the book says its language (a Spanish statement: ``es``)."""
    if not isinstance(app.builder, ArchiveBookBuilder):
        return
    language = escape(context.get("language") or app.config.epub_language)
    context["html_tag"] = HTML_TAG.replace("<html ", f'<html lang="{language}" xml:lang="{language}" ', 1)


#: The front matter's word on where the archive lives (one place, for translation).
ONLINE_NOTICE = (lazy("This book is a copy of the archive kept online at "), lazy(", where it is kept up to date and can be searched."))


def online_notice(app, doctree, docname) -> None:
    """``doctree-resolved``: the book's first page says where the online archive is."""
    if not isinstance(app.builder, ArchiveBookBuilder) or docname != app.config.root_doc:
        return
    url = online_url(app.config, "")
    section = next(iter(doctree.findall(nodes.section)), None)
    if url is None or section is None:
        return
    notice = nodes.paragraph("", str(ONLINE_NOTICE[0]), classes=["online-archive"])
    notice += nodes.reference("", url, refuri=url)
    notice += nodes.Text(str(ONLINE_NOTICE[1]))
    section.insert(1, notice)


def setup(app):
    app.add_builder(ArchiveBookBuilder, override=True)
    app.connect("doctree-resolved", online_notice)
    # After the statement page has set its language.
    app.connect("html-page-context", page_language, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
