"""The benchmark's corpus generator: valid, deterministic, mixed, in range."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter

import pytest
from paths import REPO

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.validation import read_statement
from solidarity_archive.myst import parse_statement_text

TODAY = dt.date(2026, 1, 1)


def load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


corpus_module = load_corpus_module()


@pytest.fixture(scope="module")
def corpus():
    return corpus_module.generate(60, seed=3, glossary=REPO / "source" / "glossary.md", registry=REPO / "source" / "signatories.yaml")


def test_every_statement_passes_the_archive_validator(corpus):
    registry, problems = registry_module.parse(corpus.registry_yaml(), "signatories.yaml")
    assert problems == []
    assert len(registry.signatories) == corpus_module.REGISTRY_SIZE
    for statement in [*corpus.statements, corpus_module.extra_statement(corpus, 3)]:
        result = read_statement(
            statement.text.encode("utf-8"), path=statement.path, docname=statement.path[:-3], registry=registry, today=TODAY, markdown=parse_statement_text
        )
        assert result.problems == [], (statement.path, [str(p) for p in result.problems])
        assert result.statement.title == statement.title
        assert result.statement.year == statement.year


def test_the_registry_keeps_the_archives_own_organisations(corpus):
    own, _ = registry_module.load(REPO / "source" / "signatories.yaml", "signatories.yaml")
    ids = [o.id for o in corpus.organisations]
    assert ids[: len(own.signatories)] == list(own.signatories)
    assert len(set(ids)) == len(ids)


def test_same_seed_same_corpus_and_other_seed_differs(corpus):
    again = corpus_module.generate(60, seed=3, glossary=REPO / "source" / "glossary.md", registry=REPO / "source" / "signatories.yaml")
    assert [s.text for s in again.statements] == [s.text for s in corpus.statements]
    assert again.registry_yaml() == corpus.registry_yaml()
    other = corpus_module.generate(60, seed=4, glossary=REPO / "source" / "glossary.md", registry=REPO / "source" / "signatories.yaml")
    assert [s.text for s in other.statements] != [s.text for s in corpus.statements]


def test_ids_are_unique_and_match_their_year(corpus):
    ids = [s.id for s in corpus.statements]
    assert len(set(ids)) == len(ids)
    assert all(s.id.startswith(f"{s.year}-") for s in corpus.statements)
    assert len(corpus.years()) >= 10


def test_english_and_spanish_are_mixed(corpus):
    languages = Counter(s.language for s in corpus.statements)
    assert set(languages) == {"en", "es"}
    assert 0.15 <= languages["es"] / len(corpus.statements) <= 0.55
    for statement in corpus.statements:
        words = set(statement.body.lower().split())
        if statement.language == "es":
            assert {"que", "la", "el"} & words
            assert "\nlanguage: es" in statement.text
        else:
            assert {"the", "that"} & words
            assert "\nlanguage: en\n" in statement.text


def test_lengths_are_within_600_to_2000_words_and_vary(corpus):
    words = [s.words for s in corpus.statements]
    assert all(corpus_module.MIN_WORDS <= w <= corpus_module.MAX_WORDS for w in words)
    assert all(w == len(s.body.split()) for w, s in zip(words, corpus.statements, strict=True))
    assert max(words) - min(words) > 500


def test_signatories_are_a_skewed_mix(corpus):
    signed = Counter(line[4:] for s in corpus.statements for line in s.text.split("---")[1].splitlines() if line.startswith("  - "))
    assert len(signed) >= 15
    assert signed.most_common(1)[0][1] >= 3 * min(signed.values())
    assert any(s.text.count("\n  - ") > 1 for s in corpus.statements)


def test_glossary_terms_and_aliases_come_from_the_archives_glossary(tmp_path):
    glossary = tmp_path / "glossary.md"
    glossary.write_text(
        "# Glossary\n\n```{glossary}\nZonklet Accord\nAcuerdo Zonklet\n  A made-up term.\n\nQuorvex Plan\n  Another one.\n  Also: Plan Quorvex; QP\n```\n",
        encoding="utf-8",
    )
    assert corpus_module.read_glossary_terms(glossary) == [
        ("Zonklet Accord", ("Acuerdo Zonklet",)),
        ("Quorvex Plan", ("Plan Quorvex", "QP")),
    ]
    corpus = corpus_module.generate(30, seed=5, glossary=glossary)
    text = " ".join(s.body for s in corpus.statements)
    assert "Zonklet Accord" in text and "Quorvex Plan" in text
    assert "Acuerdo Zonklet" in text or "Plan Quorvex" in text
