// Operate's rows and words, pure so they are unit-tested without a browser: the state tabs of the
// instance list, an instance's jurisdiction, what an instance waits for said in words, and when a
// timer falls due.

import { jurisdictionLabel } from '../labels';

/** A process instance as ``POST /v2/process-instances/search`` returns it. */
export interface ProcessInstance {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionName?: string | null;
  processDefinitionVersion?: number;
  processDefinitionKey: string;
  parentProcessInstanceKey?: string | null;
  parentElementInstanceKey?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  state: string;
  hasIncident?: boolean;
}

export interface ElementInstance {
  elementInstanceKey: string;
  processInstanceKey: string;
  elementId: string;
  elementName?: string | null;
  type: string;
  state: string;
  hasIncident?: boolean;
  incidentKey?: string | null;
  startDate?: string | null;
  endDate?: string | null;
}

export interface Incident {
  incidentKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey: string;
  errorType: string;
  errorMessage?: string | null;
  jobKey?: string | null;
  creationTime?: string | null;
  state: string;
}

export interface MessageSubscription {
  messageSubscriptionKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey: string;
  messageName: string;
  correlationKey?: string | null;
  messageSubscriptionState?: string;
}

export interface Variable {
  variableKey: string;
  name: string;
  value: string;
  isTruncated?: boolean;
  scopeKey: string;
  processInstanceKey: string;
}

export interface ElementStatistics {
  elementId: string;
  active: number;
  canceled: number;
  incidents: number;
  completed: number;
}

export type StateTab = 'active' | 'incidents' | 'completed' | 'canceled' | 'all';

export const STATE_TABS: Record<StateTab, string> = {
  active: '运行中',
  incidents: '有异常',
  completed: '已完成',
  canceled: '已取消',
  all: '全部',
};

/** The search filter of a tab (8.8 calls a canceled instance TERMINATED). */
export function stateFilter(tab: StateTab): Record<string, unknown> {
  switch (tab) {
    case 'active':
      return { state: 'ACTIVE' };
    case 'incidents':
      return { state: 'ACTIVE', hasIncident: true };
    case 'completed':
      return { state: 'COMPLETED' };
    case 'canceled':
      return { state: 'TERMINATED' };
    default:
      return {};
  }
}

/** How an instance's state reads in a row. */
export function instanceStateLabel(instance: Pick<ProcessInstance, 'state' | 'hasIncident'>): string {
  if (instance.state === 'ACTIVE') return instance.hasIncident ? '有异常' : '运行中';
  if (instance.state === 'COMPLETED') return '已完成';
  if (instance.state === 'TERMINATED' || instance.state === 'CANCELED') return '已取消';
  return instance.state;
}

export function instanceTone(instance: Pick<ProcessInstance, 'state' | 'hasIncident'>): string {
  if (instance.state === 'ACTIVE') return instance.hasIncident ? 'incident' : 'active';
  return instance.state === 'COMPLETED' ? 'completed' : 'canceled';
}

/** An instance's jurisdiction: its ``jurisdiction`` variable, else its process id's prefix. */
export function jurisdictionOf(processDefinitionId: string, variable: unknown): string | null {
  if (typeof variable === 'string' && variable) return variable;
  const prefix = /^(lg|hy|lz|th|yb)-/.exec(processDefinitionId);
  return prefix?.[1] ? prefix[1].toUpperCase() : null;
}

export function jurisdictionName(code: string | null): string {
  return code ? jurisdictionLabel(code) : '—';
}

export const ERROR_TYPES: Record<string, string> = {
  JOB_NO_RETRIES: '任务执行失败，重试次数已用完',
  IO_MAPPING_ERROR: '变量映射出错',
  EXTRACT_VALUE_ERROR: '表达式取值出错',
  CONDITION_ERROR: '网关条件出错',
  CALLED_ELEMENT_ERROR: '调用的流程出错',
  CALLED_DECISION_ERROR: '调用的决策出错',
  DECISION_EVALUATION_ERROR: '决策表求值出错',
  FORM_NOT_FOUND: '未找到表单',
  RESOURCE_NOT_FOUND: '未找到资源',
  UNHANDLED_ERROR_EVENT: '错误事件未被捕获',
  MESSAGE_SIZE_EXCEEDED: '消息过大',
  EXECUTION_LISTENER_NO_RETRIES: '执行监听器失败，重试次数已用完',
  TASK_LISTENER_NO_RETRIES: '任务监听器失败，重试次数已用完',
  UNKNOWN: '未知错误',
};

