"""Pages per signatory, place and country, and the "all places" overview.

In HTML each signatory, place and country gets its own small page, written at
``html-collect-pages`` with the theme's ``page.html`` (nothing is written into
the source tree, and no page carries the whole archive). The overview pages
then list names, counts and links. In other formats (ePub) there are no extra
pages: the overview pages carry the full listings instead, in reading order.

Like Sphinx with its own pages, an incremental build leaves a facet page alone
when nothing it shows has changed: the records it shows and the HTML settings
are its inputs, compared with those it was last written from
(``sphinx_ext.kept_outputs``) before anything is rendered; it is written again
when they differ, when the page is gone, or when a template is newer than it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from docutils import nodes

from solidarity_archive.core.model import Statement
from solidarity_archive.core.pages import Placed, kept_spellings
from solidarity_archive.core.text import ascii_slug
from solidarity_archive.html.charts import chart_node
from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import _, date, statements_count
from solidarity_archive.sphinx_ext.kept_outputs import digest, html_settings, kept_outputs, newest_template, record_digest
from solidarity_archive.sphinx_ext.listings import FACET_SHOWN, statement_list, statement_listing
from solidarity_archive.sphinx_ext.placeholders import place_listing, signatory_index, term_index
from solidarity_archive.sphinx_ext.sphinx_private import all_index_entries
from solidarity_archive.sphinx_ext.termlinks import index_title
from solidarity_archive.sphinx_ext.translations import versions_of
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


def _page(builder, pagename: str, title: str, body: list[nodes.Node]) -> tuple[str, dict, str]:
    """The page to write: ``body`` under ``title``, in the theme's ``page.html``."""
    section = nodes.section(ids=[ascii_slug(title, "x")], classes=["facet-page"])
    section += nodes.title("", title)
    section.extend(body)
    fragment = builder.render_partial(section)["fragment"]
    # pagetitle: the heading sphinx-book-theme prints above a printed page (plain text, escaped later).
    context = {"title": title, "pagetitle": title, "body": fragment, "display_toc": False, "toc": ""}
    return pagename, context, "page.html"


def page_settings(app) -> tuple:
    """What every facet page shows besides its own records: settings, language, the year pages its chart links to,
    and what the sidebar shows (``navigation.sidebar_shows``: a new year writes them again)."""
    settings = archive_settings(app.config)
    years = sorted(doc for doc in app.env.all_docs if doc.startswith(f"{settings.statements_dir}/") and doc.endswith("/index"))
    return (html_settings(app.builder), app.config.language, repr(settings), years, build_state(app.env).sidebar_shows)


def statement_inputs(app, facets: Facets) -> dict[str, tuple[str, bool]]:
    """What a listing shows of each statement: its record (read from its frontmatter) and whether it has other versions."""
    return {s.docname: (record_digest(app.env, s), bool(versions_of(app.env, s))) for statements in facets.by_country.values() for s in statements}


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
    """``html-collect-pages``: one page per signatory, place and country (HTML only).

    A page is rendered only when what it shows changed (``kept_outputs``): its
    inputs are the records of the statements it lists, its own record (a
    signatory's, its co-signatories' names) and the settings, all read before
    rendering anything; an edit of a statement's text changes none of them.
    The page of a place, country or signatory that is gone is deleted.
    """
    if not is_website(app.builder):
        return []
    builder = app.builder
    facets = Facets(app.env)
    signatories_doc = next(iter(sorted(doc for doc, _ in get_domain(app.env).data["signatory_targets"].values())), None)
    places_doc = get_xref(app.env).data["overviews"].get("places")
    kept = kept_outputs(app)
    shared = digest(page_settings(app), signatories_doc, places_doc)
    records = statement_inputs(app, facets)
    newer_than = newest_template(builder)

    def back(name: str, overview: str | None, label: str) -> list[nodes.Node]:
        if overview is None:
            return []
        return [nodes.paragraph("", "", link(builder, name, overview, label), classes=["facet-overview"])]

    current: set[str] = set()

    def wanted(name: str, *inputs: object) -> bool:
        relative = Path(builder.get_outfilename(name)).relative_to(app.outdir).as_posix()
        current.add(relative)
        inputs_digest = digest(shared, *inputs)
        if kept.unchanged(relative, inputs_digest, newer_than):
            return False
        kept.record(relative, inputs_digest)
        return True

    pages = []
    for signatory in facets.registry.signatories.values():
        name = signatory_page(signatory.id)
        statements = facets.by_signatory.get(signatory.id, [])
        partners = [(record_digest(app.env, facets.registry.signatories.get(other)), count) for other, count in facets.cosignatories(signatory.id)]
        if wanted(name, record_digest(app.env, signatory), [records[s.docname] for s in statements], partners):
            body = signatory_body(builder, name, facets, signatory) + back(name, signatories_doc, _("All signatories"))
            pages.append(_page(builder, name, signatory.label, body))
    for place in sorted(facets.by_place):
        name = place_page(place)
        statements = facets.by_place[place]
        if wanted(name, place, facets.country_of[statements[0].place.country], [records[s.docname] for s in statements]):
            body = place_body(builder, name, facets, place) + back(name, places_doc, _("All places"))
            pages.append(_page(builder, name, place, body))
    for country in sorted(facets.by_country):
        name = country_page(country)
        if wanted(name, country, facets.places_of(country), [records[s.docname] for s in facets.by_country[country]]):
            body = country_body(builder, name, facets, country) + back(name, places_doc, _("All places"))
            pages.append(_page(builder, name, country, body))
    remove_gone_pages(app, kept, current)
    return pages


def remove_gone_pages(app, kept, current: set[str]) -> None:
    """The pages of a signatory, place or country that has none any more, written by an earlier build, are deleted."""
    folders = tuple(f"{page('x').split('/')[0]}/" for page in (signatory_page, place_page, country_page))
    for relative in sorted(name for name in kept.kept if name.startswith(folders) and name not in current):
        Path(app.outdir, relative).unlink(missing_ok=True)
        kept.forget(relative)


# -- the website's general index ---------------------------------------------------


def general_index_entries(env) -> dict[str, list[tuple]]:
    """The website's general index, as Sphinx's index domain holds entries: page -> ``(type, value, target, main, key)``.

    The entries of every page that is not a statement (the glossary's terms,
    the hand-written pages'), and one entry per signatory (under its acronym
    and its full name, a person's as "Family, Given"), place and country,
    leading to its page, which lists its statements. A statement's own entries
    (its title, and its title under each signatory, place, country and term)
    stay in the ePub's index, which has no such pages: on the website they
    would make one page that grows with every statement added (19 MB at 10,000
    statements), and the year, signatory, place and country pages, the
    glossary and the search already lead to every statement.
    """
    settings = archive_settings(env.config)
    entries = {doc: found for doc, found in all_index_entries(env).items() if not settings.is_statement(doc)}
    facets = Facets(env)

    def entry(name: str, title: str) -> tuple:
        return ("single", index_title(name), ascii_slug(title, "x"), "", None)

    for sid, signatory in facets.registry.signatories.items():
        names = dict.fromkeys(name for name in (signatory.acronym, signatory.citation_name) if name)
        entries[signatory_page(sid)] = [entry(name, signatory.label) for name in names]
    for place in facets.by_place:
        entries[place_page(place)] = [entry(place, place)]
    for country in facets.by_country:
        entries[country_page(country)] = [entry(country, country)]
    return entries


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
