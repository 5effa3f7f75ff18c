// Evaluates differential cases with feelin: one JSON case per stdin line, one JSON result per stdout line.
// Values tagged {"$date": "..."} become feelin dates, so both engines see typed temporal inputs.
import { createInterface } from 'node:readline';
import { evaluate, unaryTest, date, isFunction, isRange } from 'feelin';

function revive(value) {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    if (Object.keys(value).length === 1 && '$date' in value) return date(value.$date);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

function plain(value) {
  if (value === undefined || value === null) return null;
  if (isFunction(value) || isRange(value)) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (value && typeof value === 'object') {
    if (value.constructor && value.constructor.name !== 'Object') return String(value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const c = JSON.parse(line);
  const context = revive(c.context || {});
  let out;
  try {
    const result = c.expression !== undefined
      ? evaluate(c.expression, context)
      : unaryTest(c.unaryTests, { ...context, '?': revive(c.input) });
    out = { id: c.id, value: plain(result.value), warnings: result.warnings.map(w => w.type) };
  } catch (err) {
    out = { id: c.id, value: null, error: `${err.name}: ${err.message}` };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}
