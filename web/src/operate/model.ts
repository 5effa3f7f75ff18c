// Operate's words for what an instance is doing: its jurisdiction, its state with incidents, the
// elements it is at, and what it waits for. Pure functions over 8.8 search results.

import { stateLabel } from '../labels';

export interface ProcessInstance {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionName?: string | null;
  processDefinitionVersion?: number;
  processDefinitionKey: string;
  parentProcessInstanceKey?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  state: string;
  hasIncident?: boolean;
}

export interface ElementInstance {
  elementInstanceKey: string;
  elementId: string;
  elementName?: string | null;
  type: string;
  state: string;
  hasIncident?: boolean;
}

export interface Incident {
  incidentKey: string;
  errorType: string;
  errorMessage?: string | null;
  elementId: string;
  elementInstanceKey: string;
  jobKey?: string | null;
  state: string;
  creationTime?: string | null;
}

export interface Variable {
  variableKey: string;
  name: string;
  value: string;
  scopeKey: string;
  isTruncated?: boolean;
}

/** The jurisdiction code of a process (``lg-…`` → LG); shared processes have none. */
export function processJurisdiction(processDefinitionId: string): string | null {
  const found = /^(lg|hy|lz|th|yb)-/.exec(processDefinitionId);
  return found?.[1] ? found[1].toUpperCase() : null;
}

/** The instance's state in words, an active one with an incident called out. */
export function instanceStateLabel(instance: ProcessInstance): string {
  if (instance.state === 'ACTIVE' && instance.hasIncident) return '有故障';
  return stateLabel(instance.state);
}

export interface ElementCounts {
  active: number;
  completed: number;
  incidents: number;
}

/** Per diagram element: how many of its instances are active, completed, or stuck in an incident. */
export function countByElement(elements: ElementInstance[], incidents: Incident[]): Map<string, ElementCounts> {
  const counts = new Map<string, ElementCounts>();
  const of = (id: string): ElementCounts => {
    let found = counts.get(id);
    if (!found) {
      found = { active: 0, completed: 0, incidents: 0 };
      counts.set(id, found);
    }
    return found;
  };
  for (const element of elements) {
    if (element.type === 'PROCESS') continue;
    if (element.state === 'ACTIVE') of(element.elementId).active += 1;
    else if (element.state === 'COMPLETED') of(element.elementId).completed += 1;
  }
  for (const incident of incidents) if (incident.state === 'ACTIVE') of(incident.elementId).incidents += 1;
  return counts;
}

const WAITS: Record<string, string> = {
  USER_TASK: '等待人工办理',
  RECEIVE_TASK: '等待消息',
  INTERMEDIATE_CATCH_EVENT: '等待事件（消息或定时）',
  BOUNDARY_EVENT: '等待边界事件',
  EVENT_BASED_GATEWAY: '等待最先发生的事件',
  CALL_ACTIVITY: '等待被调用的流程',
  SERVICE_TASK: '等待自动处理（作业）',
  BUSINESS_RULE_TASK: '等待决策',
  SEND_TASK: '等待发送',
  SCRIPT_TASK: '等待脚本',
  SUB_PROCESS: '子流程进行中',
  MULTI_INSTANCE_BODY: '多实例进行中',
};

/** What the instance waits for now, one line per active element (innermost work first). */
export function waits(elements: ElementInstance[]): string[] {
  return elements
    .filter((element) => element.state === 'ACTIVE' && element.type !== 'PROCESS' && element.type !== 'SUB_PROCESS' && element.type !== 'MULTI_INSTANCE_BODY')
    .map((element) => `${WAITS[element.type] ?? '进行中'}：${element.elementName || element.elementId}${element.hasIncident ? '（有故障）' : ''}`);
}

/** The end events the instance reached, by name: how it ended (or how a branch of it did). */
export function endsReached(elements: ElementInstance[]): string[] {
  return elements
    .filter((element) => element.type === 'END_EVENT' && element.state === 'COMPLETED')
    .map((element) => element.elementName || element.elementId);
}

const INCIDENT_TYPES: Record<string, string> = {
  JOB_NO_RETRIES: '作业重试次数已用完',
  CONDITION_ERROR: '条件无法求值',
  EXTRACT_VALUE_ERROR: '变量取值错误',
  IO_MAPPING_ERROR: '输入输出映射错误',
  CALLED_ELEMENT_ERROR: '被调用流程不存在',
  CALLED_DECISION_ERROR: '被调用决策不存在',
  DECISION_EVALUATION_ERROR: '决策求值错误',
  FORM_NOT_FOUND: '表单不存在',
  UNHANDLED_ERROR_EVENT: '未捕获的错误事件',
  MESSAGE_SIZE_EXCEEDED: '消息过大',
  RESOURCE_NOT_FOUND: '资源不存在',
  EXECUTION_LISTENER_NO_RETRIES: '执行监听器重试次数已用完',
  TASK_LISTENER_NO_RETRIES: '任务监听器重试次数已用完',
  UNKNOWN: '未知错误',
};

export function incidentTypeLabel(code: string): string {
  return INCIDENT_TYPES[code] ?? code;
}

/** A variable's value as a person edits it: JSON text, checked before it is sent. */
export function parseEdited(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `不是有效的 JSON 值（字符串请加引号，如 "是"）：${error instanceof Error ? error.message : String(error)}` };
  }
}
