"""Docutils nodes for a statement's title, header block and editorial note."""

from __future__ import annotations

from docutils import nodes

from solidarity_archive.core.languages import format_date
from solidarity_archive.core.model import Statement
from solidarity_archive.sphinx_ext.archival import TEXT, original_link
from solidarity_archive.sphinx_ext.domain import pending_signatory
from solidarity_archive.sphinx_ext.i18n import _, kind_label, language_label, lazy
from solidarity_archive.sphinx_ext.xref import pending_facet


def _field(label: str, *body: nodes.Node, classes: tuple[str, ...] = ()) -> nodes.field:
    field = nodes.field(classes=list(classes))
    field += nodes.field_name("", label)
    paragraph = nodes.paragraph()
    paragraph.extend(body)
    field += nodes.field_body("", paragraph)
    return field


def place_links(statement: Statement) -> nodes.inline:
    """The place, its city linked to the place's page and its country to the country's."""
    place = nodes.inline(classes=["statement-place"])
    place += pending_facet("place", statement.place.label, nodes.Text(statement.place.city))
    place += nodes.Text(", ")
    place += pending_facet("country", statement.place.country, nodes.Text(statement.place.country))
    return place


#: How many signatories the header block names before "and N more".
HEADER_SIGNATORIES = 12
#: The anchor of the whole list after the text, in the ePub.
ALL_SIGNATORIES_ID = "all-signatories"
#: Reader-facing words of a long list.
ALL_SIGNATORIES_HEADING = lazy("Signatories ({count})")
AFTER_TEXT = lazy("the whole list follows the text")
AND_MORE = lazy("and {count} more")


class signatories_more(nodes.General, nodes.Element):
    """The signatories after the first ``HEADER_SIGNATORIES``: on the website a
    ``<details>`` that expands in place, without scripts; in the ePub a line
    pointing to the whole list after the text (``signatories_after_text``)."""


class signatories_after_text(nodes.General, nodes.Element):
    """A long list of signatories, whole, after the text: printed in the ePub only."""


def _signatory_refs(sids) -> list[nodes.Node]:
    refs: list[nodes.Node] = []
    for index, sid in enumerate(sids):
        if index:
            refs.append(nodes.Text("; "))
        refs.append(pending_signatory(sid))
    return refs


def signatories_after_text_block(statement: Statement) -> signatories_after_text | None:
    """The whole list of a statement with more than ``HEADER_SIGNATORIES`` signatories."""
    if len(statement.signatories) <= HEADER_SIGNATORIES:
        return None
    block = signatories_after_text(ids=[ALL_SIGNATORIES_ID], classes=["statement-all-signatories"])
    block += nodes.rubric("", str(ALL_SIGNATORIES_HEADING).format(count=len(statement.signatories)))
    block += nodes.paragraph("", "", *_signatory_refs(statement.signatories))
    return block


# -- how the two nodes are written -------------------------------------------------


def visit_more_html(self, node: signatories_more) -> None:
    self.body.append(self.starttag(node, "details", CLASS="signatories-more"))
    self.body.append(f"<summary>{self.encode(node['summary'])}</summary>")


def depart_more_html(self, node: signatories_more) -> None:
    self.body.append("</details>")


def visit_more_epub(self, node: signatories_more) -> None:
    self.body.append(self.starttag(node, "p", CLASS="signatories-more"))
    self.body.append(f'{self.encode(node["summary"])}: <a href="#{ALL_SIGNATORIES_ID}">{self.encode(str(AFTER_TEXT))}</a></p>')
    raise nodes.SkipNode


def skip(self, node) -> None:
    raise nodes.SkipNode


def visit_after_text_epub(self, node: signatories_after_text) -> None:
    self.body.append(self.starttag(node, "div"))


def depart_after_text_epub(self, node: signatories_after_text) -> None:
    self.body.append("</div>")


def register(app) -> None:
    app.add_node(signatories_more, html=(visit_more_html, depart_more_html), epub=(visit_more_epub, None))
    app.add_node(signatories_after_text, html=(skip, None), epub=(visit_after_text_epub, depart_after_text_epub))


def header_block(statement: Statement, language: str = "en") -> nodes.container:
    """The block under the title: date, place, signatories, language, kind."""
    date_text: list[nodes.Node] = [
        pending_facet("year", str(statement.year), nodes.inline("", format_date(statement.date, language), classes=["statement-date"]))
    ]
    if statement.date_as_printed:
        date_text.append(nodes.inline("", _(" (printed as “{printed}”)").format(printed=statement.date_as_printed), classes=["statement-date-as-printed"]))
    shown, rest = statement.signatories[:HEADER_SIGNATORIES], statement.signatories[HEADER_SIGNATORIES:]

    fields = nodes.field_list(classes=["statement-fields"])
    fields += _field(_("Date"), *date_text, classes=("date",))
    fields += _field(_("Place"), place_links(statement), classes=("place",))
    signatories = _field(_("Signatories"), *_signatory_refs(shown), classes=("signatories",))
    if rest:
        more = signatories_more(summary=str(AND_MORE).format(count=len(rest)))
        more += nodes.paragraph("", "", nodes.Text("; "), *_signatory_refs(rest))
        signatories[1] += more  # type: ignore[operator, call-overload]  # the field's body, an Element
    fields += signatories
    fields += _field(_("Language"), nodes.Text(language_label(statement.language, language)), classes=("language",))
    fields += _field(_("Kind"), nodes.Text(kind_label(statement.kind)), classes=("kind",))
    if statement.original is not None:
        fields += _field(TEXT["original field"], original_link(statement_id=statement.id), classes=("original",))
    block = nodes.container(classes=["statement-header"])
    block += fields
    return block


def note_block(statement: Statement) -> nodes.container | None:
    """The editorial note, set apart from the statement's own text."""
    if not statement.note:
        return None
    block = nodes.container(classes=["statement-note"])
    block += nodes.rubric("", _("Editorial note"))
    for paragraph in statement.note.split("\n\n"):
        block += nodes.paragraph("", paragraph)
    return block


def corrections_block(statement: Statement, language: str = "en") -> nodes.container | None:
    """Every correction, oldest first, under the header: "Corrected on 3 March 2016: …"."""
    if not statement.corrections:
        return None
    block = nodes.container(classes=["statement-corrections"])
    for correction in sorted(statement.corrections, key=lambda c: c.date):
        paragraph = nodes.paragraph(classes=["statement-correction"])
        paragraph += nodes.strong("", TEXT["corrected on"].format(date=format_date(correction.date, language)))
        paragraph += nodes.Text(" " + correction.change)
        block += paragraph
    return block


def withdrawn_block(statement: Statement, language: str = "en") -> nodes.container:
    """The tombstone of a withdrawn statement: when, why, and that its address and reference stay."""
    assert statement.withdrawn is not None
    block = nodes.container(classes=["statement-withdrawn"])
    block += nodes.rubric("", TEXT["withdrawn heading"])
    block += nodes.paragraph("", TEXT["withdrawn on"].format(date=format_date(statement.withdrawn.date, language), reason=statement.withdrawn.reason))
    block += nodes.paragraph("", TEXT["withdrawn cite"])
    return block
