/* The archive's search page: Pagefind over the statements.
 *
 * One Pagefind instance per indexed language (each stems its own language);
 * their results and filter counts are merged here. Each language's index is
 * a download of its own, so a query by best match looks first in the
 * statements of the interface's language and offers the others (see
 * ``languagesFor``). The query, filters, year range, order and languages live
 * in the page's URL, so every search can be linked.
 * A classic script (not a module): a page opened from disk (file://), where
 * browsers refuse fetch and WebAssembly, loads instead the search's data as
 * scripts (search-offline/) and the plain-JavaScript search of
 * search-offline.js, which follows the same rules. Served, neither is loaded.
 *
 * Each result names the numbered paragraphs (#p1, #p2, …) that hold the words
 * found, read from the word offsets of the paragraphs' anchors that Pagefind
 * records with each page, and its excerpt is cut from the first of them.
 */
(function () {
  "use strict";

  // Every reader-facing string of the search page's script, in one place.
  // The page's words in the interface language: search.html writes them from the message catalog.
  const page = document.getElementById("statement-search");
  const MESSAGES = JSON.parse((page && page.dataset.messages) || "{}");
  const t = (text, values = {}) =>
    (MESSAGES[text] || text).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
  const STRINGS = {
    filterGroups: {
      signatory: t("Signatory"),
      place: t("Place"),
      country: t("Country"),
      term: t("Term"),
      language: t("Language"),
      kind: t("Kind"),
    },
    year: t("Year"),
    from: t("From"),
    to: t("To"),
    yearLabel: (name) => (name === "from" ? t("From year") : t("To year")),
    anyYear: t("any year"),
    idle: t("Type words to search the statements, or choose a filter."),
    searching: t("Searching…"),
    loading: t("Loading the search index…"),
    noMatch: t("No statement matches this search."),
    found: (total) => t(total === 1 ? "{count} statement found." : "{count} statements found.", { count: total }),
    foundIn: (total, language) =>
      t(total === 1 ? "{count} statement found in {language}." : "{count} statements found in {language}.", {
        count: total,
        language,
      }),
    alsoSearch: (languages) => t("Search the statements in {languages} too", { languages }),
    failed: (message) => t("Search could not start: {error}.", { error: message }),
    missingIndex: (status, path) => t("the search index is missing ({status} for {path})", { status, path }),
    missingOffline: t("the search's data for pages opened from disk is missing (search-offline/)"),
    foundInParagraphs: t("Found in "),
    paragraph: (number) => `¶ ${number}`,
    paragraphLabel: (number) => t("Paragraph {number}", { number }),
    moreParagraphs: (count) => ` ${t("and {count} more", { count })}`,
    find: (label) => t("Find a {label}", { label: label.toLowerCase() }),
    // Their count is not known: a statement is found to hold a word only once its text is read.
    someWords: t("No statement holds every word; these hold some of them."),
    foundMore: (count) => t("At least {count} statements found.", { count }),
    // "{term}" stays in the text, where the term's name goes (in bold).
    termAlso: (names) => (names.length ? t("{term} — also {names}", { names: names.join(", ") }) : "{term}"),
    termFilter: (term) => t("Only the statements on {term}", { term }),
    termGlossary: (term) => t("{term} in the glossary", { term }),
  };
  // A filter with more choices than this gets a box to find a choice by name
  // (an open letter can bring hundreds of signatories).
  const FIND_FROM = 12;
  const findText = {};
  const FILTER_GROUPS = Object.entries(STRINGS.filterGroups);
  const PAGE_SIZE = 10;
  const EXCERPT_WORDS = 30;
  const WORDS_FILE = "archive-words.json"; // written by html/search.py beside Pagefind's index, and compressed (.gz)
  const PREFIX = 3;
  const MAX_PARAGRAPHS = 12;
  const TYPING_DELAY_MS = 250;

  const root = document.getElementById("statement-search");
  if (!root) return;
  const form = root.querySelector(".statement-search-form");
  const input = document.getElementById("statement-search-query");
  const sortSelect = document.getElementById("statement-search-sort");
  const statusLine = document.getElementById("statement-search-status");
  const filtersPanel = document.getElementById("statement-search-filters");
  const filterPanel = document.getElementById("statement-search-filter-panel");
  const resultList = document.getElementById("statement-search-results");
  const moreButton = document.getElementById("statement-search-more");
  const languagesButton = document.getElementById("statement-search-languages");
  // The glossary terms a query names, above the results (showTerms).
  const termBox = element("div", "statement-search-terms");
  termBox.id = "statement-search-terms";
  termBox.hidden = true;
  resultList.before(termBox);
  let onNavigate = () => {}; // shows a state the page chose itself (a term's link), set by start()
  // The interface's language, read before an index is made (making one changes <html lang> for a moment).
  const interfaceLanguage = (document.documentElement.getAttribute("lang") || "").split("-")[0].toLowerCase();
  const bundleUrl = new URL(root.dataset.bundle, document.baseURI);
  const siteRoot = new URL("../", bundleUrl);

  const api = { timings: {}, runs: 0 };
  window.statementSearch = api;

  function setStatus(status, message) {
    root.dataset.status = status;
    statusLine.textContent = message;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // -- state in the URL ---------------------------------------------------------

  function readState() {
    const params = new URLSearchParams(location.search);
    const state = {
      q: params.get("q") || "",
      sort: params.get("sort") || "",
      languages: params.get("languages") === "all" ? "all" : "",
      from: params.get("from") || "",
      to: params.get("to") || "",
      filters: {},
    };
    for (const [key] of FILTER_GROUPS) {
      const values = params.getAll(key).filter(Boolean);
      if (values.length) state.filters[key] = values;
    }
    return state;
  }

  function stateUrl(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const [key] of FILTER_GROUPS) {
      for (const value of state.filters[key] || []) params.append(key, value);
    }
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (state.sort) params.set("sort", state.sort);
    if (state.languages) params.set("languages", state.languages);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function saveState(state, newEntry) {
    const url = stateUrl(state);
    if (url === location.pathname + location.search) return;
    history[newEntry ? "pushState" : "replaceState"](null, "", url);
  }

  // -- Pagefind -------------------------------------------------------------------

  async function fetchOk(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(STRINGS.missingIndex(response.status, url.pathname));
    return response;
  }

  /* Served: one Pagefind instance per language, each made only when a query
     can match words of that language (or the filter panel needs them all). */
  let bundle = null; // { languages: [...], words: {language: {prefixes, short}}, module }

  async function loadBundle() {
    const [entry, words] = await Promise.all([
      fetchOk(new URL("pagefind-entry.json", bundleUrl)).then((response) => response.json()),
      compressedJson(WORDS_FILE),
    ]);
    const languages = Object.keys(entry.languages).sort();
    return {
      languages,
      metaHashes: Object.fromEntries(languages.map((language) => [language, entry.languages[language].hash])),
      orders: new Map(),
      words: Object.fromEntries(
        languages.map((language) => [language, wordStarts(words[language] || { prefixes: "", short: [] })]),
      ),
      labels: Object.fromEntries(languages.map((language) => [language, (words[language] || {}).label || language])),
      // Pagefind keeps one WebAssembly stemmer per copy of its module, so each
      // language gets a copy of its own, made from one download.
      module: null,
      instances: new Map(),
    };
  }

  /* A JSON file of the bundle: its gzip-compressed copy (``name``.gz, less than half its size) where
     the browser can decompress it, else the file itself. A host that sends the copy already
     decompressed (as Content-Encoding: gzip) is read as it sends it. */
  async function compressedJson(name) {
    if (typeof DecompressionStream !== "function") return (await fetchOk(new URL(name, bundleUrl))).json();
    return new Response(await gunzipped(await fetchOk(new URL(`${name}.gz`, bundleUrl)))).json();
  }

  // A response's body decompressed, as a Blob: as it is, when the host has decompressed it already.
  async function gunzipped(response) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new Blob([bytes]);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).blob();
  }

  function wordStarts({ prefixes, short }) {
    const set = new Set();
    for (let at = 0; at + PREFIX <= prefixes.length; at += PREFIX) set.add(prefixes.slice(at, at + PREFIX));
    return { prefixes: set, short };
  }

  /* Whether a query can find statements in the language's index: the
     statements there on one of its terms, or every word of it (one of
     them, when statements holding some of the words are wanted): Pagefind
     finds the words a query word begins, which share its first letters (or
     are the query word itself, when it is shorter than that). A superset: a
     language wrongly thought possible is only loaded for nothing. Pagefind
     would also match, for a query word that begins no word of the index, a
     shorter word that begins it ("de" for "deportation" in Spanish), and
     would leave out a word it cannot find at all: neither makes a statement
     hold the query's words (see ``stands``): neither opens a language. */
  function canMatch(language, query) {
    if (query.terms.some((term) => (term.languages || []).includes(language))) return true;
    if (query.terms.length && !query.text) return false; // only the term's statements are wanted
    if (!query.text) return true;
    return wordsCanMatch(language, query.text, query.partial);
  }

  // Whether every word of ``text`` (or one, with ``some``) can match a word of the language's index.
  function wordsCanMatch(language, text, some) {
    const starts = bundle.words[language];
    // Each query word whole or one of its runs of letters, as the build read the statements.
    const words = text.split(/\s+/).filter(Boolean);
    return words[some ? "some" : "every"]((word) =>
      [word, ...word.split(/[^\p{L}\p{N}]+/u)]
        .map(fold)
        .filter(Boolean)
        .some((part) => (part.length < PREFIX ? starts.short.includes(part) : starts.prefixes.has(part.slice(0, PREFIX)))),
    );
  }

  /* Pagefind's script: its gzip-compressed copy (written beside it by formats/search_bundle.py,
     a third of its size) where the browser can decompress it, else the script itself. A host
     that sends the copy already decompressed (as Content-Encoding: gzip) is read as it sends it. */
  async function pagefindScript() {
    if (typeof DecompressionStream !== "function") return (await fetchOk(new URL("pagefind.js", bundleUrl))).blob();
    return gunzipped(await fetchOk(new URL("pagefind.js.gz", bundleUrl)));
  }

  function instanceFor(language) {
    if (!bundle.instances.has(language)) {
      bundle.instances.set(
        language,
        (async () => {
          bundle.module = bundle.module || pagefindScript();
          const moduleSource = await bundle.module;
          const moduleUrl = URL.createObjectURL(new Blob([moduleSource], { type: "text/javascript" }));
          const pagefind = await import(moduleUrl);
          // Pagefind takes an instance's language from <html lang> when it is created.
          const html = document.documentElement;
          const pageLanguage = html.getAttribute("lang");
          html.setAttribute("lang", language);
          let instance;
          try {
            // In the page's own thread: Pagefind's worker would be a second download of its code (41 KB).
            instance = pagefind.createInstance({
              basePath: bundleUrl.pathname,
              baseUrl: siteRoot.pathname,
              noWorker: true,
            });
          } finally {
            if (pageLanguage === null) html.removeAttribute("lang");
            else html.setAttribute("lang", pageLanguage);
          }
          await instance.init();
          // Pagefind's code and the index's list of pages and chunks, loaded now (no word's chunk):
          // a search waits for them otherwise.
          await instance.preload("");
          return instance;
        })(),
      );
    }
    return bundle.instances.get(language);
  }

  /* The languages a search looks in, in two steps: ``first`` at once, ``then``
     only if the first step finds less than a page of results; ``offered``, the
     languages left for the reader to add ("Search the statements in … too").
     Every language a query can match is searched at once, except for a query
     by best match with no filter, year or glossary term, which looks first in
     the statements of the interface's language: each language's index is a
     download of its own (about 120 KB at 10,000 statements), and a statement
     in one language often quotes names in the other. Ordered by date,
     filtered, naming a term (whose statements are in every language), or
     once the filter panel has loaded every index, a search covers them all. */
  function languagesFor(query, state) {
    const matching = bundle.languages.filter((language) => canMatch(language, query));
    const whole =
      state.languages === "all" ||
      state.sort ||
      state.from ||
      state.to ||
      Object.keys(state.filters).length ||
      query.terms.length ||
      totals !== null;
    if (whole || matching.length < 2 || !matching.includes(interfaceLanguage)) {
      return { first: matching, then: [] };
    }
    return { first: [interfaceLanguage], then: matching.filter((language) => language !== interfaceLanguage) };
  }

  /* Each searched language's answer (``ask(instance, language)``), the
     languages not searched, and how long the search waited for indexes to
     load (not counted as searching). */
  async function searchLanguages(query, state, ask) {
    let loadingMs = 0;
    const askAll = async (languages, instancesPromise) => {
      const loadStarted = performance.now();
      const instances = await instancesPromise;
      loadingMs += performance.now() - loadStarted;
      if (api.timings.indexReady === undefined) api.timings.indexReady = performance.now();
      return Promise.all(instances.map((instance, index) => ask(instance, languages[index])));
    };
    if (offline) return { answers: await askAll(["all"], offline), offered: [], loadingMs };
    const { first, then } = languagesFor(query, state);
    const answers = await askAll(first, Promise.all(first.map(instanceFor)));
    const found = answers.reduce((sum, answer) => sum + answer.count, 0);
    if (!then.length) return { answers, offered: [], loadingMs };
    if (found >= PAGE_SIZE) return { answers, offered: then, loadingMs };
    return { answers: answers.concat(await askAll(then, Promise.all(then.map(instanceFor)))), offered: [], loadingMs };
  }

  async function allInstances() {
    if (offline) return offline;
    return Promise.all(bundle.languages.map(instanceFor));
  }

  // -- from disk ------------------------------------------------------------------

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = () => reject(new Error(STRINGS.missingOffline));
      document.head.append(script);
    });
  }

  /* Opened from disk: the search's data as scripts, searched in plain JavaScript. */
  async function loadOffline() {
    const listing = new URL(root.dataset.offline, document.baseURI);
    await loadScript(listing.href);
    const data = window.archiveSearchOffline;
    if (!data) throw new Error(STRINGS.missingOffline);
    await Promise.all([
      loadScript(new URL(root.dataset.offlineEngine, document.baseURI).href),
      ...data.files.map((name) => loadScript(new URL(name, listing).href)),
    ]);
    api.offline = true;
    return [window.archiveOfflineSearch.create(data.records, siteRoot)];
  }

  function addCounts(into, counts) {
    for (const [key, values] of Object.entries(counts || {})) {
      into[key] = into[key] || {};
      for (const [value, count] of Object.entries(values)) into[key][value] = (into[key][value] || 0) + count;
    }
    return into;
  }

  function yearsInRange(state, knownYears) {
    const low = state.from ? Number(state.from) : -Infinity;
    const high = state.to ? Number(state.to) : Infinity;
    return knownYears.filter((year) => Number(year) >= low && Number(year) <= high);
  }

  function pagefindFilters(state, knownYears) {
    const filters = {};
    for (const [key] of FILTER_GROUPS) {
      if (state.filters[key]) filters[key] = { any: state.filters[key] };
    }
    if (state.from || state.to) {
      const years = yearsInRange(state, knownYears);
      // No year in the range: a value no statement has, so nothing matches.
      filters.year = { any: years.length ? years : ["none"] };
    }
    return filters;
  }

  // -- rendering --------------------------------------------------------------------

  function renderFilters(state, counts, totals) {
    filtersPanel.replaceChildren();
    const years = Object.keys(totals.year || {}).sort();
    if (years.length) {
      const group = element("fieldset", "statement-search-filter statement-search-years");
      group.append(element("legend", "", STRINGS.year));
      for (const [name, label] of [["from", STRINGS.from], ["to", STRINGS.to]]) {
        const select = element("select", "statement-search-select");
        select.name = name;
        select.setAttribute("aria-label", STRINGS.yearLabel(name));
        select.append(new Option(STRINGS.anyYear, ""));
        for (const year of years) {
          const count = (counts.year || {})[year] || 0;
          select.append(new Option(`${year} (${count})`, year, false, state[name] === year));
        }
        const wrapper = element("label", "", `${label} `);
        wrapper.append(select);
        group.append(wrapper);
      }
      filtersPanel.append(group);
    }
    for (const [key, label] of FILTER_GROUPS) {
      const selected = state.filters[key] || [];
      const values = Object.keys(totals[key] || {}).filter(
        (value) => ((counts[key] || {})[value] || 0) > 0 || selected.includes(value),
      );
      if (!values.length) continue;
      values.sort((a, b) => ((counts[key] || {})[b] || 0) - ((counts[key] || {})[a] || 0) || a.localeCompare(b));
      const group = element("fieldset", `statement-search-filter statement-search-filter-${key}`);
      group.append(element("legend", "", label));
      if (values.length > FIND_FROM) group.append(findBox(key, label, group));
      for (const value of values) {
        const option = element("label", "statement-search-option");
        const box = element("input");
        box.type = "checkbox";
        box.name = key;
        box.value = value;
        box.checked = selected.includes(value);
        option.append(box, ` ${value} `, element("span", "statement-search-count", `(${(counts[key] || {})[value] || 0})`));
        option.dataset.folded = foldName(value);
        group.append(option);
      }
      filtersPanel.append(group);
      if (findText[key]) showMatching(group, findText[key]);
    }
  }

  // Folded as the archive's fold (core/text.py; tests/data/fold_cases.json holds the cases both pass):
  // case folded, accents dropped, spaces tidied.
  function foldName(text) {
    return text.normalize("NFD").toLowerCase().toUpperCase().toLowerCase().replace(/\p{M}+/gu, "")
      .split(/[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter(Boolean).join(" ");
  }

  function showMatching(group, text) {
    const wanted = foldName(text.trim());
    for (const option of group.querySelectorAll(".statement-search-option")) {
      option.hidden = Boolean(wanted) && !option.dataset.folded.includes(wanted) && !option.querySelector("input").checked;
    }
  }

  function findBox(key, label, group) {
    const box = element("input", "statement-search-find");
    box.type = "search";
    box.setAttribute("aria-label", STRINGS.find(label));
    box.placeholder = `${STRINGS.find(label)}…`;
    box.value = findText[key] || "";
    box.addEventListener("input", () => {
      findText[key] = box.value;
      showMatching(group, box.value);
    });
    // Typing a name narrows the list; it is not a filter of the results.
    box.addEventListener("change", (event) => event.stopPropagation());
    return box;
  }

  // -- paragraphs ---------------------------------------------------------------------

  const PARAGRAPH_ID = /^p(\d+)$/;
  // Elements that end the paragraph before them (footnotes, tables, sections).
  const BLOCK_ENDS = new Set(["aside", "section", "table", "div", "dl", "figure", "h1", "h2", "h3", "h4", "h5", "h6"]);

  /* The word range of each numbered paragraph, from the anchors Pagefind
     records with a page: every element with an id and the word it starts at. */
  function paragraphRanges(data, wordCount) {
    const anchors = [...(data.anchors || [])].sort((a, b) => a.location - b.location);
    const ranges = [];
    let open = null;
    for (const anchor of anchors) {
      const match = PARAGRAPH_ID.exec(anchor.id);
      if (match && (anchor.element === "p" || anchor.element === "li")) {
        if (open) open.end = anchor.location;
        open = { number: Number(match[1]), id: anchor.id, start: anchor.location, end: wordCount };
        ranges.push(open);
      } else if (open && BLOCK_ENDS.has(anchor.element)) {
        open.end = anchor.location;
        open = null;
      }
    }
    return ranges;
  }

  // A word as Pagefind compares it, as fold(word, word=True) in core/text.py: letters, digits and _ only.
  function fold(word) {
    return foldName(word).replace(/[^\p{L}\p{N}_]+/gu, "");
  }

  /* A statement's word as ``judge`` reads it: folded, and its forms (the word whole and
     each run of letters in it), each word worked out once for every result read:
     the results of a query share most of their words. */
  const readWords = new Map();
  function wordForms(word) {
    let known = readWords.get(word);
    if (known === undefined) {
      const folded = fold(word);
      const runs = word.split(/[^\p{L}\p{N}_]+/u).map(fold);
      known = { folded, forms: [folded, ...runs].filter(Boolean) };
      readWords.set(word, known);
    }
    return known;
  }

  /* The paragraphs holding the words found (``positions``, from ``judge``),
     in reading order. */
  function paragraphHits(data, words, positions) {
    const ranges = paragraphRanges(data, words.length);
    const hits = ranges.filter((range) => positions.some((at) => at >= range.start && at < range.end));
    return { ranges, hits };
  }

  function excerptNodes(words, range, positions) {
    const marked = new Set(positions);
    const first = positions.find((at) => at >= range.start && at < range.end) ?? range.start;
    let from = Math.max(range.start, first - 8);
    const to = Math.min(range.end, from + EXCERPT_WORDS);
    from = Math.max(range.start, to - EXCERPT_WORDS);
    const parts = [];
    if (from > range.start) parts.push("… ");
    for (let at = from; at < to; at += 1) {
      if (at > from) parts.push(" ");
      parts.push(marked.has(at) ? element("mark", "", words[at]) : words[at]);
    }
    if (to < range.end) parts.push(" …");
    return parts;
  }

  function paragraphLinks(url, hits) {
    const line = element("p", "statement-search-paragraphs", STRINGS.foundInParagraphs);
    hits.slice(0, MAX_PARAGRAPHS).forEach((range, index) => {
      if (index) line.append(", ");
      const link = element("a", "statement-search-paragraph", STRINGS.paragraph(range.number));
      link.href = `${url.split("#")[0]}#${range.id}`;
      link.setAttribute("aria-label", STRINGS.paragraphLabel(range.number));
      line.append(link);
    });
    if (hits.length > MAX_PARAGRAPHS) line.append(STRINGS.moreParagraphs(hits.length - MAX_PARAGRAPHS));
    return line;
  }

  function renderResult({ data, judged }) {
    const item = element("li", "statement-search-result");
    const link = element("a", "statement-search-title", data.meta.title || data.url);
    link.href = data.url;
    const heading = element("h2");
    heading.append(link);
    const facts = element("p", "statement-search-facts");
    for (const [key, className] of [["date", "date"], ["place", "place"], ["language", "language"], ["kind", "kind"]]) {
      if (!data.meta[key]) continue;
      if (facts.childNodes.length) facts.append(" · ");
      facts.append(element("span", `statement-search-${className}`, data.meta[key]));
    }
    item.append(heading, facts);
    if (data.meta.signatories) item.append(element("p", "statement-search-signatories", data.meta.signatories));
    const { ranges, hits } = paragraphHits(data, judged.words, judged.positions);
    if (hits.length) item.append(paragraphLinks(data.url, hits));
    const excerpt = element("p", "statement-search-excerpt");
    // From the statement's text only: the paragraph that holds the words, or its first one
    // (the words found in its title or header only). Pagefind's own excerpt may show the header.
    if (hits.length || ranges.length) excerpt.append(...excerptNodes(judged.words, hits[0] || ranges[0], judged.positions));
    else excerpt.innerHTML = data.excerpt; // the search escapes the text and adds only <mark>
    item.append(excerpt);
    return item;
  }

  // -- reading a query ------------------------------------------------------------------

  /* What the build hands the page to read a query with (data-query, written by
     html/search.py from core/query_words.py): the small words of English and
     Spanish, and every glossary term with all its names, folded. */
  const QUERY_DATA = JSON.parse(root.dataset.query || "{}");
  const SMALL_WORDS = new Set(QUERY_DATA.smallWords || []);
  const TERMS = (QUERY_DATA.terms || []).map((term) => ({
    ...term,
    sequences: term.folded.map(queryWords).filter((words) => words.length),
  }));
  // The candidates whose data is read to order them (phrases, words next to each other, terms named).
  const RERANKED = 20;
  const QUOTED = /["\u201c\u201d\u201e\u00ab\u00bb]([^"\u201c\u201d\u201e\u00ab\u00bb]*)["\u201c\u201d\u201e\u00ab\u00bb]?/g;

  // A text's words as Pagefind splits a statement's, each folded as ``fold``.
  function queryWords(text) {
    return text.split(/\s+/).map(fold).filter(Boolean);
  }

  // The longest name of a glossary term that starts at ``words[at]``: { term, length }, or null.
  function termAt(words, at) {
    let best = null;
    for (const term of TERMS) {
      for (const name of term.sequences) {
        if ((!best || name.length > best.length) && name.every((word, offset) => words[at + offset] === word)) {
          best = { term, length: name.length, name };
        }
      }
    }
    return best;
  }

  /* Part of a name of one glossary term only, starting at ``words[at]``, of
     two words or more besides small words ("Regional Security Initiative",
     of "Central America Regional Security Initiative"): { term, length, name },
     the longest, or null. Words that several terms' names share ("Central
     America") name none of them. */
  function termPartAt(words, at) {
    for (let length = words.length - at; length >= 2; length -= 1) {
      const part = words.slice(at, at + length);
      if (part.filter((word) => !SMALL_WORDS.has(word)).length < 2) continue;
      const terms = TERMS.filter((term) => term.sequences.some((name) => runsOf(name, part, (a, b) => a === b).length));
      if (terms.length === 1) return { term: terms[0], length, name: part };
    }
    return null;
  }

  /* A query read: the glossary terms it names (longest name first, on word
     boundaries, outside quotes or as a whole quoted phrase; or a part of one
     term's name only), its quoted
     phrases, the words each result must hold (its other words but the small
     ones), and the text sent to the search engine (those words and the
     phrases' words, without small words unless the query has nothing else). */
  function parseQuery(text) {
    const quoted = [];
    const loose = queryWords(
      (text || "").replace(QUOTED, (whole, inner) => {
        const words = queryWords(inner);
        if (words.length) quoted.push(words);
        return " ";
      }),
    );
    const terms = [];
    const typed = []; // the names of the terms as the query writes them
    const addTerm = ({ term, name }) => {
      if (!terms.includes(term)) terms.push(term);
      typed.push(name);
    };
    const others = [];
    for (let at = 0; at < loose.length; ) {
      const found = termAt(loose, at) || termPartAt(loose, at);
      if (found) {
        addTerm(found);
        at += found.length;
      } else {
        others.push(loose[at]);
        at += 1;
      }
    }
    const phrases = quoted.filter((phrase) => {
      const found = termAt(phrase, 0);
      if (!found || found.length !== phrase.length) return true;
      addTerm(found);
      return false;
    });
    let words = others.filter((word) => !SMALL_WORDS.has(word));
    let sent = [...words, ...phrases.flat().filter((word) => !SMALL_WORDS.has(word))];
    if (!sent.length && !terms.length) {
      words = others;
      sent = [...others, ...phrases.flat()];
    }
    return { terms, typed, phrases, words, text: [...new Set(sent)].join(" ") };
  }

  function commonStart(a, b) {
    let length = 0;
    while (length < a.length && length < b.length && a[length] === b[length]) length += 1;
    return length;
  }

  /* Whether a word Pagefind matched (folded) stands for a query word: it
     begins with the query word or shares its stem (four letters, or all but
     the last of a shorter word). Pagefind also answers a query word that
     begins no word of an index with a shorter word that begins it ("de" for
     "deportation", "san" for "santa"): that word does not stand for it. */
  function stands(found, wanted) {
    return commonStart(found, wanted) >= (wanted.length > 4 ? 4 : Math.max(1, wanted.length - 1));
  }

  // A word of a phrase or of a term's name: that word, or one it begins (a plural) from four letters on.
  function sameWord(found, wanted) {
    return found === wanted || (wanted.length >= 4 && found !== undefined && found.startsWith(wanted));
  }

  // Where ``sequence`` stands in ``folded`` in a row: the positions of each of its words.
  function runsOf(folded, sequence, matches) {
    const positions = [];
    for (let at = 0; at + sequence.length <= folded.length; at += 1) {
      if (sequence.every((word, offset) => matches(folded[at + offset], word))) {
        for (let offset = 0; offset < sequence.length; offset += 1) positions.push(at + offset);
      }
    }
    return positions;
  }

  /* What a result's data says of the query: whether it holds every word
     (``wordsOk``: where Pagefind located them, a word that stands for each)
     and how closely (``strength``: a word itself before a word of its stem),
     whether it holds every phrase in a row (``phrasesOk``), whether its words
     stand next to each other (``adjacent``), whether it names a term as the
     query does (``typed``), how densely it names the terms (``density``), and
     the positions to mark: the words found, the phrases and every name of the
     terms, in any language. ``located``: where Pagefind found each word, when
     it was asked for each apart (``someWords``); ``held``: how many it holds. */
  function judge(data, query, located) {
    const words = (data.content || "").split(/[\r\n\s]+/g);
    const read = words.map(wordForms);
    const folded = read.map((word) => word.folded);
    // A word as Pagefind indexes it: whole, and each run of letters in it ("O'Brien's": "brien").
    const forms = (at) => read[at].forms;
    const standsAt = (at, wanted) => at < folded.length && forms(at).some((form) => stands(form, wanted));
    const closeness = (at, wanted) => Math.max(...forms(at).map((form) => commonStart(form, wanted) / wanted.length));
    const everywhere = [...new Set(data.locations || [])];
    const positions = [];
    let held = 0;
    let strength = 0;
    for (const wanted of query.words) {
      const found = (located ? located.get(wanted) || [] : everywhere).filter((at) => standsAt(at, wanted));
      if (found.length) held += 1;
      strength += Math.max(0, ...found.map((at) => closeness(at, wanted)));
      positions.push(...found);
    }
    let phrasesOk = true;
    for (const phrase of query.phrases) {
      const found = runsOf(folded, phrase, sameWord);
      if (!found.length) phrasesOk = false;
      positions.push(...found);
    }
    let named = 0;
    for (const term of query.terms) {
      for (const name of term.sequences) {
        const found = runsOf(folded, name, sameWord);
        named += found.length / name.length;
        positions.push(...found);
      }
    }
    const indexes = folded.map((word, at) => at);
    const adjacent = query.words.length > 1 && runsOf(indexes, query.words, (at, wanted) => at !== undefined && standsAt(at, wanted)).length > 0;
    return {
      words,
      positions: [...new Set(positions)].sort((a, b) => a - b),
      wordsOk: held === query.words.length,
      held,
      strength: Math.round((10 * strength) / (query.words.length || 1)) / 10,
      phrasesOk,
      adjacent,
      typed: query.typed.some((name) => runsOf(folded, name, sameWord).length > 0),
      density: named / Math.sqrt(words.length || 1),
    };
  }

  // -- searching ----------------------------------------------------------------------

  /* What finds a term's statements in an index: words of its names, asked
     with the term's filter, so that each finds statements on the term only.
     A statement on the term holds one of its names (that is how it came to
     be on it), so a word of each name (the small words left out) finds
     them all: the fewest words that cover every name, a word shared by most
     names first ("regional" for three of CARSI's). Pagefind has no search by
     a filter alone short of reading every word of the index. */
  function nameQueries(terms) {
    const queries = [];
    for (const term of terms) {
      let left = term.sequences.map((name) => {
        const content = name.filter((word) => !SMALL_WORDS.has(word));
        return new Set(content.length ? content : name);
      });
      while (left.length) {
        const shared = new Map();
        for (const name of left) for (const word of name) shared.set(word, (shared.get(word) || 0) + 1);
        const [word] = [...shared].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))[0];
        queries.push({ term, text: word });
        left = left.filter((name) => !name.has(word));
      }
    }
    return queries;
  }

  /* One language's answer to a query ordered by best match: its candidates
     (each with the number of the query's terms it is on, whether Pagefind
     found the query's other words in it, and Pagefind's score), and its
     filter counts. A query naming terms asks for each term's statements by
     its filter and its names (so a Spanish statement that names only
     "Alianza para la Prosperidad" is found on the term "Alliance for
     Prosperity") and, apart, for its other words. */
  async function bestMatch(instance, language, query, filters) {
    // Served, each index is asked only for the names its statements on the term can hold.
    const names = nameQueries(query.terms).filter(
      ({ term, text }) => offline || ((term.languages || []).includes(language) && wordsCanMatch(language, text)),
    );
    const [rest, ...named] = await Promise.all([
      query.text || !query.terms.length ? instance.search(query.text || null, { filters }) : null, // filters alone: every statement they keep
      ...names.map(({ term, text }) => instance.search(text, { filters: { ...filters, term: { any: [term.name] } } })),
    ]);
    const candidates = new Map();
    const candidate = (result) => {
      const key = `${language} ${result.id}`;
      if (!candidates.has(key)) candidates.set(key, { key, result, on: new Set(), terms: 0, words: false, score: 0 });
      return candidates.get(key);
    };
    for (const result of (rest && rest.results) || []) Object.assign(candidate(result), { words: true, score: result.score });
    named.forEach((response, index) => {
      for (const result of response.results) {
        const found = candidate(result);
        found.on.add(names[index].term);
        found.terms = found.on.size;
        if (!found.words) found.score = Math.max(found.score, result.score);
      }
    });
    const counts = (rest || named[0] || {}).filters;
    return { lists: [[...candidates.values()]], filters: counts, count: candidates.size };
  }

  /* A language's statements in date order, served: each statement's place in the order
     Pagefind's sort by date would give (formats/search_bundle.py's ORDER_FILE, beside the
     language's meta file and named after it). The meta file holds no sort, so that a first
     query does not load it; a search by date loads this file once. */
  function dateOrder(language) {
    if (!bundle.orders.has(language)) {
      bundle.orders.set(
        language,
        (async () => {
          const { date = [] } = await compressedJson(`archive-order.${bundle.metaHashes[language]}.json`);
          return new Map(date.map((name, place) => [name, place]));
        })(),
      );
    }
    return bundle.orders.get(language);
  }

  /* A response's results in date order (``sort.date``: "asc" or "desc"), as Pagefind's sort
     orders them: a statement without a date is left out. */
  async function inDateOrder(language, response, sort) {
    const place = await dateOrder(language);
    const direction = sort.date === "asc" ? 1 : -1;
    const results = response.results.filter((result) => place.has(result.id));
    results.sort((a, b) => direction * (place.get(a.id) - place.get(b.id)));
    return { ...response, results };
  }

  /* One language's answer to a query ordered by date: the statements on its
     terms (if it names any) that hold its words, or those holding its words,
     each list in date order (from disk, the search's own sort). */
  async function byDate(instance, language, query, filters, sort) {
    if (!offline) {
      // Served, Pagefind's results are put in date order here (``inDateOrder``); the order loads while Pagefind searches.
      dateOrder(language).catch(() => {}); // a failure is reported where the order is awaited
      const unsorted = { search: (text, options) => instance.search(text, { filters: options.filters }).then((response) => inDateOrder(language, response, sort)) };
      return datedLists(unsorted, language, query, filters, sort);
    }
    return datedLists(instance, language, query, filters, sort);
  }

  async function datedLists(instance, language, query, filters, sort) {
    const onTerms = { ...filters, term: { any: query.terms.map((term) => term.name) } };
    const asked = !query.terms.length
      ? [instance.search(query.text || null, { filters, sort })]
      : query.text
        ? [instance.search(query.text, { filters: onTerms, sort })]
        : nameQueries(query.terms)
            .filter(({ term, text }) => offline || ((term.languages || []).includes(language) && wordsCanMatch(language, text)))
            .map(({ term, text }) => instance.search(text, { filters: { ...filters, term: { any: [term.name] } }, sort }));
    const responses = await Promise.all(asked);
    const lists = responses.map((response) =>
      response.results.map((result) => ({ key: `${language} ${result.id}`, result, terms: query.terms.length ? 1 : 0, words: true, score: result.score })),
    );
    const count = new Set(lists.flat().map((candidate) => candidate.key)).size;
    return { lists, filters: (responses[0] || {}).filters, count };
  }

  /* One language's statements holding some of a query's words, when none
     holds them all: each word asked for apart, a statement holding more of
     them first. */
  async function someWords(instance, language, query, filters) {
    const responses = await Promise.all(query.words.map((word) => instance.search(word, { filters })));
    const candidates = new Map();
    responses.forEach((response, index) => {
      for (const result of response.results) {
        const key = `${language} ${result.id}`;
        if (!candidates.has(key)) candidates.set(key, { key, result, terms: 0, words: false, found: 0, located: new Map(), score: 0 });
        const found = candidates.get(key);
        found.located.set(query.words[index], result.words || []);
        found.found += 1;
        found.score += result.score;
      }
    });
    const list = [...candidates.values()].sort((a, b) => b.found - a.found || b.score - a.score);
    return { lists: [list], filters: (responses[0] || {}).filters, count: list.length };
  }

  /* Whether a judged candidate is a result: its phrases in a row, and on a
     term of the query or holding every other word of it; not when Pagefind
     matched words that do not stand for the query's. */
  function kept(candidate, query) {
    const { judged } = candidate;
    if (query.partial) return judged.held > 0;
    return judged.phrasesOk && (candidate.terms > 0 || judged.wordsOk);
  }

  /* Results of all languages, in one order, read a page at a time; a
     candidate that does not hold what the query asks for is left out when
     its data is read. By best match: the statements on more of the query's
     terms first, then those holding its other words, then by Pagefind's
     score; the first RERANKED candidates are read (a page at a time, as far as
     the page shown needs) and ordered again, as they truly hold the words: then the words next to each other first, then those naming a term as the query does, then the
     words matched most closely (a word itself before a word of its stem in
     the other language), then Pagefind's score or, for the statements on a
     term without the other words, the terms named most densely. By
     date: each language's results merged by their dates. */
  function resultPages(answers, query, sort) {
    const withData = async (candidate) => {
      if (!candidate.data) api.dataRead = (api.dataRead || 0) + 1;
      candidate.data = candidate.data || (await candidate.result.data());
      if (api.timings.firstData === undefined) api.timings.firstData = performance.now();
      candidate.judged = candidate.judged || judge(candidate.data, query, candidate.located);
      return candidate;
    };
    let dropped = 0;
    let next; // a function giving the next candidates, in order, with their data
    if (sort) {
      // Several lists may hold one statement (a term found by two of its names): it is shown once.
      const lists = answers.flatMap((answer) => answer.lists);
      const cursors = lists.map(() => 0);
      const shown = new Set();
      const direction = sort === "oldest" ? 1 : -1;
      next = async () => {
        const heads = [];
        await Promise.all(
          lists.map(async (list, index) => {
            for (const candidate of list.slice(cursors[index], cursors[index] + PAGE_SIZE)) heads.push({ index, candidate: await withData(candidate) });
          }),
        );
        heads.sort((a, b) => direction * a.candidate.data.meta.isodate.localeCompare(b.candidate.data.meta.isodate));
        const taken = [];
        for (const { index, candidate } of heads) {
          if (taken.length === PAGE_SIZE) break;
          cursors[index] += 1;
          if (shown.has(candidate.key)) continue;
          shown.add(candidate.key);
          taken.push(candidate);
        }
        return taken;
      };
    } else {
      const queue = answers.flatMap((answer) => answer.lists.flat());
      queue.sort((a, b) => b.terms - a.terms || b.words - a.words || b.score - a.score);
      const order = (a, b) =>
        b.terms - a.terms ||
        (b.words && b.judged.wordsOk) - (a.words && a.judged.wordsOk) ||
        b.judged.held - a.judged.held ||
        b.judged.adjacent - a.judged.adjacent ||
        b.judged.typed - a.judged.typed ||
        b.judged.strength - a.judged.strength ||
        (a.words && a.judged.wordsOk ? b.score - a.score : b.judged.density - a.judged.density);
      /* The best a candidate not yet read can be judged: holding every word, next to each
         other, as the query names a term, most closely, most densely. */
      const best = (candidate) => ({
        ...candidate,
        judged: {
          wordsOk: true,
          held: query.words.length,
          adjacent: query.words.length > 1,
          typed: query.typed.length > 0,
          strength: query.words.length ? 1 : 0,
          density: Infinity,
        },
      });
      const reranking = Math.min(RERANKED, queue.length);
      let at = 0;
      let read = 0; // the first ``read`` candidates have their data; those from ``at`` on are ordered again
      next = async () => {
        /* A page of the first RERANKED is read a page at a time, until its last
           result comes before the best every candidate not yet read could be (the
           sort keeps the earlier of two equal): the candidates below it cannot
           come into the page, and are read when the reader asks for more. */
        const end = Math.min(at + PAGE_SIZE, reranking);
        while (read < reranking && !(read >= end && queue.slice(read, reranking).every((candidate) => order(queue[end - 1], best(candidate)) <= 0))) {
          const batch = queue.slice(read, Math.min(read + PAGE_SIZE, reranking));
          await Promise.all(batch.map(withData));
          read += batch.length;
          const ordered = queue.slice(at, read).sort(order);
          queue.splice(at, ordered.length, ...ordered);
        }
        const page = await Promise.all(queue.slice(at, at + PAGE_SIZE).map(withData));
        at += page.length;
        return page;
      };
    }
    const total = answers.reduce((sum, answer) => sum + answer.count, 0);
    let seen = 0;
    return {
      /* The next page of results: each { data, judged }, and how many candidates are left. */
      async more() {
        const page = [];
        while (page.length < PAGE_SIZE && seen < total) {
          const candidates = await next();
          if (!candidates.length) break;
          seen += candidates.length;
          for (const candidate of candidates) {
            if (kept(candidate, query)) page.push(candidate);
            else dropped += 1;
          }
        }
        return { page, left: total - seen };
      },
      /* How many results there are, as far as is known: every candidate not yet left out. */
      count: () => total - dropped,
      /* Whether every candidate has been read (the count is then exact). */
      known: () => seen >= total || query.phrases.length === 0,
    };
  }

  let offline = null; // opened from disk: the one plain-JavaScript search
  let totals = null; // every filter value's count, loaded when the filter panel opens
  let totalsLoading = null;
  let currentState = null;

  /* The filter panel's counts: loaded the first time it opens (every
     language's filter files), then the current search is shown again with them. */
  function loadTotals() {
    if (!totalsLoading) {
      totalsLoading = (async () => {
        const searched = await allInstances();
        const allFilters = await Promise.all(searched.map((instance) => instance.filters()));
        totals = allFilters.reduce(addCounts, {});
      })();
    }
    return totalsLoading;
  }
  let latestRun = 0;
  let pending = null; // the rest of the current results, for "Show more"

  async function showMore(run) {
    const { page, left } = await pending.more();
    if (run !== latestRun) return;
    resultList.append(...page.map(renderResult));
    moreButton.hidden = left === 0;
  }

  /* The glossary terms a query names, above the results: each with its other
     names, a link to its statements (its filter) and one to its entry. */
  function showTerms(query, state) {
    termBox.replaceChildren();
    termBox.hidden = !query.terms.length;
    for (const term of query.terms) {
      const line = element("p", "statement-search-term");
      const name = element("strong", "statement-search-term-name", term.name);
      const words = STRINGS.termAlso(term.names).split("{term}");
      line.append(words[0], name, ...(words.length > 1 ? [words.slice(1).join(term.name)] : []));
      const only = element("a", "statement-search-term-filter", STRINGS.termFilter(term.name));
      const filterState = { q: "", sort: state.sort, from: state.from, to: state.to, languages: "", filters: { term: [term.name] } };
      only.href = stateUrl(filterState);
      only.addEventListener("click", (event) => {
        event.preventDefault();
        saveState(filterState, true);
        showState(filterState);
        onNavigate(filterState);
      });
      const links = element("span", "statement-search-term-links");
      links.append(only);
      if (term.url) {
        const entry = element("a", "statement-search-term-glossary", STRINGS.termGlossary(term.name));
        entry.href = term.url;
        links.append(" · ", entry);
      }
      line.append(" ", links);
      termBox.append(line);
    }
  }

  async function search(state) {
    const run = ++latestRun;
    currentState = state;
    const query = parseQuery(state.q);
    const filters = pagefindFilters(state, Object.keys((totals || {}).year || {}));
    showTerms(query, state);
    if (!query.text && !query.terms.length && !Object.keys(filters).length) {
      if (totals) renderFilters(state, totals, totals);
      resultList.replaceChildren();
      moreButton.hidden = true;
      setStatus("idle", STRINGS.idle);
      return;
    }
    setStatus("searching", STRINGS.searching);
    const sort = state.sort ? { date: state.sort === "oldest" ? "asc" : "desc" } : null;
    const ask = (instance, language) => (sort ? byDate(instance, language, query, filters, sort) : bestMatch(instance, language, query, filters));
    const searchStarted = performance.now();
    const { answers, loadingMs, ...asked } = await searchLanguages(query, state, ask);
    let offered = asked.offered;
    if (api.timings.answered === undefined) api.timings.answered = performance.now();
    if (run !== latestRun) return;
    const counts = answers.reduce((into, answer) => addCounts(into, answer.filters), {});
    pending = resultPages(answers, query, state.sort);
    resultList.replaceChildren();
    await showMore(run);
    if (api.timings.shown === undefined) api.timings.shown = performance.now();
    if (run !== latestRun) return;
    const partial = !pending.count() && !sort && query.words.length > 1 && !query.terms.length && !query.phrases.length;
    if (partial) {
      // No statement holds every word: those that hold some of them, said so.
      const some = { ...query, partial: true };
      const found = await searchLanguages(some, { ...state, languages: "all" }, (instance, language) => someWords(instance, language, some, filters));
      if (run !== latestRun) return;
      pending = resultPages(found.answers, some, null);
      offered = [];
      await showMore(run);
      if (run !== latestRun) return;
    }
    if (totals) renderFilters(state, counts, totals);
    api.runs += 1;
    api.timings.lastSearchMs = performance.now() - searchStarted - loadingMs;
    if (api.timings.firstResults === undefined) api.timings.firstResults = performance.now();
    languagesButton.hidden = !offered.length;
    if (offered.length) {
      languagesButton.textContent = STRINGS.alsoSearch(offered.map((language) => bundle.labels[language]).join(", "));
    }
    const total = pending.count();
    setStatus(
      "results",
      total === 0
        ? STRINGS.noMatch
        : partial
          ? STRINGS.someWords
        : !pending.known()
          ? STRINGS.foundMore(resultList.children.length)
          : offered.length
            ? STRINGS.foundIn(total, bundle.labels[interfaceLanguage])
            : STRINGS.found(total),
    );
  }

  function stateFromForm(previous) {
    // Years and filters not shown (the panel not yet opened) are kept.
    const state = {
      q: input.value,
      sort: sortSelect.value,
      from: previous.from,
      to: previous.to,
      languages: previous.languages,
      filters: {},
    };
    for (const select of filtersPanel.querySelectorAll("select")) state[select.name] = select.value;
    for (const box of filtersPanel.querySelectorAll("input[type=checkbox]:checked")) {
      (state.filters[box.name] = state.filters[box.name] || []).push(box.value);
    }
    // Filters chosen in the URL but not shown (no count) are kept.
    for (const [key, values] of Object.entries(previous.filters)) {
      const shown = new Set([...filtersPanel.querySelectorAll(`input[name="${CSS.escape(key)}"]`)].map((b) => b.value));
      for (const value of values) {
        if (!shown.has(value)) (state.filters[key] = state.filters[key] || []).push(value);
      }
    }
    return state;
  }

  function showState(state) {
    input.value = state.q;
    sortSelect.value = state.sort;
  }

  function failed(error) {
    setStatus("unavailable", STRINGS.failed(error && error.message ? error.message : error));
    console.error(error);
  }

  async function start() {
    let state = readState();
    // What the reader typed or chose before this script ran (it is deferred: the form is there first) is theirs.
    const chosenFirst = Object.entries({ q: input.value, sort: sortSelect.value }).filter(([key, value]) => value !== "" && value !== state[key]);
    const typedFirst = chosenFirst.length > 0;
    state = { ...state, ...Object.fromEntries(chosenFirst) };
    showState(state);
    setStatus("loading", STRINGS.loading);
    api.timings.start = performance.now();
    let ready = false;
    const loaded = (async () => {
      if (location.protocol === "file:") offline = await loadOffline();
      else bundle = await loadBundle();
      if (state.from || state.to || Object.keys(state.filters).length) {
        // Filters chosen in the address: the panel opens with them.
        filterPanel.open = true;
        await loadTotals();
      }
      ready = true;
    })();
    // What the reader asks while the index loads is searched once it has: never sent away, never lost.
    let asked = false;
    const searchWhenLoaded = (wanted) => {
      asked = true;
      // Once loaded, at once: the page says it is searching before this returns.
      (ready ? search(wanted) : loaded.then(() => search(wanted))).catch(failed);
    };

    let typingTimer = null;
    const update = (newEntry) => {
      state = stateFromForm(state);
      saveState(state, newEntry);
      searchWhenLoaded(state);
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(typingTimer);
      update(true);
    });
    input.addEventListener("input", () => {
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => update(false), TYPING_DELAY_MS);
    });
    sortSelect.addEventListener("change", () => update(true));
    filtersPanel.addEventListener("change", () => update(true));
    filterPanel.addEventListener("toggle", () => {
      if (filterPanel.open && !totals) {
        loaded
          .then(loadTotals)
          .then(() => search(currentState || state))
          .catch(failed);
      }
    });
    moreButton.addEventListener("click", () => showMore(latestRun).catch(failed));
    languagesButton.addEventListener("click", () => {
      state = { ...stateFromForm(state), languages: "all" };
      saveState(state, true);
      searchWhenLoaded(state);
    });
    onNavigate = (next) => {
      state = next;
      searchWhenLoaded(state);
    };
    window.addEventListener("popstate", () => {
      state = readState();
      showState(state);
      searchWhenLoaded(state);
    });
    await loaded;
    // The reader's own search, if they asked while the index loaded, is the one shown.
    if (asked) return;
    if (typedFirst) saveState(state, false);
    await search(state);
  }

  start().catch(failed);
})();
