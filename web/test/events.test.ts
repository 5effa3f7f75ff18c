import assert from 'node:assert/strict';
import { test } from 'node:test';

import catalog from '@message-catalog';

import { eventSpec, eventVariables } from '../src/operate/events';

test('the LG contract-signed event needs its signing date and takes an optional amount', () => {
  const spec = eventSpec(catalog, 'LG', 'contract-signed');
  assert.ok(spec);
  const missing = eventVariables(spec, {});
  assert.equal(missing.ok, false);
  assert.deepEqual(!missing.ok && missing.problems, ['请填写“合同签订日期”（contractSignedOn，日期，格式 YYYY-MM-DD）']);
  const wrong = eventVariables(spec, { contractSignedOn: '2026-02-30', contractAmountYuan: '五百万' });
  assert.deepEqual(!wrong.ok && wrong.problems, [
    '“合同签订日期”应为日期，格式 YYYY-MM-DD，而不是“2026-02-30”',
    '“合同金额（元）”应为数值，而不是“五百万”',
  ]);
  assert.deepEqual(eventVariables(spec, { contractSignedOn: '2026-03-02', contractAmountYuan: '5000000' }), {
    ok: true,
    variables: { contractSignedOn: '2026-03-02', contractAmountYuan: 5000000 },
  });
});

test('an event only another jurisdiction knows is not offered for this one', () => {
  assert.equal(eventSpec(catalog, 'LG', 'system-go-live'), null);
  assert.ok(eventSpec(catalog, 'HY', 'system-go-live'));
  assert.ok(eventSpec(catalog, null, 'system-go-live'));
});
