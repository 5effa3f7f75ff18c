// Measures feelin's evaluations per second for the expressions given on stdin (one JSON case a line:
// {"name", "expression" | "unaryTests", "input"?, "context", "seconds"}); prints one JSON line each.
// feelin parses on every evaluate() call: it has no public parse-once API.
import { createInterface } from 'node:readline';
import { evaluate, unaryTest } from 'feelin';

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const c = JSON.parse(line);
  const run = c.expression !== undefined
    ? () => evaluate(c.expression, c.context)
    : () => unaryTest(c.unaryTests, { ...c.context, '?': c.input });
  for (let i = 0; i < 2000; i++) run();  // warm up the JIT
  const budgetNs = BigInt(Math.round((c.seconds || 1) * 1e9));
  const start = process.hrtime.bigint();
  let n = 0;
  let elapsed = 0n;
  do {
    for (let i = 0; i < 500; i++) run();
    n += 500;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budgetNs);
  process.stdout.write(JSON.stringify({ name: c.name, evaluations: n, seconds: Number(elapsed) / 1e9 }) + '\n');
}
