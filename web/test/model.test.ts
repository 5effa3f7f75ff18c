import assert from 'node:assert/strict';
import { test } from 'node:test';

import { type TaskRow, type UserTask, buildRow, filterRows, inTab, processOf, sortRows, stepOf } from '../src/tasks/model';
import { WorkingDays } from '../src/workdays';

const calendar = new WorkingDays({ years: { '2026': { holidays: ['2026-04-06'], workdays: [] } } });
const NOW = new Date('2026-03-02T09:00:00+08:00');

function task(overrides: Partial<UserTask> = {}): UserTask {
  return {
    userTaskKey: '1',
    name: '审核',
    state: 'CREATED',
    elementId: 'review_task',
    processDefinitionId: 'shared-sla-review',
    processName: '时限审核（共用）',
    processInstanceKey: '100',
    candidateGroups: ['lg-ita-reviewers'],
    creationDate: '2026-03-02T01:00:00.000Z',
    ...overrides,
  };
}

test('a shared review is named by its reviewTaskName and its calling process, not "审核"', () => {
  const row = buildRow(
    task(),
    { projectName: '龙岗区智慧城管平台', jurisdiction: 'LG', reviewTaskName: '初步设计方案预审', slaRuleId: 'LG-12-5', deadlineForce: 'HARD' },
    { processDefinitionId: 'lg-project-application', processName: '龙岗区政务信息化项目立项申请与审批' },
    calendar,
    NOW,
  );
  assert.equal(row.step, '初步设计方案预审');
  assert.equal(row.process, '龙岗区政务信息化项目立项申请与审批 › 时限审核（共用）');
  assert.equal(row.jurisdictionName, '深圳市龙岗区');
  assert.equal(row.projectName, '龙岗区智慧城管平台');
  assert.equal(row.rule, '依据 LG-12-5（刚性时限）');
});

test('an expert opinion names what is reviewed; a region task keeps its own name', () => {
  assert.equal(
    stepOf(task({ processDefinitionId: 'shared-expert-review', name: '专家评审意见' }), { reviewSubject: '初步设计方案及概算' }),
    '专家评审意见：初步设计方案及概算',
  );
  assert.equal(stepOf(task({ processDefinitionId: 'lg-project-application', name: '初步设计受理审查' }), {}), '初步设计受理审查');
  assert.equal(processOf(task({ processName: null, processDefinitionId: 'shared-document-correction' }), null), '材料补正');
});

test('the jurisdiction falls back to the process id prefix', () => {
  const row = buildRow(task({ processDefinitionId: 'th-application' }), {}, null, calendar, NOW);
  assert.equal(row.jurisdiction, 'TH');
  assert.equal(row.projectName, '（未命名项目）');
});

test('working days left and overdue come from the calendar', () => {
  // Monday 2026-03-02 to Friday 2026-03-06: four working days after today
  const due = buildRow(task({ dueDate: '2026-03-06T15:59:59.000Z' }), {}, null, calendar, NOW);
  assert.equal(due.deadline?.text, '剩余 4 个工作日');
  const late = buildRow(task({ dueDate: '2026-02-26T10:00:00.000Z' }), {}, null, calendar, NOW);
  assert.equal(late.deadline?.tone, 'overdue');
  assert.equal(late.deadline?.text, '已逾期 2 个工作日');
  const none = buildRow(task(), {}, null, calendar, NOW);
  assert.equal(none.deadline, null);
});

function rows(): TaskRow[] {
  return [
    buildRow(task({ userTaskKey: '1', assignee: 'demo-a', dueDate: '2026-03-10T00:00:00Z' }), { projectName: '乙项目', jurisdiction: 'LG' }, null, calendar, NOW),
    buildRow(task({ userTaskKey: '2', candidateGroups: ['lg-drc'], creationDate: '2026-03-01T00:00:00Z' }), { projectName: '甲项目', jurisdiction: 'LG', projectId: 'LG-2026-007' }, null, calendar, NOW),
    buildRow(task({ userTaskKey: '3', assignee: 'someone', dueDate: '2026-03-04T00:00:00Z', processDefinitionId: 'hy-application' }), { projectName: '丙项目', jurisdiction: 'HY' }, null, calendar, NOW),
  ];
}

test('tabs: assigned to me, to my groups, unassigned', () => {
  const me = { username: 'demo-a', groups: ['lg-ita-reviewers'] };
  const keys = (tab: 'all' | 'mine' | 'groups' | 'unassigned'): string[] => rows().filter((row) => inTab(row, tab, me)).map((row) => row.key);
  assert.deepEqual(keys('mine'), ['1']);
  assert.deepEqual(keys('groups'), ['1', '3']);
  assert.deepEqual(keys('unassigned'), ['2']);
  assert.deepEqual(keys('all'), ['1', '2', '3']);
});

test('sorting by due date puts tasks without one last; by project in pinyin order', () => {
  assert.deepEqual(sortRows(rows(), 'due').map((row) => row.key), ['3', '1', '2']);
  assert.deepEqual(sortRows(rows(), 'created').map((row) => row.key), ['2', '1', '3']);
  assert.deepEqual(sortRows(rows(), 'project').map((row) => row.projectName), ['丙项目', '甲项目', '乙项目']);
});

test('filters by jurisdiction and by text in project, id or step', () => {
  assert.deepEqual(filterRows(rows(), { jurisdiction: 'HY', text: '' }).map((row) => row.key), ['3']);
  assert.deepEqual(filterRows(rows(), { jurisdiction: '', text: 'lg-2026' }).map((row) => row.key), ['2']);
  assert.deepEqual(filterRows(rows(), { jurisdiction: 'HY', text: '甲' }), []);
});
