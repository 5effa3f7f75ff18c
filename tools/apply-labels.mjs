// Writes the gateway questions and branch answers of bpmn/labels.json into the diagrams. Only the
// name attribute of a gateway or sequence flow changes; an id that is missing or names another
// kind of element is an error, so a renamed element is noticed rather than silently skipped.
// Usage: node tools/apply-labels.mjs   (then re-run node tools/layout-bpmn.mjs: label sizes change)
import { readFile, writeFile } from 'node:fs/promises';

const LABELLED = ['exclusiveGateway', 'inclusiveGateway', 'parallelGateway', 'eventBasedGateway', 'sequenceFlow'];

const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function applyLabels(xml, file, names) {
  let text = xml;
  const problems = [];
  for (const [id, name] of Object.entries(names)) {
    const tag = new RegExp(`<bpmn:(\\w+)\\b[^>]*\\bid="${id}"[^>]*>`);
    const match = text.match(tag);
    if (!match) {
      problems.push(`${file}: 找不到元素 ${id}`);
      continue;
    }
    if (!LABELLED.includes(match[1])) {
      problems.push(`${file}: ${id} 是 ${match[1]}，此处只能改网关和顺序流的名称`);
      continue;
    }
    const value = escapeAttribute(name);
    const replaced = / name="[^"]*"/.test(match[0])
      ? match[0].replace(/ name="[^"]*"/, ` name="${value}"`)
      : match[0].replace(`id="${id}"`, `id="${id}" name="${value}"`);
    text = text.replace(match[0], replaced);
  }
  return { text, problems };
}

const labels = JSON.parse(await readFile('bpmn/labels.json', 'utf-8'));
let failed = false;
for (const [file, names] of Object.entries(labels)) {
  if (file === 'description') continue;
  const xml = await readFile(file, 'utf-8');
  const { text, problems } = applyLabels(xml, file, names);
  for (const problem of problems) console.error(problem);
  failed ||= problems.length > 0;
  if (text !== xml) await writeFile(file, text);
}
process.exit(failed ? 1 : 0);
