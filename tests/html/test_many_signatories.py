"""An open letter signed by 200 organisations and 3 people: the collapsed header, the exports."""

from __future__ import annotations

import zipfile

import bibtexparser
import pytest
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from bs4 import BeautifulSoup
from citation_checks import check_csl_json, read_ris
from epub_checks import run_epubcheck

from solidarity_archive.core.registry import parse

STATEMENT = "statements/2016/2016-03-01-open-letter"
ORGANISATIONS = [f"org-{n:03d}" for n in range(1, 201)]
PEOPLE = {
    "romero-rivas": ("Romero Rivas", "María Julia", "cispes-like", "Lawyer"),
    "ochoa": ("Ochoa", "Gregorio", None, "Bishop of Santiago de María"),
    "lindo": ("Lindo", "Ana", None, None),
}


def registry_text() -> str:
    lines = [
        "# 200 organisations and 3 people, written by the test.",
        "cispes-like:",
        "  name: Committee in Solidarity",
        "  acronym: CIS",
        "  country: United States",
    ]
    for sid in ORGANISATIONS:
        lines += [f"{sid}:", f"  name: Organisation Number {sid[4:]}", "  country: El Salvador"]
    for sid, (family, given, affiliation, role) in PEOPLE.items():
        lines += [f"{sid}:", "  kind: person", f"  family: {family}", f"  given: {given}"]
        lines += [f"  affiliation: {affiliation}"] if affiliation else []
        lines += [f"  role: {role}"] if role else []
    return "\n".join(lines) + "\n"


SIGNATORIES = ORGANISATIONS[:100] + list(PEOPLE) + ORGANISATIONS[100:]


def write_sources(srcdir) -> None:
    (srcdir / "source/signatories.yaml").write_text(registry_text(), encoding="utf-8")
    path = srcdir / f"{STATEMENT}.md"
    text = path.read_text(encoding="utf-8").replace("  - placeholder\n", "".join(f"  - {sid}\n" for sid in SIGNATORIES))
    path.write_text(text, encoding="utf-8")


def test_people_in_the_registry():
    registry, problems = parse(registry_text(), "source/signatories.yaml")
    assert problems == []
    person = registry["romero-rivas"]
    assert person.is_person and person.name == "María Julia Romero Rivas"
    assert person.citation_name == "Romero Rivas, María Julia"
    assert person.label == "María Julia Romero Rivas (Lawyer, Committee in Solidarity)"
    assert not registry["org-001"].is_person and registry["org-001"].citation_name == "Organisation Number 001"
    # Organisations stay single-field; a person needs a family name; an affiliation is an organisation.
    _, problems = parse(
        "a:\n  name: A\n  country: X\n  family: A\nb:\n  kind: person\n  given: B\nc:\n  kind: person\n  family: C\n  affiliation: b\n", "r.yaml"
    )
    assert [(p.line, p.message) for p in problems] == [
        (4, "signatory 'a': family is for people (kind: person); an organisation's name is one field"),
        (5, "signatory 'b': family is missing (a person's family name)"),
        (11, "signatory 'c': affiliation 'b' is not an organisation of the registry"),
    ]


