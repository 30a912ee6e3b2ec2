"""A statement's notes: part of its text, at the end of it, numbered in the order they are referenced.

MyST moves every footnote (``[^1]: …``, ``[^source]: …``) to the end of the
document, after docutils has numbered them (its ``CollectFootnotes``
transform, priority 623, after docutils' ``Footnotes``, 620). On a statement
page the document holds only the statement's section, built long before
(``reading.StatementPage``, 200), so the notes landed after that section:
after the related statements and the cite box, outside
``div.statement-text``, where the search index and the search from disk do
not look. ``StatementNotes`` runs right after MyST's transform and moves them
to the end of the statement's text, in a block of their own, ahead of what
follows the text.

Numbers. A note is numbered by the order of its first reference in the text,
whatever its label: in Markdown ``[^2]`` is a label, as ``[^source]`` is, and
a transcribed press release may well reference its ``[^2]`` first. Docutils
takes a numeric label for the number itself, so ``[^2]`` referenced first was
shown as 2 before 1. A reference and its note show the same number, and the
links both ways (``#<note>`` and back to the reference) are docutils' own.

Notes are not numbered paragraphs (``paragraphs.UNNUMBERED``): a pin cite
names a paragraph of the running text ("¶ 4"), a note is cited by its own
number ("n. 2"); and the notes coming after every paragraph, no ``¶`` number
depends on them.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from solidarity_archive.sphinx_ext.doctree import inside
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import lazy
from solidarity_archive.sphinx_ext.reading import is_statement

#: The heading of a statement's notes.
NOTES_HEADING = lazy("Notes")
TEXT_CLASS = "statement-text"
NOTES_CLASS = "statement-notes"


class statement_notes(nodes.General, nodes.Element):
    """A statement's notes, the last block of its text: a heading, then the footnotes."""


class statement_notes_heading(nodes.Part, nodes.TextElement):
    """The heading of the notes (its own node: the first footnote of a list must follow a node
    that is not a footnote for the writer to open the list, and the heading is kept out of the
    search index, being no word of the statement)."""


class StatementNotes(SphinxTransform):
    """Move a statement's notes to the end of its text, numbered in the order they are referenced."""

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        if not is_statement(docname, self.config):
            return
        self._forget_transition()
        notes = list(self.document.findall(nodes.footnote))
        if not notes:
            return
        statement = get_domain(self.env).statement_for(docname)
        text = next((n for n in self.document.findall(nodes.container) if TEXT_CLASS in n["classes"]), None)
        if statement is None or statement.withdrawn is not None or text is None:
            # A tombstone, or a statement not published for its errors: its text is not shown, nor are its notes.
            for note in notes:
                note.parent.remove(note)
            return
        ordered = in_reference_order(text, notes)
        renumber(self.document, ordered)
        block = statement_notes(classes=[NOTES_CLASS])
        block += statement_notes_heading("", str(NOTES_HEADING))
        for note in ordered:
            note.parent.remove(note)
            block += note
        text += block

    def _forget_transition(self) -> None:
        """MyST's line before the notes it collected: the notes' heading stands in its place."""
        for child in list(self.document.children):
            if isinstance(child, nodes.transition) and "footnotes" in child["classes"]:
                self.document.remove(child)


def in_reference_order(text: nodes.Element, notes: list[nodes.footnote]) -> list[nodes.footnote]:
    """The notes in the order of their first reference: from the text, then from notes already
    placed (a note referring to another), then those never referenced, as they stood."""
    by_id = {node_id: note for note in notes for node_id in note["ids"]}
    ordered: list[nodes.footnote] = []

    def take(references) -> None:
        for reference in references:
            note = by_id.get(reference.get("refid", ""))
            if note is not None and not any(note is placed for placed in ordered):
                ordered.append(note)

    take(ref for ref in text.findall(nodes.footnote_reference) if not inside(ref, text, (nodes.footnote,)))
    index = 0
    while index < len(ordered):  # grows as notes refer to notes not yet placed
        take(list(ordered[index].findall(nodes.footnote_reference)))
        index += 1
    return ordered + [note for note in notes if not any(note is placed for placed in ordered)]


def renumber(document: nodes.document, ordered: list[nodes.footnote]) -> None:
    """Number the notes 1, 2, 3… as ordered: each note's label and every reference to it."""
    numbers = {node_id: str(number) for number, note in enumerate(ordered, start=1) for node_id in note["ids"]}
    for note, number in ((note, numbers[note["ids"][0]]) for note in ordered if note["ids"]):
        if note.children and isinstance(note[0], nodes.label):
            note[0][:] = [nodes.Text(number)]
        else:  # docutils labels every note it numbered; one that escaped it still shows its number
            note.insert(0, nodes.label("", number))
    for reference in document.findall(nodes.footnote_reference):
        number = numbers.get(reference.get("refid", ""))  # type: ignore[assignment]  # None: a reference to no numbered note
        if number is not None:
            reference[:] = [nodes.Text(number)]


# -- how the two nodes are written -------------------------------------------------


def visit_notes_html(self, node: statement_notes) -> None:
    self.body.append(self.starttag(node, "section", role="doc-endnotes"))


def visit_notes_epub(self, node: statement_notes) -> None:
    # epub:type names the notes for reading systems, as role does for assistive technologies.
    self.body.append(self.starttag(node, "section", role="doc-endnotes", **{"epub:type": "endnotes"}))


def depart_notes(self, node: statement_notes) -> None:
    self.body.append("</section>\n")


def visit_heading(self, node: statement_notes_heading) -> None:
    # Not indexed for search: "Notes" is no word of the statement.
    self.body.append(self.starttag(node, "h2", "", CLASS="statement-notes-heading", **{"data-pagefind-ignore": ""}))


def depart_heading(self, node: statement_notes_heading) -> None:
    self.body.append("</h2>\n")


def setup(app):
    app.add_node(statement_notes, html=(visit_notes_html, depart_notes), epub=(visit_notes_epub, depart_notes))
    app.add_node(statement_notes_heading, html=(visit_heading, depart_heading), epub=(visit_heading, depart_heading))
    # The notes move in the pickled doctrees: a change here re-reads every page.
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
