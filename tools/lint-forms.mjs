// Lints Camunda Forms with @camunda/form-linting (the rules Camunda Modeler applies for the form's
// executionPlatformVersion). Usage: node tools/lint-forms.mjs FILE...
// Prints one JSON line per file: {"file", "reports": [{"id", "path", "message", "category"}]} and
// exits 1 when any report is an error, 2 when a file cannot be read or parsed.
//
// The package ships untranspiled ES modules with extension-less relative imports (it is meant for
// bundlers), so a resolve hook completes those specifiers the way a bundler would.
import { register } from 'node:module';
import { readFile } from 'node:fs/promises';

const hook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (error.code !== 'ERR_MODULE_NOT_FOUND' && error.code !== 'ERR_UNSUPPORTED_DIR_IMPORT') throw error;
    for (const suffix of ['.js', '/index.js']) {
      try { return await next(specifier + suffix, context); } catch {}
    }
    throw error;
  }
}`;
register('data:text/javascript,' + encodeURIComponent(hook), import.meta.url);

const { FormLinter } = await import('@camunda/form-linting');
const linter = new FormLinter();
let worst = 0;

for (const file of process.argv.slice(2)) {
  let schema;
  try {
    schema = JSON.parse(await readFile(file, 'utf-8'));
  } catch (error) {
    console.log(JSON.stringify({ file, reports: [{ id: '', path: [], message: `cannot read form: ${error.message}`, category: 'error' }] }));
    worst = 2;
    continue;
  }
  const reports = (await linter.lint(schema)).map(({ id, path, message, category }) => ({ id, path, message, category }));
  if (!schema.executionPlatformVersion) {
    reports.push({ id: schema.id ?? '', path: [], message: 'form has no executionPlatformVersion: nothing was linted', category: 'error' });
  }
  if (reports.some(report => report.category === 'error')) worst = Math.max(worst, 1);
  console.log(JSON.stringify({ file, reports }));
}
process.exit(worst);
