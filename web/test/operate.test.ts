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

test('a project timeline runs in the order things happened, filings due at their day', async () => {
  const { timeline, amountWords, statusWords, deadlineWords } = await import('../src/registry/model');
  const project = {
    projectId: 'p1',
    jurisdiction: 'LG',
    name: '龙岗区智慧城管平台',
    unit: '龙岗区城市管理和综合执法局',
    registeredAt: '2026-12-08T10:00:00',
    phaseNumber: 1,
    phases: [{ number: 1, startedOn: '2026-03-02' }],
    applications: [{ applicationId: 1, kind: 'PROJECT_APPROVAL', submittedOn: '2026-03-03' }],
    decisions: [{ decisionId: 1, outcome: 'APPROVED', authority: 'DRC', decidedOn: '2026-03-20', ruleIds: ['LG-10-3'] }],
    filings: [
      { filingId: 1, kind: 'CONTRACT', authority: 'ITA', ruleId: 'LG-19-3', dueOn: '2026-04-10', status: 'DUE', overdue: true },
      { filingId: 2, kind: 'PROJECT', authority: 'ITA', ruleId: 'LG-14-1', filedOn: '2026-03-05', status: 'FILED', overdue: false },
    ],
    milestones: [{ kind: 'CONSTRUCTION_COMPLETED', reachedOn: '2026-09-01' }],
    complianceFlags: [],
  };
  const entries = timeline(project, [
    { processInstanceKey: '9', processDefinitionId: 'lg-construction', processDefinitionName: '建设实施', startDate: '2026-03-20T02:00:00Z', state: 'ACTIVE' },
  ]);
  assert.deepEqual(
    entries.map((e) => `${e.day} ${e.title}`),
    [
      '2026-03-02 项目登记',
      '2026-03-03 提交立项审批',
      '2026-03-05 项目备案：已备案',
      '2026-03-20 开始：建设实施',
      '2026-03-20 发展改革部门决定：通过',
      '2026-04-10 合同备案到期（已逾期）',
      '2026-09-01 建设完成',
    ],
  );
  assert.equal(entries.find((e) => e.title.startsWith('开始'))?.instanceKey, '9');
  assert.deepEqual(entries.find((e) => e.title.includes('决定'))?.ruleIds, ['LG-10-3']);
  assert.equal(amountWords('6000000.00'), '600 万元');
  assert.equal(amountWords('8500.5'), '8,500.50 元');
  assert.equal(statusWords({ ...project, lastMilestone: { kind: 'GO_LIVE' } }), '第 1 期 · 上线运行');
  assert.deepEqual(deadlineWords(project.filings[0]), { text: '合同备案 2026-04-10（已逾期）', tone: 'overdue' });
  const { deadlineView } = await import('../src/workdays');
  const { calendar } = await import('../src/calendar');
  const { endOfDay } = await import('../src/registry/model');
  const due = { filingId: 3, kind: 'CONTRACT', authority: 'ITA', status: 'DUE', dueOn: '2026-03-16', overdue: false };
  // 2026-03-02 (a Monday) to 2026-03-16: ten working days left, the start day not counted
  const left = deadlineView(calendar, endOfDay('2026-03-16'), new Date('2026-03-02T09:00:00+08:00'));
  assert.deepEqual(deadlineWords(due, left), { text: '合同备案 2026-03-16 前（剩余 10 个工作日）', tone: 'ok' });
});

test("a user task's candidate groups read from the diagram's expression", async () => {
  const { groupsOf } = await import('../src/operate/model');
  assert.deepEqual(groupsOf('=["lg-owner"]'), ['lg-owner']);
  assert.deepEqual(groupsOf('lg-ita-reviewers, lg-ita-leaders'), ['lg-ita-reviewers', 'lg-ita-leaders']);
  assert.deepEqual(groupsOf('=reviewerGroups'), []);
});

test("the instance list's filter and page live in the address", async () => {
  const { addressOf, queryFrom, PAGE_SIZE } = await import('../src/views/operate');
  const query = queryFrom(new URLSearchParams('state=incidents&jurisdiction=LG&project=p-1&page=3'));
  assert.deepEqual(query, { tab: 'incidents', processDefinitionId: '', jurisdiction: 'LG', projectId: 'p-1', from: 2 * PAGE_SIZE, limit: PAGE_SIZE });
  assert.equal(addressOf(query), '/operate?state=incidents&jurisdiction=LG&project=p-1&page=3');
  assert.equal(addressOf(queryFrom(new URLSearchParams('state=bogus&page=-1'))), '/operate');
});

test('projects sort by their next filing due, those with none last', async () => {
  const { byNextDeadline } = await import('../src/registry/model');
  const base = { jurisdiction: 'LG', name: 'x', unit: 'u', registeredAt: '2026-03-02T01:00:00' };
  const filing = (dueOn: string) => ({ filingId: 1, kind: 'CONTRACT', authority: 'ITA', status: 'DUE', dueOn, overdue: false });
  const sorted = byNextDeadline([
    { ...base, projectId: 'none' },
    { ...base, projectId: 'late', nextDeadline: filing('2026-05-01') },
    { ...base, projectId: 'soon', nextDeadline: filing('2026-03-10') },
  ]);
  assert.deepEqual(sorted.map((p) => p.projectId), ['soon', 'late', 'none']);
});
