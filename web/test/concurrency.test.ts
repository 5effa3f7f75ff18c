import assert from 'node:assert/strict';
import { test } from 'node:test';

import { mapLimited } from '../src/concurrency';

test('keeps the order of the results and never runs more than the limit at once', async () => {
  let running = 0;
  let most = 0;
  const results = await mapLimited([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, n));
    running -= 1;
    return n * 10;
  });
  assert.deepEqual(results, [50, 10, 40, 20, 30, 0, 60]);
  assert.equal(most, 3);
  assert.deepEqual(await mapLimited([], 3, async (n: number) => n), []);
});
