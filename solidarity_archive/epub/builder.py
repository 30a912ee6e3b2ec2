"""The archive as an EPUB 3 book that passes epubcheck.

The builder keeps Sphinx's ePub machinery and changes what epubcheck or a
reader needs: one identifier in the package and the NCX, every language the
statements are written in (and each page's own), a cover drawn by the build,
the general index in the table of contents, the accessibility metadata of EPUB
Accessibility 1.1, no page of the website alone (its 404 page), and no scripts
or remote style sheets.

The package document and the navigation document are copies of Sphinx's
templates (which have no blocks to extend), each saying what it changes and
the hash of the Sphinx template it was copied from; the NCX is Sphinx's own.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import escape
from sphinx.builders.epub3 import HTML_TAG, Epub3Builder
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset_file

from solidarity_archive.formats.cover import draw_cover
from solidarity_archive.sphinx_ext.builders import website_only_docnames
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import interface_language, lazy, statements_count
from solidarity_archive.sphinx_ext.urls import online_url

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
#: The book's own style sheet (code that wraps instead of scrolling), after the website's.
STATIC = Path(__file__).parent / "static"
BOOK_CSS = "archive-book.css"
DESCRIPTION_ON_COVER = 160
INDEX_TITLE = lazy("Index")


def _is_remote(uri: str) -> bool:
    return "://" in uri or uri.startswith("//")


class ArchiveBookBuilder(Epub3Builder):
    """``-b epub``: the archive (or a dossier) as one EPUB 3 file."""

    template_dir = TEMPLATES  # type: ignore[assignment]  # a Path, which Sphinx reads as it reads a str

    # -- no scripts, no remote resources -----------------------------------

    def add_js_file(self, filename: str, **kwargs: Any) -> None:
        """Scripts are HTML-only: an ePub reader may not run them.

        Sphinx adds its own scripts, the extensions' and ``html_js_files``
        through this method, so none reaches a page of the book.
        """

    def add_css_file(self, filename: str, **kwargs: Any) -> None:
        if not _is_remote(filename):
            super().add_css_file(filename, **kwargs)

    def init_css_files(self) -> None:
        super().init_css_files()
        self.add_css_file(BOOK_CSS, priority=900)

    def copy_html_static_files(self, context: dict[str, Any]) -> None:
        super().copy_html_static_files(context)
        copy_asset_file(STATIC / BOOK_CSS, Path(self.outdir, "_static"), force=True)

    # -- the book's pages ----------------------------------------------------

    def write_documents(self, docnames) -> None:
        """Every page but the website's own (its 404 page): they have no place in a book."""
        website_only = website_only_docnames(self.config)
        for docname in website_only:
            # One an earlier build wrote would still be packed.
            Path(self.outdir, self.get_target_uri(docname)).unlink(missing_ok=True)
        super().write_documents(set(docnames) - website_only)

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
        pictures = BookPictures.of(self.book_pages(), cover=self.coverpage_name)
        # Pages with inline SVG (the charts per year) say so in the manifest, as EPUB 3 requires.
        metadata["svg_pages"] = pictures.svg_pages
        metadata["accessibility"] = [(name, html.escape(value), html.escape(language)) for name, value, language in self.accessibility_metadata(pictures)]
        return metadata

    def book_pages(self) -> Iterator[tuple[str, str]]:
        """The written pages of the book: path in it, text."""
        for path in sorted(Path(self.outdir).rglob("*.xhtml")):
            yield path.relative_to(self.outdir).as_posix(), path.read_text(encoding="utf-8")

    def accessibility_metadata(self, pictures: BookPictures) -> list[tuple[str, str, str]]:
        """EPUB Accessibility 1.1 (schema.org) metadata: ``(property, value, language)``, as the book is.

        Text first; visual too where a page shows an image or a chart (the
        cover alone does not count), and text alone suffices when every one of
        them has a text alternative (an image's ``alt``, a chart's title and
        table). No claim of conformance to WCAG: automatic checkers (Ace,
        axe, epubcheck) find no fault, but they cannot tell it.
        """
        described = pictures.all_described
        metadata = [("schema:accessMode", "textual")]
        if pictures.visual:
            metadata.append(("schema:accessMode", "visual"))
        if described:
            metadata.append(("schema:accessModeSufficient", "textual"))
        if pictures.visual:
            metadata.append(("schema:accessModeSufficient", "textual,visual"))
        features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
        if self.use_index:
            features.append("index")
        if described:
            features.append("alternativeText")
        metadata += [("schema:accessibilityFeature", feature) for feature in features]
        metadata.append(("schema:accessibilityHazard", "none"))
        sentences = (SUMMARY, SUMMARY_INDEX if self.use_index else None, SUMMARY_PICTURES if described and pictures.visual else None)
        summary = " ".join(str(sentence) for sentence in sentences if sentence)
        rows = [(name, value, "") for name, value in metadata]
        language = interface_language(self.config)
        rows.append(("schema:accessibilitySummary", summary, "" if language == self.config.epub_language else language))
        return rows

    # -- the cover ------------------------------------------------------------

    def cover_lines(self) -> tuple[str, ...]:
        statements = get_domain(self.env).chronological()
        if not statements:
            return (self.config.epub_publisher,)
        first, last = statements[0].year, statements[-1].year
        years = str(first) if first == last else f"{first}–{last}"
        count = f"{statements_count(len(statements))}, {years}"
        return (count, self.config.epub_publisher)

    def cover_subtitle(self) -> str:
        description = self.config.epub_description
        return description if len(description) <= DESCRIPTION_ON_COVER else ""

    def cover_text(self) -> str:
        """What the cover shows, as its image's text alternative: title, count and years, publisher.

        Not the description under the title, which the package gives (``dc:description``)
        and which a project may not translate into the interface language.
        """
        parts = (self.config.epub_title, *self.cover_lines())
        return " ".join(part if part.endswith((".", "!", "?")) else part + "." for part in parts if part)

    def draw_cover(self) -> None:
        image = self.config.epub_cover[0] if self.config.epub_cover else ""
        if not image:
            return
        draw_cover(Path(self.outdir, image), self.config.epub_title, self.cover_subtitle(), self.cover_lines())

    def handle_page(self, pagename: str, addctx: dict[str, Any], templatename: str = "page.html", **kwargs: Any) -> None:
        """The cover page's image says what the cover shows (``epub-cover.html`` in the package's templates)."""
        if pagename + self.out_suffix == self.coverpage_name:
            addctx = {**addctx, "cover_text": self.cover_text()}
        super().handle_page(pagename, addctx, templatename, **kwargs)

    def handle_finish(self) -> None:
        logger.info("drawing the cover...")
        self.draw_cover()
        super().handle_finish()


