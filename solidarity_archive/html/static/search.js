/* The archive's search page: Pagefind over the statements.
 *
 * One Pagefind instance per indexed language (each stems its own language);
 * their results and filter counts are merged here. The query, filters, year
 * range and order live in the page's URL, so every search can be linked.
 * A classic script (not a module), so that a page opened from disk can still
 * say why search does not work there.
 */
(function () {
  "use strict";

  const FILTER_GROUPS = [
    ["signatory", "Signatory"],
    ["place", "Place"],
    ["country", "Country"],
    ["term", "Term"],
    ["language", "Language"],
    ["kind", "Kind"],
  ];
  const PAGE_SIZE = 10;
  // A filter with more choices than this gets a box to find a choice by name
  // (an open letter can bring hundreds of signatories).
  const FIND_FROM = 12;
  const findText = {};
  const TYPING_DELAY_MS = 250;

  const root = document.getElementById("statement-search");
  if (!root) return;
  // The page's words in the interface language: search.html writes them from the message catalog.
  const MESSAGES = JSON.parse(root.dataset.messages || "{}");
  const t = (text, values = {}) =>
    (MESSAGES[text] || text).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
  const form = root.querySelector(".statement-search-form");
  const input = document.getElementById("statement-search-query");
  const sortSelect = document.getElementById("statement-search-sort");
  const statusLine = document.getElementById("statement-search-status");
  const filtersPanel = document.getElementById("statement-search-filters");
  const resultList = document.getElementById("statement-search-results");
  const moreButton = document.getElementById("statement-search-more");
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
    if (!response.ok) throw new Error(`the search index is missing (${response.status} for ${url.pathname})`);
    return response;
  }

  async function loadInstances() {
    const entry = await (await fetchOk(new URL("pagefind-entry.json", bundleUrl))).json();
    // Pagefind keeps one WebAssembly stemmer per copy of its module, so each
    // language gets a copy of its own, made from one download.
    const moduleSource = await (await fetchOk(new URL("pagefind.js", bundleUrl))).blob();
    const html = document.documentElement;
    const pageLanguage = html.getAttribute("lang");
    const instances = [];
    for (const language of Object.keys(entry.languages)) {
      const moduleUrl = URL.createObjectURL(new Blob([moduleSource], { type: "text/javascript" }));
      const pagefind = await import(moduleUrl);
      // Pagefind takes an instance's language from <html lang> when it is created.
      html.setAttribute("lang", language);
      try {
        instances.push(pagefind.createInstance({ basePath: bundleUrl.pathname, baseUrl: siteRoot.pathname }));
      } finally {
        if (pageLanguage === null) html.removeAttribute("lang");
        else html.setAttribute("lang", pageLanguage);
      }
    }
    await Promise.all(instances.map((instance) => instance.init()));
    return instances;
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
      group.append(element("legend", "", t("Year")));
      for (const [name, label] of [["from", "From"], ["to", "To"]]) {
        const select = element("select", "statement-search-select");
        select.name = name;
        select.setAttribute("aria-label", t(`${label} year`));
        select.append(new Option(t("any year"), ""));
        for (const year of years) {
          const count = (counts.year || {})[year] || 0;
          select.append(new Option(`${year} (${count})`, year, false, state[name] === year));
        }
        const wrapper = element("label", "", `${t(label)} `);
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
      group.append(element("legend", "", t(label)));
      if (values.length > FIND_FROM) group.append(findBox(key, label, group));
      for (const value of values) {
        const option = element("label", "statement-search-option");
        const box = element("input");
        box.type = "checkbox";
        box.name = key;
        box.value = value;
        box.checked = selected.includes(value);
        option.append(box, ` ${value} `, element("span", "statement-search-count", `(${(counts[key] || {})[value] || 0})`));
        option.dataset.folded = fold(value);
        group.append(option);
      }
      filtersPanel.append(group);
      if (findText[key]) showMatching(group, findText[key]);
    }
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function showMatching(group, text) {
    const wanted = fold(text.trim());
    for (const option of group.querySelectorAll(".statement-search-option")) {
      option.hidden = Boolean(wanted) && !option.dataset.folded.includes(wanted) && !option.querySelector("input").checked;
    }
  }

  function findBox(key, label, group) {
    const box = element("input", "statement-search-find");
    box.type = "search";
    box.setAttribute("aria-label", t("Find a {label}", { label: t(label).toLowerCase() }));
    box.placeholder = `${t("Find a {label}", { label: t(label).toLowerCase() })}…`;
    box.value = findText[key] || "";
    box.addEventListener("input", () => {
      findText[key] = box.value;
      showMatching(group, box.value);
    });
    // Typing a name narrows the list; it is not a filter of the results.
    box.addEventListener("change", (event) => event.stopPropagation());
    return box;
  }

  function renderResult(data) {
    const item = element("li", "statement-search-result");
    const link = element("a", "statement-search-title", data.meta.title || data.url);
    link.href = data.url;
    const heading = element("h2");
    heading.append(link);
    const facts = element("p", "statement-search-facts");
    for (const [key, className] of [["date", "date"], ["place", "place"], ["language", "language"], ["version", "version"], ["kind", "kind"]]) {
      if (!data.meta[key]) continue;
      if (facts.childNodes.length) facts.append(" · ");
      facts.append(element("span", `statement-search-${className}`, data.meta[key]));
    }
    item.append(heading, facts);
    if (data.meta.signatories) item.append(element("p", "statement-search-signatories", data.meta.signatories));
    const excerpt = element("p", "statement-search-excerpt");
    excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
    item.append(excerpt);
    return item;
  }

  // -- searching ----------------------------------------------------------------------

  let instances = [];
  let totals = {};
  let latestRun = 0;
  let pending = null; // the rest of the current results, for "Show more"

  /* Results of all languages, in one order: best match first (Pagefind scores),
     or by date, read from each result's sort key. */
  function mergedPages(lists, sort) {
    const cursors = lists.map(() => 0);
    return async function nextPage() {
      const candidates = [];
      await Promise.all(
        lists.map(async (results, index) => {
          const slice = results.slice(cursors[index], cursors[index] + PAGE_SIZE);
          if (sort) {
            for (const result of slice) candidates.push({ index, result, data: await result.data() });
          } else {
            for (const result of slice) candidates.push({ index, result });
          }
        }),
      );
      if (sort) {
        const direction = sort === "oldest" ? 1 : -1;
        candidates.sort((a, b) => direction * a.data.meta.isodate.localeCompare(b.data.meta.isodate));
      } else {
        candidates.sort((a, b) => b.result.score - a.result.score);
      }
      const page = candidates.slice(0, PAGE_SIZE);
      for (const { index } of page) cursors[index] += 1;
      const datas = await Promise.all(page.map((c) => c.data || c.result.data()));
      const left = lists.reduce((sum, results, index) => sum + results.length - cursors[index], 0);
      return { datas, left };
    };
  }

  async function showMore(run) {
    const { datas, left } = await pending();
    if (run !== latestRun) return;
    resultList.append(...datas.map(renderResult));
    moreButton.hidden = left === 0;
  }

  async function search(state) {
    const run = ++latestRun;
    const started = performance.now();
    const term = state.q.trim() || null;
    const filters = pagefindFilters(state, Object.keys(totals.year || {}));
    if (term === null && !Object.keys(filters).length) {
      renderFilters(state, totals, totals);
      resultList.replaceChildren();
      moreButton.hidden = true;
      setStatus("idle", t("Type words to search the statements, or choose a filter."));
      return;
    }
    setStatus("searching", t("Searching…"));
    const options = { filters };
    if (state.sort) options.sort = { date: state.sort === "oldest" ? "asc" : "desc" };
    const responses = await Promise.all(instances.map((instance) => instance.search(term, options)));
    if (run !== latestRun) return;
    const counts = responses.reduce((into, response) => addCounts(into, response.filters), {});
    const lists = responses.map((response) => response.results);
    const total = lists.reduce((sum, results) => sum + results.length, 0);
    pending = mergedPages(lists, state.sort);
    resultList.replaceChildren();
    await showMore(run);
    if (run !== latestRun) return;
    renderFilters(state, counts, totals);
    api.runs += 1;
    api.timings.lastSearchMs = performance.now() - started;
    if (api.timings.firstResults === undefined) api.timings.firstResults = performance.now();
    setStatus(
      "results",
      total === 0
        ? t("No statement matches this search.")
        : t(total === 1 ? "{count} statement found." : "{count} statements found.", { count: total }),
    );
  }

  function stateFromForm(previous) {
    const state = { q: input.value, sort: sortSelect.value, from: "", to: "", filters: {} };
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
    setStatus("unavailable", t("Search could not start: {error}.", { error: error && error.message ? error.message : error }));
    console.error(error);
  }

  async function start() {
    if (location.protocol === "file:") {
      const served = `http://127.0.0.1:8000/search.html${location.search}`;
      setStatus(
        "unavailable",
        t(
          "Search does not work on pages opened from disk (file://): browsers block the search index there. " +
            "To search, serve the archive: run “make serve” in the archive's folder, then open {address}. " +
            "Every statement is also listed by year from the home page.",
          { address: served },
        ),
      );
      form.hidden = true;
      return;
    }
    let state = readState();
    showState(state);
    setStatus("loading", t("Loading the search index…"));
    api.timings.start = performance.now();
    instances = await loadInstances();
    const allFilters = await Promise.all(instances.map((instance) => instance.filters()));
    totals = allFilters.reduce(addCounts, {});
    api.timings.indexReady = performance.now();

    let typingTimer = null;
    const update = (newEntry) => {
      state = stateFromForm(state);
      saveState(state, newEntry);
      search(state).catch(failed);
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
    moreButton.addEventListener("click", () => showMore(latestRun).catch(failed));
    window.addEventListener("popstate", () => {
      state = readState();
      showState(state);
      search(state).catch(failed);
    });
    await search(state);
  }

  start().catch(failed);
})();
