"""Numbered paragraphs: every paragraph and list item of a statement's text
gets a number that links to itself (``#p1``, ``#p2``, …), for pin cites.

Docutils nodes only, so HTML and ePub show the same numbers. The header
block and the editorial note sit outside ``div.statement-text`` and are not
numbered.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from solidarity_archive.sphinx_ext.doctree import inside
from solidarity_archive.sphinx_ext.domain import get_domain

logger = logging.getLogger(__name__)


def paragraph_id(number: int) -> str:
    return f"p{number}"


def numbered_blocks(text: nodes.Element) -> list[nodes.Element]:
    """The statement's paragraphs and list items, in reading order.

    A list item is numbered once, as a whole; the paragraphs inside it are not.
    Footnotes and tables are apparatus, not running text, and are not numbered.
    """
    blocks = []
    for node in text.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.list_item))):
        if inside(node, text, UNNUMBERED):
            continue
        if isinstance(node, nodes.paragraph) and inside(node, text, (nodes.list_item,)):
            continue
        blocks.append(node)
    return blocks


UNNUMBERED = (nodes.footnote, nodes.citation, nodes.table)


def number_marker(number: int) -> nodes.reference:
    """The visible number: a link to the paragraph itself."""
    return nodes.reference(
        "", str(number), refid=paragraph_id(number), classes=["paragraph-number"], reftitle=f"Paragraph {number} (¶ {number})"
    )


class NumberParagraphs(SphinxTransform):
    """Number the text of a statement page built by ``reading.StatementPage``."""

    default_priority = 210  # after StatementPage (200), before TermLinks (211)

    def apply(self, **kwargs) -> None:
        if get_domain(self.env).statement_for(self.env.docname) is None:
            return
        for text in self.document.findall(nodes.container):
            if "statement-text" in text["classes"]:
                self._number(text)
                return

    def _number(self, text: nodes.container) -> None:
        for number, block in enumerate(numbered_blocks(text), start=1):
            anchor = paragraph_id(number)
            if anchor in self.document.ids:
                logger.warning(
                    f"paragraph anchor '#{anchor}' is already used by another target on this page; "
                    f"expected '#{anchor}' to be free for paragraph {number}",
                    location=block,
                    type="statement",
                    subtype="paragraph",
                )
                continue
            block["ids"].insert(0, anchor)
            self.document.ids[anchor] = block
            block["classes"].append("numbered")
            target = block
            if isinstance(block, nodes.list_item):
                target = next(iter(block.findall(nodes.TextElement)), None)
                if target is None:
                    target = nodes.paragraph()
                    block.insert(0, target)
            target.insert(0, nodes.Text(" "))
            target.insert(0, number_marker(number))


def setup(app):
    app.add_transform(NumberParagraphs)
    # Numbers live in the pickled doctrees: a change to numbering must re-read every page.
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
