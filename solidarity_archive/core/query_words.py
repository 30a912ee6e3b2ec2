"""What the search page needs to read a query (pure): its small words and the glossary's names.

The search page (``html/static/search.js``, with the search from disk) reads
these from the page, written there by the build (``html/search.py``): the
scripts keep no list of their own.

- **Small words**: the articles, prepositions and conjunctions of English and
  Spanish. A query's small words are not sent to the search engine (unless the
  query has nothing else): "Alianza para la Prosperidad" must not rank first a
  statement whose matches are ``para``, ``la`` and ``a``. Inside a quoted
  phrase they still count, as words of the phrase, in their place.
- **Terms**: every name of every glossary term, folded as ``fold`` folds
  (the search page folds the query the same way), so that a query naming a
  term in either language finds the statements that mention it by any name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from solidarity_archive.core.lexer import Term
from solidarity_archive.core.text import fold

#: English articles, prepositions and conjunctions, as a query writes them (folded).
ENGLISH_SMALL_WORDS = (
    "a", "an", "the",
    "about", "across", "after", "against", "among", "around", "as", "at", "before", "behind", "between",
    "by", "during", "for", "from", "in", "into", "of", "off", "on", "onto", "over", "per", "since",
    "than", "through", "to", "toward", "towards", "under", "until", "upon", "via", "with", "within", "without",
    "and", "but", "nor", "or", "so", "yet", "if", "that", "whether", "while",
)  # fmt: skip

#: Spanish articles (and their contractions), prepositions and conjunctions, folded (no accents).
SPANISH_SMALL_WORDS = (
    "el", "la", "lo", "los", "las", "un", "una", "unos", "unas", "al", "del",
    "ante", "bajo", "con", "contra", "de", "desde", "durante", "en", "entre", "hacia", "hasta",
    "mediante", "para", "por", "segun", "sin", "so", "sobre", "tras",
    "y", "e", "ni", "o", "u", "pero", "sino", "que", "si", "como", "aunque", "pues",
)  # fmt: skip


def small_words() -> list[str]:
    """Every small word of both languages, folded, sorted, each once."""
    return sorted({fold(word, word=True) for word in (*ENGLISH_SMALL_WORDS, *SPANISH_SMALL_WORDS)})


def term_entries(terms: Iterable[Term], urls: Mapping[str, str], languages: Mapping[str, Iterable[str]]) -> list[dict]:
    """Each glossary term as the search page reads it.

    ``name``: the term as the glossary writes it, which is also the value of
    the statements' ``term`` filter; ``names``: its other names as written,
    shown beside it, without those that only lengthen a shorter name of the
    term ("Plan de la Alianza para la Prosperidad" beside "Alianza para la
    Prosperidad"), which the reader can tell from the glossary entry;
    ``folded``: every name (the term's own first), folded, each once; ``url``:
    its glossary entry (``urls[key]``, from the builder), or ``""``;
    ``languages``: the languages of the statements that mention it
    (``languages[key]``), sorted: the search looks for the term in those
    languages' indexes only.
    """
    entries = []
    for term in terms:
        others = [name for name in dict.fromkeys(" ".join(n.split()) for n in term.names) if name != term.key]
        folded = list(dict.fromkeys(f for f in (fold(name) for name in (term.key, *others)) if f))
        names = [name for name in others if not _lengthens(fold(name), folded)]
        entries.append(
            {"name": term.key, "names": names, "folded": folded, "url": urls.get(term.key, ""), "languages": sorted(set(languages.get(term.key, ())))}
        )
    return entries


def _lengthens(name: str, names: Iterable[str]) -> bool:
    """Whether the folded ``name`` holds another of ``names`` as whole words."""
    return any(other != name and f" {other} " in f" {name} " for other in names)
