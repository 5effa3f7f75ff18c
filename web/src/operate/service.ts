// The REST calls behind Operate's pages (Camunda 8.8 /v2, as Operate makes them); the server keeps
// only what the signed-in user may see.

import { get, post, request } from '../api';
import type {
  ElementInstance,
  ElementStatistics,
  Incident,
  MessageSubscription,
  ProcessInstance,
  StateTab,
  Variable,
} from './model';
import { parsed, stateFilter } from './model';
import type { UserTask } from '../tasks/model';

export interface Page<T> {
  items: T[];
  page?: { totalItems?: number };
}

const ALL = 1000;
const key = (value: string): string => encodeURIComponent(value);

export interface InstanceQuery {
  tab: StateTab;
  processDefinitionId: string;
  jurisdiction: string;
  /** The project's id: the instances carrying it (its lifecycle and every process it called). */
  projectId: string;
  from: number;
  limit: number;
}

/** One page of instances, newest first. */
export function searchInstances(query: InstanceQuery): Promise<Page<ProcessInstance>> {
  const filter: Record<string, unknown> = { ...stateFilter(query.tab) };
  if (query.processDefinitionId) filter.processDefinitionId = query.processDefinitionId;
  const variables: { name: string; value: string }[] = [];
  if (query.jurisdiction) variables.push({ name: 'jurisdiction', value: JSON.stringify(query.jurisdiction) });
  if (query.projectId) variables.push({ name: 'projectId', value: JSON.stringify(query.projectId) });
  if (variables.length > 0) filter.variables = variables;
  return post<Page<ProcessInstance>>('/v2/process-instances/search', {
    filter,
    sort: [{ field: 'startDate', order: 'DESC' }],
    page: { from: query.from, limit: query.limit },
  });
}

/** The deployed processes (id and name), for the process filter. */
export async function processes(): Promise<{ id: string; name: string }[]> {
  const found = await post<Page<{ processDefinitionId: string; name?: string | null }>>('/v2/process-definitions/search', {
    filter: { isLatestVersion: true },
    page: { limit: ALL },
  });
  const seen = new Map<string, string>();
  for (const item of found.items) seen.set(item.processDefinitionId, item.name || item.processDefinitionId);
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id));
}

export function instance(instanceKey: string): Promise<ProcessInstance> {
  return get<ProcessInstance>(`/v2/process-instances/${key(instanceKey)}`);
}

export async function children(instanceKey: string): Promise<ProcessInstance[]> {
  const found = await post<Page<ProcessInstance>>('/v2/process-instances/search', {
    filter: { parentProcessInstanceKey: instanceKey },
    sort: [{ field: 'startDate', order: 'ASC' }],
    page: { limit: ALL },
  });
  return found.items;
}

export async function definitionXml(definitionKey: string): Promise<string> {
  const response = await fetch(`/v2/process-definitions/${key(definitionKey)}/xml`, {
    credentials: 'same-origin',
    headers: { Accept: 'text/xml' },
  });
  if (!response.ok) throw new Error(`无法读取流程图（HTTP ${response.status}）`);
  return response.text();
}

export async function statistics(instanceKey: string): Promise<ElementStatistics[]> {
  const found = await get<{ items: ElementStatistics[] }>(`/v2/process-instances/${key(instanceKey)}/statistics/element-instances`);
  return found.items;
}

export async function elementInstances(instanceKey: string): Promise<ElementInstance[]> {
  const found = await post<Page<ElementInstance>>('/v2/element-instances/search', {
    filter: { processInstanceKey: instanceKey },
    sort: [{ field: 'startDate', order: 'ASC' }],
    page: { limit: ALL },
  });
  return found.items;
}

export async function incidents(instanceKey: string): Promise<Incident[]> {
  const found = await post<Page<Incident>>('/v2/incidents/search', {
    filter: { processInstanceKey: instanceKey, state: 'ACTIVE' },
    page: { limit: ALL },
  });
  return found.items;
}

export async function subscriptions(instanceKey: string): Promise<MessageSubscription[]> {
  const found = await post<Page<MessageSubscription>>('/v2/message-subscriptions/search', {
    filter: { processInstanceKey: instanceKey, messageSubscriptionState: 'CREATED' },
    page: { limit: ALL },
  });
  return found.items;
}

/** The instance's open user tasks; empty where the user may not read tasks. */
export async function openTasks(instanceKey: string): Promise<UserTask[]> {
  const found = await post<Page<UserTask>>('/v2/user-tasks/search', {
    filter: { processInstanceKey: instanceKey, state: 'CREATED' },
    page: { limit: ALL },
  });
  return found.items;
}

export async function variables(instanceKey: string): Promise<Variable[]> {
  const found = await post<Page<Variable>>('/v2/variables/search', {
    filter: { processInstanceKey: instanceKey },
    sort: [{ field: 'name', order: 'ASC' }],
    page: { limit: 10_000 },
  });
  return found.items;
}

export function fullVariable(variableKey: string): Promise<Variable> {
  return get<Variable>(`/v2/variables/${key(variableKey)}`);
}

/** Sets variables on one scope (the instance, or an element instance within it), only there. */
export function setVariables(scopeKey: string, values: Record<string, unknown>): Promise<null> {
  return request<null>('PUT', `/v2/element-instances/${key(scopeKey)}/variables`, { variables: values, local: true });
}

/** Operate's retry: the job gets its retries back, then the incident is resolved. */
export async function retry(incident: Incident, retries = 1): Promise<void> {
  if (incident.jobKey) await request<null>('PATCH', `/v2/jobs/${key(incident.jobKey)}`, { changeset: { retries } });
  await post<null>(`/v2/incidents/${key(incident.incidentKey)}/resolution`, {});
}

export function cancel(instanceKey: string): Promise<null> {
  return post<null>(`/v2/process-instances/${key(instanceKey)}/cancellation`, {});
}

export function publish(name: string, correlationKey: string, values: Record<string, unknown>): Promise<unknown> {
  return post('/v2/messages/publication', { name, correlationKey, variables: values, timeToLive: 0 });
}

/** ``projectName`` and ``jurisdiction`` of a page of instances (each its own scope's), by key. */
export async function rowFacts(instanceKeys: string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (instanceKeys.length === 0) return out;
  const found = await post<Page<Variable>>('/v2/variables/search', {
    filter: { processInstanceKey: { $in: instanceKeys }, name: { $in: ['projectName', 'jurisdiction'] } },
    page: { limit: 1000 },
  });
  for (const item of found.items) {
    if (item.scopeKey !== item.processInstanceKey) continue;
    const facts = out.get(item.processInstanceKey) ?? {};
    facts[item.name] = parsed(item.value);
    out.set(item.processInstanceKey, facts);
  }
  return out;
}

/** The open incidents of a page of instances, by instance key. */
export async function incidentsOf(instanceKeys: string[]): Promise<Map<string, Incident[]>> {
  const out = new Map<string, Incident[]>();
  if (instanceKeys.length === 0) return out;
  const found = await post<Page<Incident>>('/v2/incidents/search', {
    filter: { processInstanceKey: { $in: instanceKeys }, state: 'ACTIVE' },
    page: { limit: 1000 },
  });
  for (const incident of found.items) out.set(incident.processInstanceKey, [...(out.get(incident.processInstanceKey) ?? []), incident]);
  return out;
}