#: The accessibility summary, in the interface language, a sentence for each thing that holds.
SUMMARY = lazy(
    "The text of every page can be read aloud, enlarged and restyled, in its reading order; headings and the table of contents lead to every statement."
)
SUMMARY_INDEX = lazy("An index of titles, signatories, places and terms leads to the statements as well.")
SUMMARY_PICTURES = lazy("Every image and chart has a text alternative: charts come with their figures as a table.")

IMG = re.compile(r"<img\b[^>]*>")
ALT = re.compile(r'\salt="([^"]*)"')
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


@dataclass(frozen=True)
class BookPictures:
    """The book's images and charts, read from its written pages."""

    #: The pages that draw SVG (the charts), by path in the book.
    svg_pages: set[str]
    #: A page other than the cover shows an image or a chart.
    visual: bool
    #: Every image has an ``alt`` and every chart a title and a table.
    all_described: bool

    @classmethod
    def of(cls, pages: Iterable[tuple[str, str]], cover: str) -> BookPictures:
        """From ``(path, text)`` of each page; the ``cover`` page's image alone does not make the book visual."""
        svg_pages, visual, described = set(), False, True
        for path, text in pages:
            charts = SVG.findall(text)
            if charts:
                svg_pages.add(path)
            images = IMG.findall(text)
            if path != cover and (charts or images):
                visual = True
            for image in images:
                alt = ALT.search(image)
                described &= bool(alt and alt.group(1).strip())
            for chart in charts:
                described &= "<title" in chart and "<table" in text
        return cls(svg_pages, visual, described)


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
    return {"parallel_read_safe": True, "parallel_write_safe": True}
