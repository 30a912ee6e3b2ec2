// Renders CSL-JSON items with citeproc-js (npm "citeproc"), as Zotero and Mendeley do.
// Reads {"style": <the CSL style, as XML>, "locales": <folder of locales-xx-XX.xml>, "lang": "en-US", "items": [...]}
// on stdin; writes {"<item id>": "<bibliography entry as HTML>", ...} on stdout.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const input = JSON.parse(fs.readFileSync(0, "utf-8"));
const byId = Object.fromEntries(input.items.map((item) => [String(item.id), item]));
const sys = {
  retrieveLocale: (lang) => {
    const file = path.join(input.locales, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf-8") : false;
  },
  retrieveItem: (id) => byId[id],
};
const engine = new CSL.Engine(sys, input.style, input.lang, true);
engine.setOutputFormat("html");
const out = {};
for (const item of input.items) {
  engine.updateItems([String(item.id)]);
  const [, entries] = engine.makeBibliography();
  out[item.id] = entries.join("").trim();
}
process.stdout.write(JSON.stringify(out));
