// Lints BPMN diagrams with bpmnlint and the project's .bpmnlintrc (recommended rules plus
// camunda-compat for Camunda 8.8, with the zeebe and modeler moddle extensions).
// Usage: node tools/lint-bpmn.mjs FILE...
// Prints one JSON line per file: {"file", "reports": [{"rule", "id", "message", "category"}]};
// import problems (unknown elements, broken references) are reported with rule "import".
// Exits 1 when any file has a report, 2 when the configuration cannot be loaded.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const require = createRequire(resolve('package.json'));
const { BpmnModdle } = require('bpmn-moddle');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

let config;
try {
  config = JSON.parse(await readFile('.bpmnlintrc', 'utf-8'));
} catch (error) {
  console.error(`.bpmnlintrc: ${error.message}`);
  process.exit(2);
}
const extensions = {};
for (const [prefix, path] of Object.entries(config.moddleExtensions ?? {})) {
  extensions[prefix] = require(path);
}
const moddle = new BpmnModdle(extensions);
let failed = false;

for (const file of process.argv.slice(2)) {
  const reports = [];
  // A fresh linter per file: some rules (no-duplicate-sequence-flows) keep state between runs,
  // so one linter reused across files reports flows of earlier files as duplicates.
  const linter = new Linter({ config, resolver: new NodeResolver() });
  try {
    const { rootElement, warnings } = await moddle.fromXML(await readFile(file, 'utf-8'));
    for (const warning of warnings) {
      reports.push({ rule: 'import', id: warning.element?.id ?? '', message: warning.message.split('\n')[0], category: 'error' });
    }
    for (const [rule, ruleReports] of Object.entries(await linter.lint(rootElement))) {
      for (const { id, message, category } of ruleReports) {
        reports.push({ rule, id: id ?? '', message, category });
      }
    }
  } catch (error) {
    reports.push({ rule: 'parse', id: '', message: error.message, category: 'error' });
  }
  failed ||= reports.length > 0;
  console.log(JSON.stringify({ file, reports }));
}
process.exit(failed ? 1 : 0);
