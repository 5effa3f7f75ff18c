// The task list's rows: a user task of the 8.8 API with what the clerk needs to know about it,
// the project, jurisdiction, step and deadline, read from the task's variables. Pure functions,
// so the rules of the list (who sees which tab, filters, order) are unit-tested without a browser.

import { jurisdictionLabel } from '../labels';
import { type DeadlineView, type WorkingDays, deadlineView } from '../workdays';

/** A user task as ``POST /v2/user-tasks/search`` returns it (the fields the workspace reads). */
export interface UserTask {
  userTaskKey: string;
  name?: string | null;
  state: string;
  assignee?: string | null;
  elementId: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  processDefinitionId: string;
  processName?: string | null;
  processInstanceKey: string;
  elementInstanceKey?: string;
  creationDate?: string | null;
  completionDate?: string | null;
  dueDate?: string | null;
  formKey?: string | null;
  priority?: number;
}

/** The variables a row reads (their JSON values already parsed). */
export const ROW_VARIABLES = [
  'projectName',
  'projectId',
  'jurisdiction',
  'unit',
  'reviewTaskName',
  'reviewSubject',
  'slaRuleId',
  'deadlineForce',
] as const;

export type RowVariables = Partial<Record<(typeof ROW_VARIABLES)[number], unknown>>;

export interface Caller {
  processDefinitionId: string;
  processName: string | null;
}

export interface TaskRow {
  task: UserTask;
  key: string;
  projectName: string;
  projectId: string | null;
  unit: string | null;
  jurisdiction: string | null;
  jurisdictionName: string;
  /** What is to be done, in the words of the step (a shared review's own task name). */
  step: string;
  /** Which process asks for it: the calling process of a shared step, then the step's own process. */
  process: string;
  /** The rule that sets a shared review's deadline and its force, e.g. ``LG-12-5 刚性时限``. */
  rule: string | null;
  deadline: DeadlineView | null;
}

const SHARED_STEP_NAMES: Record<string, string> = {
  'shared-sla-review': '时限审核',
  'shared-expert-review': '专家评审',
  'shared-document-correction': '材料补正',
};

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

/** The jurisdiction of a task: its variable, else the prefix of its process id (``lg-…``). */
function jurisdictionOf(task: UserTask, variables: RowVariables): string | null {
  const own = text(variables.jurisdiction);
  if (own) return own.toUpperCase();
  const prefix = /^(lg|hy|lz|th|yb)-/.exec(task.processDefinitionId);
  return prefix?.[1] ? prefix[1].toUpperCase() : null;
}

export function stepOf(task: UserTask, variables: RowVariables): string {
  const name = text(task.name) ?? task.elementId;
  const reviewName = text(variables.reviewTaskName);
  if (task.processDefinitionId === 'shared-sla-review' && reviewName) return reviewName;
  const subject = text(variables.reviewSubject);
  if (task.processDefinitionId === 'shared-expert-review' && subject) return `${name}：${subject}`;
  return name;
}

export function processOf(task: UserTask, caller: Caller | null): string {
  const own = text(task.processName) ?? SHARED_STEP_NAMES[task.processDefinitionId] ?? task.processDefinitionId;
  if (caller) return `${caller.processName ?? caller.processDefinitionId} › ${own}`;
  return own;
}

const FORCES: Record<string, string> = { HARD: '刚性时限', SOFT: '原则上时限', INTERNAL: '内部目标' };

/** A shared review's rule and the force of its deadline: the reviewer's reason for the date. */
export function ruleOf(variables: RowVariables): string | null {
  const rule = text(variables.slaRuleId);
  const force = text(variables.deadlineForce);
  if (!rule) return null;
  return force && FORCES[force] ? `依据 ${rule}（${FORCES[force]}）` : `依据 ${rule}`;
}

export function buildRow(
  task: UserTask,
  variables: RowVariables,
  caller: Caller | null,
  calendar: WorkingDays,
  now: Date,
): TaskRow {
  const jurisdiction = jurisdictionOf(task, variables);
  return {
    task,
    key: task.userTaskKey,
    projectName: text(variables.projectName) ?? '（未命名项目）',
    projectId: text(variables.projectId),
    unit: text(variables.unit),
    jurisdiction,
    jurisdictionName: jurisdictionLabel(jurisdiction),
    step: stepOf(task, variables),
    process: processOf(task, caller),
    rule: ruleOf(variables),
    deadline: task.dueDate ? deadlineView(calendar, task.dueDate, now) : null,
  };
}

export type Tab = 'all' | 'mine' | 'groups' | 'unassigned';

export const TAB_LABELS: Record<Tab, string> = {
  all: '全部待办',
  mine: '分配给我的',
  groups: '我所在组的',
  unassigned: '未分配的',
};

export interface Me {
  username: string;
  groups: string[];
}

export function inTab(row: TaskRow, tab: Tab, me: Me): boolean {
  const assignee = row.task.assignee ?? null;
  switch (tab) {
    case 'mine':
      return assignee === me.username;
    case 'groups':
      return (row.task.candidateGroups ?? []).some((group) => me.groups.includes(group));
    case 'unassigned':
      return assignee === null;
    case 'all':
      return true;
  }
}

export type SortKey = 'due' | 'created' | 'project';

export const SORT_LABELS: Record<SortKey, string> = {
  due: '按到期日（最紧急在前）',
  created: '按创建时间（最早在前）',
  project: '按项目名称',
};

function time(value: string | null | undefined): number {
  return value ? new Date(value).getTime() : Number.POSITIVE_INFINITY;
}

export function sortRows(rows: TaskRow[], key: SortKey): TaskRow[] {
  const byCreation = (a: TaskRow, b: TaskRow): number =>
    time(a.task.creationDate) - time(b.task.creationDate) || a.key.localeCompare(b.key);
  const order: Record<SortKey, (a: TaskRow, b: TaskRow) => number> = {
    // tasks without a due date last, ties by creation
    due: (a, b) => time(a.task.dueDate) - time(b.task.dueDate) || byCreation(a, b),
    created: byCreation,
    project: (a, b) => a.projectName.localeCompare(b.projectName, 'zh-CN') || byCreation(a, b),
  };
  return [...rows].sort(order[key]);
}

export interface Filter {
  jurisdiction: string;
  text: string;
}

export function filterRows(rows: TaskRow[], filter: Filter): TaskRow[] {
  const needle = filter.text.trim().toLowerCase();
  return rows.filter((row) => {
    if (filter.jurisdiction && row.jurisdiction !== filter.jurisdiction) return false;
    if (!needle) return true;
    return [row.projectName, row.projectId ?? '', row.step, row.process, row.unit ?? '']
      .some((field) => field.toLowerCase().includes(needle));
  });
}

/** A variable search result's value (8.8 sends each value as its JSON text). */
export function parseValue(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