@pytest.mark.sphinx("html", testroot="many-signatories")
def test_a_long_list_builds_collapsed_and_exports_every_author(app):
    write_sources(app.srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / f"{STATEMENT}.html").read_text(encoding="utf-8"), "html.parser")
    field = page.select_one(".statement-header dd.signatories")
    shown = field.find("p", recursive=False)
    assert len(shown.select("a.reference")) == 12
    # The rest expand in place, without scripts: a <details> with its count.
    more = field.select_one("details.signatories-more")
    assert more.summary.get_text() == f"and {len(SIGNATORIES) - 12} more"
    assert len(more.select("a.reference")) == len(SIGNATORIES) - 12
    assert [a["href"].rsplit("/", 1)[-1] for a in field.select("a.reference")] == [f"{sid}.html" for sid in SIGNATORIES]
    assert not page.select(".statement-all-signatories")  # the whole list after the text is for the ePub
    # Search results name three signatories and a count; the filters name them all.
    record = page.select_one(".statement-search-record")
    assert record.select_one("[data-pagefind-meta=signatories]").get_text() == (
        "Organisation Number 001; Organisation Number 002; Organisation Number 003 and 200 more"
    )
    assert len(record.select("[data-pagefind-filter=signatory]")) == len(SIGNATORIES)
    description = page.select_one("meta[name=description]")["content"]
    assert "and 200 more" in description and len(description) < 300

    # The cite box follows each style's "et al." rule.
    cites = {span["data-style"]: span.get_text(" ", strip=True) for span in page.select("span.cite-reference[data-style]")}
    assert cites["chicago"].startswith("Organisation Number 001, Organisation Number 002, Organisation Number 003, et al. ")
    assert cites["mla"].startswith("Organisation Number 001, et al. ")
    # APA 7: the first nineteen, an ellipsis, the last.
    assert "Organisation Number 019, … Organisation Number 200. (2016, March 1)." in cites["apa"]
    assert "Organisation Number 020" not in cites["apa"]

    # Exports: every author, in order, organisations as one name, people as family and given names.
    expected = []
    for sid in SIGNATORIES:
        if sid in PEOPLE:
            family, given, _, _ = PEOPLE[sid]
            expected.append({"family": family, "given": given})
        else:
            expected.append({"literal": f"Organisation Number {sid[4:]}"})
    folder = app.outdir / "downloads"
    [item] = check_csl_json((folder / "2016-03-01-open-letter.json").read_text(encoding="utf-8"))
    assert item["author"] == expected

    library = bibtexparser.parse_string(
        (folder / "2016-03-01-open-letter.bib").read_text(encoding="utf-8"), append_middleware=[SeparateCoAuthors(), SplitNameParts()]
    )
    [entry] = library.entries
    names = entry["author"]
    assert len(names) == len(SIGNATORIES)
    for name, author in zip(names, expected, strict=True):
        if "family" in author:
            assert (name.last, name.first) == (author["family"].split(), author["given"].split()), name
        else:
            assert (name.last, name.first) == (["{" + author["literal"] + "}"], []), name
    # The institution is the archive that keeps the letter; its signatories are its authors.
    assert entry["institution"] == "Statements archive"

    [record] = read_ris((folder / "2016-03-01-open-letter.ris").read_text(encoding="utf-8"))
    assert record["authors"] == [a.get("literal") or f"{a['family']}, {a['given']}" for a in expected]

    head = [m["content"] for m in page.select("meta[name=citation_author]")]
    assert head == [a.get("literal") or f"{a['family']}, {a['given']}" for a in expected]

    # The general index lists a person under the family name.
    index = (app.outdir / "genindex.html").read_text(encoding="utf-8")
    assert "Romero Rivas, María Julia" in index

    # The person's own page names the role and links the affiliation.
    person = BeautifulSoup((app.outdir / "signatory/romero-rivas.html").read_text(encoding="utf-8"), "html.parser")
    fields = {dt.get_text(strip=True).rstrip(":"): dd for dt, dd in zip(person.select(".facet-fields dt"), person.select(".facet-fields dd"), strict=True)}
    assert fields["Role"].get_text(strip=True) == "Lawyer"
    assert fields["Affiliation"].a["href"].endswith("cispes-like.html")
    assert "Country" not in fields


@pytest.mark.sphinx("epub", testroot="many-signatories")
@pytest.mark.slow
def test_the_epub_prints_the_whole_list_after_the_text_and_passes_epubcheck(app):
    write_sources(app.srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    [book] = app.outdir.glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        page = BeautifulSoup(archive.read(f"{STATEMENT}.xhtml").decode("utf-8"), "html.parser")
    field = page.select_one(".statement-header dd.signatories")
    assert len(field.select("a.reference")) == 12 and not page.select("details, script")
    assert field.select_one(".signatories-more a")["href"] == "#all-signatories"
    everyone = page.select_one("#all-signatories")
    assert everyone.find_previous_sibling(class_="statement-text") is not None
    assert len(everyone.select("a.reference")) == len(SIGNATORIES)
    # The text's sections are the page's, and the book passes epubcheck.
    assert page.select_one("section#why-we-sign h2") is not None and page.select_one("section#what-we-ask h3") is not None
    run_epubcheck(book)
