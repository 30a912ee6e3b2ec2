"""Docutils nodes for a statement's title, header block and editorial note."""

from __future__ import annotations

from docutils import nodes

from solidarity_archive.core.languages import format_date
from solidarity_archive.core.model import Statement
from solidarity_archive.sphinx_ext.archival import TEXT, original_link
from solidarity_archive.sphinx_ext.domain import pending_signatory
from solidarity_archive.sphinx_ext.i18n import _, kind_label, language_label
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


def header_block(statement: Statement, language: str = "en") -> nodes.container:
    """The block under the title: date, place, signatories, language, kind."""
    date_text = [pending_facet("year", str(statement.year), nodes.inline("", format_date(statement.date, language), classes=["statement-date"]))]
    if statement.date_as_printed:
        date_text.append(
            nodes.inline("", _(" (printed as “{printed}”)").format(printed=statement.date_as_printed), classes=["statement-date-as-printed"])
        )
    signatories: list[nodes.Node] = []
    for index, sid in enumerate(statement.signatories):
        if index:
            signatories.append(nodes.Text("; "))
        signatories.append(pending_signatory(sid))

    fields = nodes.field_list(classes=["statement-fields"])
    fields += _field(_("Date"), *date_text, classes=("date",))
    fields += _field(_("Place"), place_links(statement), classes=("place",))
    fields += _field(_("Signatories"), *signatories, classes=("signatories",))
    fields += _field(_("Language"), nodes.Text(language_label(statement.language)), classes=("language",))
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
