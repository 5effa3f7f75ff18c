// The REST calls behind Operate (Camunda 8.8 /v2, as Operate makes them).

import { get, post, request } from '../api';
import type { Subscription } from './events';
import type { ElementInstance, Incident, ProcessInstance, Variable } from './model';

interface Page<T> {
  items: T[];
  page?: { totalItems?: number };
}

export interface InstanceFilter {
  state: string;
  jurisdiction: string;
  processDefinitionId: string;
  topLevel: boolean;
}

export async function searchInstances(filter: InstanceFilter): Promise<{ items: ProcessInstance[]; total: number }> {
  const body: Record<string, unknown> = {};
  if (filter.state === 'INCIDENT') {
    body.state = 'ACTIVE';
    body.hasIncident = true;
  } else if (filter.state) {
    body.state = filter.state;
  }
  if (filter.processDefinitionId) body.processDefinitionId = filter.processDefinitionId;
  else if (filter.jurisdiction) body.processDefinitionId = { $like: `${filter.jurisdiction.toLowerCase()}-*` };
  if (filter.topLevel) body.parentProcessInstanceKey = { $exists: false };
  const found = await post<Page<ProcessInstance>>('/v2/process-instances/search', {
    filter: body,
    sort: [{ field: 'startDate', order: 'DESC' }],
    page: { limit: 200 },
  });
  return { items: found.items, total: found.page?.totalItems ?? found.items.length };
}

export function getInstance(key: string): Promise<ProcessInstance> {
  return get<ProcessInstance>(`/v2/process-instances/${encodeURIComponent(key)}`);
}

export async function definitionXml(processDefinitionKey: string): Promise<string> {
  const response = await fetch(`/v2/process-definitions/${encodeURIComponent(processDefinitionKey)}/xml`, {
    credentials: 'same-origin',
    headers: { Accept: 'text/xml' },
  });
  if (!response.ok) throw new Error(`无法读取流程图（HTTP ${response.status}）`);
  return response.text();
}

export async function elementInstances(processInstanceKey: string): Promise<ElementInstance[]> {
  const found = await post<Page<ElementInstance>>('/v2/element-instances/search', {
    filter: { processInstanceKey },
    page: { limit: 1000 },
  });
  return found.items;
}

export async function incidents(processInstanceKey: string): Promise<Incident[]> {
  const found = await post<Page<Incident>>('/v2/incidents/search', {
    filter: { processInstanceKey, state: 'ACTIVE' },
    page: { limit: 100 },
  });
  return found.items;
}

export async function variables(processInstanceKey: string): Promise<Variable[]> {
  const found = await post<Page<Variable>>('/v2/variables/search', {
    filter: { processInstanceKey },
    sort: [{ field: 'name', order: 'ASC' }],
    page: { limit: 1000 },
  });
  return found.items;
}

export async function childInstances(processInstanceKey: string): Promise<ProcessInstance[]> {
  const found = await post<Page<ProcessInstance>>('/v2/process-instances/search', {
    filter: { parentProcessInstanceKey: processInstanceKey },
    sort: [{ field: 'startDate', order: 'ASC' }],
    page: { limit: 200 },
  });
  return found.items;
}

/** Sets one variable in its own scope (the instance, or the element that holds it). */
export function setVariable(scopeKey: string, name: string, value: unknown): Promise<null> {
  return request<null>('PUT', `/v2/element-instances/${encodeURIComponent(scopeKey)}/variables`, {
    variables: { [name]: value },
    local: true,
  });
}

/** A job's incident needs retries back before it is resolved; other incidents are resolved. */
export async function retry(incident: Incident): Promise<void> {
  if (incident.jobKey) {
    await request<null>('PATCH', `/v2/jobs/${encodeURIComponent(incident.jobKey)}`, { changeset: { retries: 1 } });
  }
  await post<null>(`/v2/incidents/${encodeURIComponent(incident.incidentKey)}/resolution`, {});
}

/** The messages the instance waits for now. */
export async function openSubscriptions(processInstanceKey: string): Promise<Subscription[]> {
  const found = await post<Page<Subscription>>('/v2/message-subscriptions/search', {
    filter: { processInstanceKey, messageSubscriptionState: 'CREATED' },
    page: { limit: 100 },
  });
  return found.items;
}

export function publish(name: string, correlationKey: string, variables: Record<string, unknown>): Promise<unknown> {
  return post<unknown>('/v2/messages/publication', { name, correlationKey, variables, timeToLive: 0 });
}

export function cancel(processInstanceKey: string): Promise<null> {
  return post<null>(`/v2/process-instances/${encodeURIComponent(processInstanceKey)}/cancellation`, {});
}
