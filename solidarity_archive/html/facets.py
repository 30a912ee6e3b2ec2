"""Pages per signatory, place and country, and the "all places" overview.

In HTML each signatory, place and country gets its own small page, written at
``html-collect-pages`` with the theme's ``page.html`` (nothing is written into
the source tree, and no page carries the whole archive). The overview pages
then list names, counts and links. In other formats (ePub) there are no extra
pages: the overview pages carry the full listings instead, in reading order.

Like Sphinx with its own pages, an incremental build leaves a facet page alone
when nothing it shows has changed: each page carries a fingerprint of its body
and of the HTML settings it was written with, and is written again when it
differs or when a template is newer than the page.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Sequence

from docutils import nodes

from solidarity_archive.core.model import Statement
from solidarity_archive.core.pages import Placed, kept_spellings
from solidarity_archive.core.text import ascii_slug
from solidarity_archive.html.charts import chart_node
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _, date, statements_count
from solidarity_archive.sphinx_ext.listings import FACET_SHOWN, statement_list, statement_listing
from solidarity_archive.sphinx_ext.placeholders import place_listing, signatory_index, term_index
from solidarity_archive.sphinx_ext.xref import (
    country_page,
    get_xref,
    place_page,
    signatory_page,
)

#: How many co-signatories a signatory's page names.
COSIGNATORIES_SHOWN = 5


def newest_first(statements) -> list[Statement]:
    return sorted(statements, key=lambda s: s.sort_key, reverse=True)


def span_text(config, statements: list[Statement]) -> str:
    """ "3 statements, 19 January 2016 to 2 May 2019"."""
    if not statements:
        return _("No statements yet.")
    dates = sorted(s.date for s in statements)
    first, last = date(config, dates[0]), date(config, dates[-1])
    span = first if dates[0] == dates[-1] else _("{first} to {last}").format(first=first, last=last)
    return _("{count}, {span}.").format(count=statements_count(len(statements)), span=span)


def link(builder, fromname: str, toname: str, text: str, anchor: str = "") -> nodes.reference:
    uri = builder.get_relative_uri(fromname, toname) + (f"#{anchor}" if anchor else "")
    return nodes.reference("", text, internal=True, refuri=uri)


class Facets:
    """The archive grouped by signatory, place and country: built once per use, from domain data."""

    def __init__(self, env):
        domain = get_domain(env)
        self.registry = domain.registry
        self.by_signatory: dict[str, list[Statement]] = defaultdict(list)
        self.by_place: dict[str, list[Statement]] = defaultdict(list)
        self.by_country: dict[str, list[Statement]] = defaultdict(list)
        listed = newest_first(domain.listed())
        # Two spellings of one page (refused, see core.pages) are one page listing both, under the kept spelling.
        self.place_of, self.country_of = kept_spellings(Placed(s, s.docname, 0) for s in listed)
        for statement in listed:
            for sid in statement.signatories:
                self.by_signatory[sid].append(statement)
            self.by_place[self.place_of[statement.place.label]].append(statement)
            self.by_country[self.country_of[statement.place.country]].append(statement)

    def cosignatories(self, signatory_id: str) -> list[tuple[str, int]]:
        counts = Counter(other for s in self.by_signatory[signatory_id] for other in s.signatories if other != signatory_id)
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:COSIGNATORIES_SHOWN]

    def places_of(self, country: str) -> list[str]:
        return sorted({self.place_of[s.place.label] for s in self.by_country[country]})


# -- HTML pages -------------------------------------------------------------


def _page(builder, pagename: str, title: str, body: list[nodes.Node], settings: str) -> tuple[str, dict, str] | None:
    """The page to write, or None when the page already written shows the same."""
    section = nodes.section(ids=[ascii_slug(title, "x")], classes=["facet-page"])
    section += nodes.title("", title)
    section.extend(body)
    fragment = builder.render_partial(section)["fragment"]
    digest = hashlib.sha256("\0".join([title, fragment, settings]).encode("utf-8")).hexdigest()[:20]
    marker = f"<!-- facet page {digest} -->"
    if _already_written(builder.get_outfilename(pagename), marker, builder):
        return None
    # pagetitle: the heading sphinx-book-theme prints above a printed page (plain text, escaped later).
    context = {"title": title, "pagetitle": title, "body": marker + fragment, "display_toc": False, "toc": ""}
    return pagename, context, "page.html"


#: Where templates and static files are looked up: machine paths, not what a page shows.
_LOOKUP_PATHS = {"templates_path", "html_static_path"}


def html_settings(builder) -> str:
    """The settings every HTML page is written with, as Sphinx groups them (``rebuild="html"``).

    The theme's options as the theme renders with them: conf.py's, with the theme's defaults filled in.
    """
    values = {c.name: c.value for c in builder.config.filter(frozenset({"html"})) if c.name not in _LOOKUP_PATHS}
    if "html_theme_options" in values:
        values["html_theme_options"] = getattr(builder, "theme_options", values["html_theme_options"])

    def plain(value):
        return sorted(map(repr, value)) if isinstance(value, (set, frozenset)) else repr(value)

    return json.dumps(values, sort_keys=True, default=plain)


def _already_written(path, marker: str, builder) -> bool:
    """The page shows the same and is newer than every template, as Sphinx decides for its own pages."""
    try:
        if builder.templates and os.path.getmtime(path) < builder.templates.newest_template_mtime():
            return False
        with open(path, encoding="utf-8") as handle:
            return marker in handle.read()
    except OSError:
        return False


def signatory_body(builder, pagename: str, facets: Facets, signatory) -> list[nodes.Node]:
    statements = facets.by_signatory.get(signatory.id, [])
    about = nodes.field_list(classes=["facet-fields"])
    rows: list[tuple[str, nodes.Node]] = [(_("Name"), nodes.Text(signatory.name))]
    if signatory.acronym:
        rows.append((_("Acronym"), nodes.Text(signatory.acronym)))
    if signatory.role:
        rows.append((_("Role"), nodes.Text(signatory.role)))
    if signatory.affiliation:
        rows.append((_("Affiliation"), link(builder, pagename, signatory_page(signatory.affiliation), signatory.affiliation_name or signatory.affiliation)))
    if signatory.country:
        rows.append((_("Country"), nodes.Text(signatory.country)))
    if signatory.url:
        rows.append((_("Website"), nodes.reference("", signatory.url, refuri=signatory.url)))
    rows.append((_("Statements"), nodes.Text(span_text(builder.config, statements))))
    for label, value in rows:
        field = nodes.field()
        field += nodes.field_name("", label)
        field += nodes.field_body("", nodes.paragraph("", "", value))
        about += field
    body: list[nodes.Node] = [about]
    if statements:
        body.append(chart_node(builder, pagename, statements, "statement-chart"))
    body += [nodes.rubric("", _("Statements, newest first")), *statement_list(builder, pagename, statements, ("signatory", signatory.label), FACET_SHOWN)]
    partners = facets.cosignatories(signatory.id)
    if partners:
        body.append(nodes.rubric("", _("Signed most often with")))
        listing = nodes.bullet_list(classes=["cosignatory-list"])
        for other_id, count in partners:
            other = facets.registry.signatories.get(other_id)
            item = nodes.paragraph()
            item += link(builder, pagename, signatory_page(other_id), other.label if other else other_id)
            item += nodes.Text(f" ({statements_count(count)})")
            listing += nodes.list_item("", item)
        body.append(listing)
    return body


def place_body(builder, pagename: str, facets: Facets, place: str) -> list[nodes.Node]:
    statements = facets.by_place[place]
    country = facets.country_of[statements[0].place.country]
    before, after = _("In {country}. {span}").split("{country}")
    line = nodes.paragraph("", before)
    line += link(builder, pagename, country_page(country), country)
    line += nodes.Text(after.format(span=span_text(builder.config, statements)))
    return [line, chart_node(builder, pagename, statements, "statement-chart"), *statement_list(builder, pagename, statements, ("place", place), FACET_SHOWN)]


def country_body(builder, pagename: str, facets: Facets, country: str) -> list[nodes.Node]:
    statements = facets.by_country[country]
    places = nodes.paragraph("", _("Places: "))
    for index, place in enumerate(facets.places_of(country)):
        if index:
            places += nodes.Text(", ")
        places += link(builder, pagename, place_page(place), place)
    chart = chart_node(builder, pagename, statements, "statement-chart")
    return [
        nodes.paragraph("", span_text(builder.config, statements)),
        places,
        chart,
        *statement_list(builder, pagename, statements, ("country", country), FACET_SHOWN),
    ]


def collect_pages(app):
    """``html-collect-pages``: one page per signatory, place and country (HTML only)."""
    if not is_website(app.builder):
        return []
    builder = app.builder
    facets = Facets(app.env)
    signatories_doc = next(iter(sorted(doc for doc, _ in get_domain(app.env).data["signatory_targets"].values())), None)
    places_doc = get_xref(app.env).data["overviews"].get("places")

    def back(name: str, overview: str | None, label: str) -> list[nodes.Node]:
        if overview is None:
            return []
        return [nodes.paragraph("", "", link(builder, name, overview, label), classes=["facet-overview"])]

    settings = html_settings(app.builder)
    pages = []
    for signatory in facets.registry.signatories.values():
        name = signatory_page(signatory.id)
        body = signatory_body(builder, name, facets, signatory) + back(name, signatories_doc, _("All signatories"))
        pages.append(_page(builder, name, signatory.label, body, settings))
    for place in sorted(facets.by_place):
        name = place_page(place)
        body = place_body(builder, name, facets, place) + back(name, places_doc, _("All places"))
        pages.append(_page(builder, name, place, body, settings))
    for country in sorted(facets.by_country):
        name = country_page(country)
        body = country_body(builder, name, facets, country) + back(name, places_doc, _("All places"))
        pages.append(_page(builder, name, country, body, settings))
    return [page for page in pages if page is not None]


# -- overview pages -------------------------------------------------------------


def fill_overviews(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, before ``listings.fill_listings``: the overview pages.

    With per-entity pages, a signatory's full listing becomes its count and a
    link; without them (ePub), it stays and places get full listings too.
    """
    pages = is_website(app.builder)
    signatory_nodes = [n for n in doctree.findall(statement_listing) if n.get("signatory")]
    place_nodes = list(doctree.findall(place_listing))
    if not signatory_nodes and not place_nodes:
        return
    builder = app.builder
    facets = Facets(app.env)
    for node in signatory_nodes:
        sid = node["signatory"]
        line = nodes.paragraph("", f"{span_text(app.config, facets.by_signatory.get(sid, []))} ", classes=["signatory-summary"])
        if pages:
            line += link(builder, docname, signatory_page(sid), _("All its statements"))
            node.replace_self(line)
            continue
        partners = facets.cosignatories(sid)
        if partners:
            line += nodes.Text(_("Signed most often with: "))
            line += nodes.Text(", ".join(f"{facets.registry.label(o)} ({statements_count(count)})" for o, count in partners))
            line += nodes.Text(".")
        node.parent.insert(node.parent.index(node), line)
    for node in place_nodes:  # type: ignore[assignment]  # another kind of placeholder, in the same name
        result: list[nodes.Node] = []
        for country in sorted(facets.by_country):
            block = nodes.container(ids=[f"country-{ascii_slug(country, 'x')}"], classes=["country"])
            heading = nodes.paragraph(classes=["country-name"])
            heading += nodes.strong("", "", link(builder, docname, country_page(country), country) if pages else nodes.Text(country))
            heading += nodes.Text(f" — {span_text(app.config, facets.by_country[country])}")
            block += heading
            places = nodes.bullet_list(classes=["place-list"])
            for place in facets.places_of(country):
                item = nodes.list_item(ids=[f"place-{ascii_slug(place, 'x')}"], classes=["place"])
                line = nodes.paragraph()
                line += link(builder, docname, place_page(place), place) if pages else nodes.strong("", place)
                line += nodes.Text(f" — {span_text(app.config, facets.by_place[place])}")
                item += line
                if not pages:
                    item.extend(statement_list(builder, docname, facets.by_place[place]))
                places += item
            block += places
            result.append(block)
        node.replace_self(result or [nodes.paragraph("", _("No statements yet."))])


