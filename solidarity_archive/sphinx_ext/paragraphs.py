"""Numbered paragraphs: every paragraph and list item of a statement's text
gets a number that links to itself (``#p1``, ``#p2``, …), for pin cites.

Docutils nodes only, so HTML and ePub show the same numbers. The header
block and the editorial note sit outside ``div.statement-text`` and are not
numbered.

The statement and each numbered paragraph are also labels (``<id>`` and
``<id>-p<N>``), kept in the archive's own domain, per document, while the page
is read. They are written to ``objects.inv`` as ``std:label``: another project
with only ``sphinx.ext.intersphinx`` cites them with
``:external+archive:ref:`<id>-p4```, and the archive's pages with ``{ref}``.
"""

from __future__ import annotations

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.transforms import SphinxTransform

from solidarity_archive.sphinx_ext.doctree import inside
from solidarity_archive.sphinx_ext.domain import get_domain, paragraph_id
from solidarity_archive.sphinx_ext.i18n import _
from solidarity_archive.sphinx_ext.warning import warn


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
    return blocks  # type: ignore[return-value]  # only elements are kept


UNNUMBERED = (nodes.footnote, nodes.citation, nodes.table)


def number_marker(number: int) -> nodes.reference:
    """The visible number: a link to the paragraph itself."""
    return nodes.reference(
        "", str(number), refid=paragraph_id(number), classes=["paragraph-number"], reftitle=_("Paragraph {number} (¶ {number})").format(number=number)
    )


class NumberParagraphs(SphinxTransform):
    """Number the text of a statement page built by ``reading.StatementPage``."""

    def apply(self, **kwargs) -> None:
        statement = get_domain(self.env).statement_for(self.env.docname)
        if statement is None:
            return
        for text in self.document.findall(nodes.container):
            if "statement-text" in text["classes"]:
                numbered = self._number(text)
                self._add_labels(statement, numbered)
                return

    def _add_labels(self, statement, numbered: list[tuple[int, nodes.Element]]) -> None:
        """The statement (its page) and each numbered paragraph (``#pN``) as the archive's labels."""
        title = " ".join(statement.title.split())
        paragraphs = [(number, get_source_line(block)[1]) for number, block in numbered]
        get_domain(self.env).note_labels(self.env.docname, statement.id, title, paragraphs)

    def _number(self, text: nodes.container) -> list[tuple[int, nodes.Element]]:
        numbered = []
        for number, block in enumerate(numbered_blocks(text), start=1):
            anchor = paragraph_id(number)
            if anchor in self.document.ids:
                warn(
                    f"paragraph anchor '#{anchor}' is already used by another target on this page; expected '#{anchor}' to be free for paragraph {number}",
                    block,
                    "paragraph",
                )
                continue
            block["ids"].insert(0, anchor)
            self.document.ids[anchor] = block
            numbered.append((number, block))
            block["classes"].append("numbered")
            target = block
            if isinstance(block, nodes.list_item):
                target = next(iter(block.findall(nodes.TextElement)), None)  # type: ignore[assignment]  # None is handled below
                if target is None:
                    target = nodes.paragraph()
                    block.insert(0, target)
            target.insert(0, nodes.Text(" "))
            target.insert(0, number_marker(number))
        return numbered


def setup(app):
    # Numbers live in the pickled doctrees, labels in the environment: a change to
    # either must re-read every page.
    return {"env_version": 4, "parallel_read_safe": True, "parallel_write_safe": True}
