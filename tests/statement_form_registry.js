// The form's registry format (archive-form.js): reads the registry given on stdin as entries,
// applies the edits given as JSON in argv[2] ({set: {id: {field: value}}, add: [entry…]}), writes it back.
const path = require("path");
const form = require(path.resolve(__dirname, "..", "solidarity_archive", "html", "admin", "archive-form.js"));
let raw = "";
process.stdin.on("data", (chunk) => (raw += chunk)).on("end", () => {
  const edits = JSON.parse(process.argv[2] || "{}");
  const format = form.registryFormat();
  const data = JSON.parse(JSON.stringify(format.fromFile(raw)));
  for (const entry of data.entries) Object.assign(entry, (edits.set || {})[entry.id] || {});
  data.entries.push(...(edits.add || []));
  process.stdout.write(format.toFile(data));
});