export function errorTypeLabel(code: string): string {
  return ERROR_TYPES[code] ?? code;
}

export const ELEMENT_TYPES: Record<string, string> = {
  START_EVENT: '开始事件',
  END_EVENT: '结束事件',
  USER_TASK: '人工任务',
  SERVICE_TASK: '服务任务',
  BUSINESS_RULE_TASK: '决策任务',
  SCRIPT_TASK: '脚本任务',
  SEND_TASK: '发送任务',
  RECEIVE_TASK: '接收任务',
  CALL_ACTIVITY: '调用子流程',
  SUB_PROCESS: '子流程',
  EVENT_SUB_PROCESS: '事件子流程',
  EXCLUSIVE_GATEWAY: '排他网关',
  PARALLEL_GATEWAY: '并行网关',
  INCLUSIVE_GATEWAY: '包容网关',
  EVENT_BASED_GATEWAY: '事件网关',
  INTERMEDIATE_CATCH_EVENT: '中间捕获事件',
  INTERMEDIATE_THROW_EVENT: '中间抛出事件',
  BOUNDARY_EVENT: '边界事件',
  MULTI_INSTANCE_BODY: '多实例',
};

export function elementTypeLabel(code: string): string {
  return ELEMENT_TYPES[code] ?? code;
}

/** A timer of the diagram: its definition's kind and expression. */
export interface TimerDefinition {
  kind: 'timeDate' | 'timeDuration' | 'timeCycle';
  expression: string;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** ``start`` plus an ISO 8601 duration (calendar months and years as the engine adds them), or null. */
export function addDuration(start: Date, duration: string): Date | null {
  const found = DURATION.exec(duration.trim());
  if (!found || duration.trim() === 'P' || duration.trim().endsWith('T')) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = found.slice(1).map((part) => Number(part ?? 0));
  const out = new Date(start.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + (years ?? 0), out.getUTCMonth() + (months ?? 0), out.getUTCDate() + (weeks ?? 0) * 7 + (days ?? 0));
  out.setTime(out.getTime() + (((hours ?? 0) * 60 + (minutes ?? 0)) * 60 + (seconds ?? 0)) * 1000);
  return out;
}

/** When a timer that started at ``start`` falls due: a fixed date, a duration after the start, or
 * the first repetition of a cycle; null for an expression only the engine can evaluate (FEEL). */
export function timerDue(timer: TimerDefinition, start: Date): Date | null {
  const expression = timer.expression.trim();
  if (expression.startsWith('=') || expression === '') return null;
  if (timer.kind === 'timeDate') {
    const at = new Date(expression);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  if (timer.kind === 'timeDuration') return addDuration(start, expression);
  const parts = expression.split('/');
  const period = parts[parts.length - 1] ?? '';
  if (parts.length === 3) {
    const first = new Date(parts[1] ?? '');
    if (!Number.isNaN(first.getTime())) return first.getTime() >= start.getTime() ? first : addDuration(first, period);
  }
  return addDuration(start, period);
}

/** Who holds a user task, in words. */
export function holderWords(task: { assignee?: string | null; candidateGroups?: string[]; candidateUsers?: string[] }): string {
  if (task.assignee) return `由 ${task.assignee} 办理`;
  const candidates = [...(task.candidateGroups ?? []), ...(task.candidateUsers ?? [])];
  return candidates.length > 0 ? `待 ${candidates.join('、')} 中的人员领取` : '尚未分配';
}

/** A variable's JSON value parsed; text that is not JSON stays text. */
export function parsed(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The value typed into a variable's editor as the JSON the API takes, or an error in Chinese. */
export function editedValue(name: string, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: `变量 ${name} 的值不是合法的 JSON（文字需加英文双引号，如 "2026-03-05"）` };
  }
}

/** The group ids of a candidateGroups expression: a FEEL list of strings or a comma list. */
export function groupsOf(expression: string | undefined): string[] {
  if (!expression) return [];
  const feel = expression.trim().startsWith('=');
  const text = expression.trim().replace(/^=/, '').trim();
  const quoted = [...text.matchAll(/"([^"]+)"/g)].map((found) => found[1] ?? '');
  if (text.startsWith('[')) return quoted.filter(Boolean);
  // any other FEEL expression (a variable, a function) is known only to the engine
  if (feel) return [];
  return /^[\w-]+(\s*,\s*[\w-]+)*$/.test(text) ? text.split(',').map((part) => part.trim()) : [];
}
