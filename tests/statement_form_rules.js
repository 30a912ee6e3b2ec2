// Runs the statement form's rules (archive-form.js) on cases given as JSON on stdin:
// {rules, form, today, cases: [data…]} → [[message…]…] on stdout, one list per case.
const path = require("path");
const form = require(path.resolve(__dirname, "..", "solidarity_archive", "html", "admin", "archive-form.js"));
let input = "";
process.stdin.on("data", (chunk) => (input += chunk)).on("end", () => {
  const job = JSON.parse(input);
  const rules = new form.Rules(job.rules);
  rules.local = job.local === true;
  const out = job.cases.map((data) => rules.checkStatement(rules.clean(data), job.form, job.today).map((p) => p.message));
  process.stdout.write(JSON.stringify(out));
});
