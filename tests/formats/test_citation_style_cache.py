"""A CSL style is parsed once per process, and references stay exactly as before."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import warnings

from paths import REPO

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.validation import read_statement
from solidarity_archive.formats import citation
from solidarity_archive.myst import parse_statement_text


def generated_items(count: int) -> list[dict]:
    spec = importlib.util.spec_from_file_location("bench_corpus_for_cite", REPO / "benchmarks" / "corpus.py")
    corpus_module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus_module
    spec.loader.exec_module(corpus_module)
    corpus = corpus_module.generate(count, seed=11, registry=REPO / "source" / "signatories.yaml")
    registry, _ = registry_module.parse(corpus.registry_yaml(), "signatories.yaml")
    items = []
    for generated in corpus.statements:
        statement = read_statement(
            generated.text.encode(),
            path=generated.path,
            docname=generated.path[:-3],
            registry=registry,
            today=dt.date(2026, 1, 1),
            markdown=parse_statement_text,
        ).statement
        authors = [registry[sid].label for sid in statement.signatories]
        items.append(citation.csl_item(statement, authors=authors, url=f"https://example.org/{statement.id}.html", archive="Archive"))
    return items


def render_with_a_fresh_style(item: dict, style) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(citation.parsed_style.__wrapped__(style.csl), CiteProcJSON([citation._for_citeproc(item)]), citation._MARKED)
        bibliography.register(Citation([CitationItem(item["id"])]))
        return citation._typeset(citation.tidy(str(bibliography.bibliography()[0])), item)


def test_references_with_the_shared_style_equal_those_with_a_fresh_one():
    items = generated_items(12)
    for item in items:
        for style in citation.STYLES:
            shared = citation.render(item, style)
            expected = render_with_a_fresh_style(item, style)
            assert shared.text == citation._MARKERS.sub("", expected)
            assert item["title"][:20] in shared.text


def test_each_style_file_is_parsed_once():
    citation.parsed_style.cache_clear()
    item = generated_items(1)[0]
    for _ in range(3):
        citation.references(item)
    info = citation.parsed_style.cache_info()
    assert info.misses == len(citation.STYLES)
    assert info.hits == 2 * len(citation.STYLES)