def _index(entries: Sequence[tuple[nodes.Node, int]], limit: int | None, classes: list[str], empty: str) -> nodes.Node:
    """A list of names (links), each with its count of statements, the highest count first."""
    if not entries:
        return nodes.paragraph("", empty)
    listing = nodes.bullet_list(classes=["archive-index", *classes])
    for name, count in entries[:limit]:
        line = nodes.paragraph()
        line += name
        line += nodes.inline("", f" {statements_count(count)}", classes=["archive-index-count"])
        listing += nodes.list_item("", line)
    return listing


def fill_indexes(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the home page's terms and signatories (``{term-list}``, ``{signatory-index}``).

    A term links to its glossary entry; a signatory to its page, or, without such pages
    (ePub), to its entry in the signatories' list (``{signatory-list}``).
    """
    term_nodes = list(doctree.findall(term_index))
    signatory_nodes = list(doctree.findall(signatory_index))
    if not term_nodes and not signatory_nodes:
        return
    builder = app.builder
    xref = get_xref(app.env)
    listed = {statement.docname for statement in get_domain(app.env).listed()}
    if term_nodes:
        anchors = app.env.get_domain("std").objects
        terms = []
        for term in xref.data["terms"]:
            count = sum(doc in listed for doc in xref.data["backlinks"].get(term.key, ()))
            target = anchors.get(("term", term.key))
            if count and target:
                terms.append((link(builder, docname, target[0], term.key, target[1]), count))
        terms.sort(key=lambda entry: (-entry[1], entry[0].astext().casefold()))
        for node in term_nodes:
            node.replace_self(_index(terms, node["limit"], ["term-index"], _("No statement mentions a term of the glossary yet.")))
    if signatory_nodes:
        facets = Facets(app.env)
        targets = get_domain(app.env).data["signatory_targets"]
        signatories = []
        for sid, statements in facets.by_signatory.items():
            label = facets.registry.label(sid)
            if is_website(builder):
                name: nodes.Node = link(builder, docname, signatory_page(sid), label)
            elif sid in targets:
                name = link(builder, docname, targets[sid][0], label, targets[sid][1])
            else:
                name = nodes.Text(label)
            signatories.append((name, len(statements)))
        signatories.sort(key=lambda entry: (-entry[1], entry[0].astext().casefold()))
        for index in signatory_nodes:
            index.replace_self(_index(signatories, index["limit"], ["signatory-index"], _("No statements yet.")))


def setup(app):
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
