"""Citation metadata for a statement's ``<head>`` (pure): Highwire Press
``citation_*`` tags, Dublin Core ``DC.*`` tags and schema.org JSON-LD.

``citation_technical_report_institution`` makes Zotero's Embedded Metadata
translator save the page as a report.
"""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from solidarity_archive.formats.citation import author_text, is_person, kind


def _meta(name: str, content: str) -> Markup:
    # escape() as Markup.format would apply it, without its formatter: 20 tags a statement page.
    return Markup(f'<meta name="{escape(name)}" content="{escape(content)}" />')


def _json_ld_author(author: dict) -> dict:
    if is_person(author):
        person = {"@type": "Person", "familyName": author["family"], "name": " ".join(filter(None, (author.get("given"), author["family"])))}
        if author.get("given"):
            person["givenName"] = author["given"]
        return person
    return {"@type": "Organization", "name": author["literal"]}


def json_ld(item: dict, *, publisher: str | None, modified: str | None = None) -> Markup:
    """schema.org ``Report`` as a script block; ``<``, ``>`` and ``&`` are \\u-escaped."""
    data = {
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": item["title"],
        "name": item["title"],
        "author": [_json_ld_author(author) for author in item["author"]],
        "datePublished": "{:04d}-{:02d}-{:02d}".format(*item["issued"]["date-parts"][0]),
        "inLanguage": item["language"],
        "genre": kind(item),
        "locationCreated": {"@type": "Place", "name": item["publisher-place"]},
    }
    if item.get("URL"):
        data["url"] = item["URL"]
        data["@id"] = item["URL"]
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
    if modified:  # the latest correction, YYYY-MM-DD
        data["dateModified"] = modified
    if item.get("archive"):
        data["isPartOf"] = {"@type": "Collection", "name": item["archive"]}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup('<script type="application/ld+json">\n{}\n</script>').format(Markup(text))


def head_metadata(item: dict, *, publisher: str | None, modified: str | None = None) -> Markup:
    """Every tag for one statement, escaped, one per line."""
    year, month, day = item["issued"]["date-parts"][0]
    authors = [author_text(author) for author in item["author"]]
    organisations = [author["literal"] for author in item["author"] if not is_person(author)]
    tags = [_meta("citation_title", item["title"])]
    tags += [_meta("citation_author", name) for name in authors]
    tags += [
        _meta("citation_publication_date", f"{year:04d}/{month:02d}/{day:02d}"),
        _meta("citation_date", f"{year:04d}/{month:02d}/{day:02d}"),
        _meta("citation_language", item["language"]),
        # A report, not a journal article; the issuing organisations are its institution.
        _meta("citation_technical_report_institution", "; ".join(organisations or authors)),
    ]
    if item.get("URL"):
        tags += [_meta("citation_public_url", item["URL"]), _meta("citation_abstract_html_url", item["URL"])]
    if publisher:
        tags.append(_meta("citation_publisher", publisher))
    tags += [_meta("DC.title", item["title"])]
    tags += [_meta("DC.creator", name) for name in authors]
    tags += [
        _meta("DC.date", f"{year:04d}-{month:02d}-{day:02d}"),
        _meta("DC.language", item["language"]),
        _meta("DC.type", "Text"),
        _meta("DC.format", "text/html"),
        _meta("DC.coverage", item["publisher-place"]),
    ]
    if item.get("URL"):
        tags.append(_meta("DC.identifier", item["URL"]))
    if publisher:
        tags.append(_meta("DC.publisher", publisher))
    tags.append(json_ld(item, publisher=publisher, modified=modified))
    return Markup("\n    ").join(tags)
