// Runs each browser script's fold functions on the cases of tests/data/fold_cases.json:
// prints {script: {kind: [result…]}}, one result per case, for tests/test_fold_cases.py to compare
// with the expected values. Each function is read from its script as written and run alone (with
// the functions it calls), without the page around it.
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const ROOT = path.resolve(__dirname, "..");
// script → {kind of case: name of the function that folds it}
const SCRIPTS = {
  "solidarity_archive/html/static/search.js": { fold: "foldName", word: "fold" },
  "solidarity_archive/html/static/search-offline.js": { word: "fold" },
  "solidarity_archive/html/admin/archive-form.js": { fold: "fold", slug: "asciiSlug" },
};

function functionSource(text, name) {
  const start = text.indexOf(`function ${name}(`);
  if (start < 0) throw new Error(`no function ${name}`);
  let depth = 0;
  for (let at = text.indexOf("{", start); at < text.length; at += 1) {
    if (text[at] === "{") depth += 1;
    else if (text[at] === "}" && --depth === 0) return text.slice(start, at + 1);
  }
  throw new Error(`function ${name} does not end`);
}

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, "data", "fold_cases.json"), "utf-8"));
const out = {};
for (const [script, kinds] of Object.entries(SCRIPTS)) {
  const text = fs.readFileSync(path.join(ROOT, script), "utf-8");
  const context = vm.createContext({});
  vm.runInContext([...new Set(Object.values(kinds))].map((name) => functionSource(text, name)).join("\n"), context);
  out[script] = {};
  for (const [kind, name] of Object.entries(kinds)) {
    out[script][kind] = cases[kind].map(([input]) => vm.runInContext(name, context)(input));
  }
}
process.stdout.write(JSON.stringify(out));
