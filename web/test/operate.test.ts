import assert from 'node:assert/strict';
import { test } from 'node:test';

import { catalog, checkEvent, eventOf } from '../src/operate/events';
import { addDuration, editedValue, holderWords, instanceStateLabel, jurisdictionOf, stateFilter, timerDue } from '../src/operate/model';

test('the state tabs search as 8.8 names the states', () => {
  assert.deepEqual(stateFilter('incidents'), { state: 'ACTIVE', hasIncident: true });
  assert.deepEqual(stateFilter('canceled'), { state: 'TERMINATED' });
  assert.deepEqual(stateFilter('all'), {});
  assert.equal(instanceStateLabel({ state: 'ACTIVE', hasIncident: true }), '有异常');
  assert.equal(instanceStateLabel({ state: 'TERMINATED' }), '已取消');
});

test("an instance's jurisdiction comes from its variable, else its process id", () => {
  assert.equal(jurisdictionOf('shared-sla-review', 'HY'), 'HY');
  assert.equal(jurisdictionOf('lg-construction', null), 'LG');
  assert.equal(jurisdictionOf('shared-sla-review', null), null);
});

test('a timer falls due after its duration, on its date, or at its cycle', () => {
  const start = new Date('2026-03-02T01:00:00Z');
  assert.equal(addDuration(start, 'P10D')?.toISOString(), '2026-03-12T01:00:00.000Z');
  assert.equal(addDuration(start, 'PT36H')?.toISOString(), '2026-03-03T13:00:00.000Z');
  assert.equal(addDuration(start, 'P1M')?.toISOString(), '2026-04-02T01:00:00.000Z');
  assert.equal(addDuration(start, 'bogus'), null);
  assert.equal(timerDue({ kind: 'timeCycle', expression: 'R/P6M' }, start)?.toISOString(), '2026-09-02T01:00:00.000Z');
  assert.equal(timerDue({ kind: 'timeDate', expression: '2026-05-01T09:00:00+08:00' }, start)?.toISOString(), '2026-05-01T01:00:00.000Z');
  assert.equal(timerDue({ kind: 'timeDuration', expression: '=slaPeriod' }, start), null);
});

test('who holds a task, in words', () => {
  assert.equal(holderWords({ assignee: 'owner-clerk' }), '由 owner-clerk 办理');
  assert.equal(holderWords({ candidateGroups: ['lg-owner'] }), '待 lg-owner 中的人员领取');
});

test('an edited variable must be JSON, said in Chinese', () => {
  assert.deepEqual(editedValue('x', '6000000'), { ok: true, value: 6000000 });
  const refused = editedValue('contractSignedOn', '2026-03-05');
  assert.equal(refused.ok, false);
});

test('an outside event lacking its fact is refused before sending', () => {
  const event = eventOf(catalog, 'LG', 'contract-signed');
  assert.ok(event);
  assert.deepEqual(checkEvent(catalog, event, { contractSignedOn: '', contractAmountYuan: '' }), {
    ok: false,
    message: '消息 contract-signed（合同已签订（采购系统或建设单位报送））：缺少 contractSignedOn（合同签订日期，日期 YYYY-MM-DD）',
  });
  assert.deepEqual(checkEvent(catalog, event, { contractSignedOn: '2026-03-05', contractAmountYuan: '4800000' }), {
    ok: true,
    variables: { contractSignedOn: '2026-03-05', contractAmountYuan: 4800000 },
  });
  assert.equal(eventOf(catalog, 'LG', 'no-such-message'), null);
});
