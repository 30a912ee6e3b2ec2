/* The archive's search for a copy of the site opened from disk (file://).
 *
 * Browsers refuse fetch and WebAssembly there, so Pagefind cannot run; the
 * search page (search.js) then loads the statements' indexed text as scripts
 * (search-offline/*.js, written from Pagefind's own records at build time)
 * and this plain-JavaScript search, which answers as a Pagefind instance does
 * (search, filters) and follows the same rules:
 *
 * - words are compared without accents or case; each word is stemmed by a
 *   light stemmer of the statement's language (English or Spanish: plural
 *   and common endings removed) where Pagefind uses the full Snowball
 *   stemmer, and, as in Pagefind, a query word also matches the words it
 *   begins ("migra" finds "migración");
 * - every word of the query must be found;
 * - filters: any of the values chosen in one group, every group chosen.
 *
 * What search.js makes of a query before and after (glossary terms, small
 * words, phrases in a row, words next to each other) it does for both
 * searches alike: this search is given words only.
 *
 * Never loaded when the site is served.
 */
(function () {
  "use strict";

  // A word as search.js folds it, as fold(word, word=True) in core/text.py (tests/data/fold_cases.json
  // holds the cases all three pass): case folded, accents dropped, letters, digits and _ only.
  function fold(word) {
    return word.normalize("NFD").toLowerCase().toUpperCase().toLowerCase().replace(/\p{M}+/gu, "").replace(/[^\p{L}\p{N}_]+/gu, "");
  }

  function stemEnglish(word) {
    if (word.length <= 3) return word;
    if (word.endsWith("ies") && word.length > 4) return word.slice(0, -3) + "i";
    if (/(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
    if (word.endsWith("s") && !/(ss|us|is)$/.test(word)) word = word.slice(0, -1);
    if (word.endsWith("ing") && word.length > 5) word = word.slice(0, -3);
    else if (word.endsWith("ed") && word.length > 4) word = word.slice(0, -2);
    if (word.endsWith("y") && word.length > 3) word = word.slice(0, -1) + "i";
    return word;
  }

  function stemSpanish(word) {
    if (word.length <= 3) return word;
    if (word.endsWith("ciones")) return word.slice(0, -6) + "cion";
    if (word.endsWith("es") && word.length > 4 && !/[aeiou]es$/.test(word)) word = word.slice(0, -2);
    else if (word.endsWith("s") && word.length > 3) word = word.slice(0, -1);
    if (/[aoe]$/.test(word) && word.length > 4) word = word.slice(0, -1);
    return word;
  }

  const STEMMERS = { en: stemEnglish, es: stemSpanish };

  function stemmerFor(language) {
    return STEMMERS[language] || ((word) => word);
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  }

  /* A statement's words: as Pagefind splits its text (so word positions agree
     with its anchors), folded and stemmed. */
  function prepare(record) {
    const words = record.content.split(/[\r\n\s]+/g);
    const stem = stemmerFor(record.language);
    return { record, words, stems: words.map((word) => stem(fold(word))) };
  }

  function matches(stem, queryStem, prefix) {
    return stem === queryStem || (prefix && stem.startsWith(queryStem));
  }

  function termPositions(entry, query) {
    const stem = stemmerFor(entry.record.language);
    const terms = query.split(/\s+/).map(fold).filter(Boolean).map(stem);
    if (!terms.length) return null;
    const positions = [];
    for (const term of terms) {
      let found = false;
      entry.stems.forEach((wordStem, at) => {
        if (matches(wordStem, term, true)) {
          positions.push(at);
          found = true;
        }
      });
      if (!found) return null; // every word must be found
    }
    return [...new Set(positions)].sort((a, b) => a - b);
  }

  function passes(record, filters) {
    return Object.entries(filters || {}).every(([key, wanted]) => {
      const values = record.filters[key] || [];
      return (wanted.any || []).some((value) => values.includes(value));
    });
  }

  function countInto(counts, record) {
    for (const [key, values] of Object.entries(record.filters)) {
      counts[key] = counts[key] || {};
      for (const value of values) counts[key][value] = (counts[key][value] || 0) + 1;
    }
    return counts;
  }

  function excerptHtml(words, positions) {
    const marked = new Set(positions);
    const first = positions.length ? positions[0] : 0;
    const from = Math.max(0, first - 8);
    const to = Math.min(words.length, from + 30);
    const html = [];
    for (let at = from; at < to; at += 1) {
      html.push(marked.has(at) ? `<mark>${escapeHtml(words[at])}</mark>` : escapeHtml(words[at]));
    }
    return (from > 0 ? "… " : "") + html.join(" ") + (to < words.length ? " …" : "");
  }

  function create(records, siteRoot) {
    const entries = records
      .slice()
      .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))
      .map(prepare);

    function data(entry, positions) {
      const record = entry.record;
      return {
        url: new URL(record.url.replace(/^\//, ""), siteRoot).href,
        meta: record.meta,
        filters: record.filters,
        content: record.content,
        word_count: entry.words.length,
        anchors: record.anchors.map(([id, element, location]) => ({ id, element, location })),
        locations: positions,
        excerpt: excerptHtml(entry.words, positions),
      };
    }

    return {
      async init() {},
      async filters() {
        return entries.reduce((counts, entry) => countInto(counts, entry.record), {});
      },
      async search(term, options = {}) {
        const query = (term || "").trim();
        const found = [];
        for (const entry of entries) {
          if (!passes(entry.record, options.filters)) continue;
          const positions = query ? termPositions(entry, query) : [];
          if (positions === null) continue;
          found.push({ entry, positions, score: positions.length / Math.sqrt(entry.words.length || 1) });
        }
        const direction = options.sort && options.sort.date === "asc" ? 1 : -1;
        if (options.sort && options.sort.date) {
          found.sort((a, b) => direction * a.entry.record.meta.isodate.localeCompare(b.entry.record.meta.isodate));
        } else {
          found.sort((a, b) => b.score - a.score);
        }
        return {
          results: found.map(({ entry, positions, score }) => ({
            id: entry.record.url,
            score,
            words: positions, // as Pagefind's results: where the words were found
            data: async () => data(entry, positions),
          })),
          filters: found.reduce((counts, { entry }) => countInto(counts, entry.record), {}),
        };
      },
    };
  }

  window.archiveOfflineSearch = { create, fold, stemEnglish, stemSpanish };
})();
