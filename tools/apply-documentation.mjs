// Writes the Chinese documentation of bpmn/documentation-zh.json into the diagrams: only the text
// of the bpmn:documentation directly inside the named element changes, and only where it is still
// the English the translation was made from (`en`); a documentation changed since is named, to be
// translated again, never overwritten. A `zh` that drops a rule id (LG-11-3, A-GEN-3, …) of the
// English is refused: the rule coverage tests read those ids.
// Usage: node tools/apply-documentation.mjs
import { readFile, writeFile } from 'node:fs/promises';

const RULE_ID = /\b(?:[A-Z]{2}-\d+-\d+|A-[A-Z]+-\d+)\b/g;

const escapeText = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescapeText = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

export function applyDocumentation(xml, file, texts) {
  let text = xml;
  const problems = [];
  for (const [id, { en, zh }] of Object.entries(texts)) {
    const element = new RegExp(`(<bpmn:\\w+\\b[^>]*\\bid="${id}"[^>]*>\\s*<bpmn:documentation>)([^<]*)(</bpmn:documentation>)`);
    const match = text.match(element);
    if (!match) {
      problems.push(`${file}: 找不到 ${id} 的说明（documentation）`);
      continue;
    }
    const current = unescapeText(match[2]);
    if (current === zh) continue;
    if (current !== en) {
      problems.push(`${file}: ${id} 的说明已改动，与译文所依据的英文不同，请更新 bpmn/documentation-zh.json`);
      continue;
    }
    const kept = new Set(zh.match(RULE_ID) ?? []);
    const dropped = [...new Set(en.match(RULE_ID) ?? [])].filter((rule) => !kept.has(rule));
    if (dropped.length > 0) {
      problems.push(`${file}: ${id} 的中文说明缺少规则编号 ${dropped.join('、')}`);
      continue;
    }
    text = text.replace(match[0], `${match[1]}${escapeText(zh)}${match[3]}`);
  }
  return { text, problems };
}

const translations = JSON.parse(await readFile('bpmn/documentation-zh.json', 'utf-8'));
let failed = false;
for (const [file, texts] of Object.entries(translations)) {
  if (file === 'description') continue;
  const xml = await readFile(file, 'utf-8');
  const { text, problems } = applyDocumentation(xml, file, texts);
  for (const problem of problems) console.error(problem);
  failed ||= problems.length > 0;
  if (text !== xml) await writeFile(file, text);
}
process.exit(failed ? 1 : 0);
