// The REST calls behind the task list and the task page (Camunda 8.8 /v2, as Tasklist makes them).

import { ApiError, del, get, post } from '../api';
import { type Caller, type RowVariables, ROW_VARIABLES, type UserTask, parseValue } from './model';

interface Page<T> {
  items: T[];
  page?: { totalItems?: number };
}

interface VariableItem {
  variableKey: string;
  name: string;
  value: string;
  isTruncated?: boolean;
  scopeKey?: string;
}

const LIMIT = 1000;

/** Open tasks the signed-in user may see (the server keeps only those). */
export async function openTasks(): Promise<UserTask[]> {
  const found = await post<Page<UserTask>>('/v2/user-tasks/search', {
    filter: { state: 'CREATED' },
    sort: [{ field: 'creationDate', order: 'ASC' }],
    page: { limit: LIMIT },
  });
  return found.items;
}

export function getTask(key: string): Promise<UserTask> {
  return get<UserTask>(`/v2/user-tasks/${encodeURIComponent(key)}`);
}

export async function rowVariables(key: string): Promise<RowVariables> {
  const found = await post<Page<VariableItem>>(`/v2/user-tasks/${encodeURIComponent(key)}/variables/search`, {
    filter: { name: { $in: [...ROW_VARIABLES] } },
    page: { limit: 100 },
  });
  const out: Record<string, unknown> = {};
  for (const item of found.items) out[item.name] = parseValue(item.value);
  return out as RowVariables;
}

/** Every variable the task sees, the innermost scope winning (the task's own, then any
 * sub-process, then the instance), with the full value of a truncated one where it may be read. */
export async function taskVariables(task: UserTask): Promise<Record<string, unknown>> {
  const found = await post<Page<VariableItem>>(
    `/v2/user-tasks/${encodeURIComponent(task.userTaskKey)}/variables/search`,
    { page: { limit: 10_000 } },
  );
  const depth = (item: VariableItem): number =>
    item.scopeKey === task.elementInstanceKey ? 0 : item.scopeKey === task.processInstanceKey ? 2 : 1;
  const chosen = new Map<string, VariableItem>();
  for (const item of found.items) {
    const held = chosen.get(item.name);
    if (held === undefined || depth(item) < depth(held)) chosen.set(item.name, item);
  }
  const out: Record<string, unknown> = {};
  await Promise.all(
    [...chosen.values()].map(async (item) => {
      if (!item.isTruncated) {
        out[item.name] = parseValue(item.value);
        return;
      }
      try {
        const full = await get<VariableItem>(`/v2/variables/${encodeURIComponent(item.variableKey)}`);
        out[item.name] = parseValue(full.value);
      } catch (error) {
        // without read access to the instance only a preview is there: better none than half
        if (!(error instanceof ApiError)) throw error;
      }
    }),
  );
  return out;
}

const callerCache = new Map<string, Promise<Caller | null>>();
let callersReadable = true;

interface ProcessInstance {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionName?: string | null;
  parentProcessInstanceKey?: string | null;
}

/** The process that called a shared step, when the user may read its instances (ops may). */
export function callerOf(task: UserTask): Promise<Caller | null> {
  if (!task.processDefinitionId.startsWith('shared-') || !callersReadable) return Promise.resolve(null);
  const cached = callerCache.get(task.processInstanceKey);
  if (cached) return cached;
  const found = (async (): Promise<Caller | null> => {
    try {
      const child = await get<ProcessInstance>(`/v2/process-instances/${task.processInstanceKey}`);
      if (!child.parentProcessInstanceKey) return null;
      const parent = await get<ProcessInstance>(`/v2/process-instances/${child.parentProcessInstanceKey}`);
      return { processDefinitionId: parent.processDefinitionId, processName: parent.processDefinitionName ?? null };
    } catch (error) {
      if (error instanceof ApiError && (error.status === 403 || error.status === 401)) {
        callersReadable = false;
        return null;
      }
      if (error instanceof ApiError) return null;
      throw error;
    }
  })();
  callerCache.set(task.processInstanceKey, found);
  return found;
}

export function claim(key: string, username: string): Promise<null> {
  return post<null>(`/v2/user-tasks/${encodeURIComponent(key)}/assignment`, {
    assignee: username,
    allowOverride: false,
  });
}

export function unclaim(key: string): Promise<null> {
  return del<null>(`/v2/user-tasks/${encodeURIComponent(key)}/assignee`);
}

export interface LinkedForm {
  formId: string;
  schema: string | object;
  version?: number;
  formKey: string;
}

/** The task's linked form, or null when it has none (204). */
export function taskForm(key: string): Promise<LinkedForm | null> {
  return get<LinkedForm | null>(`/v2/user-tasks/${encodeURIComponent(key)}/form`);
}

export function complete(key: string, variables: Record<string, unknown>): Promise<null> {
  return post<null>(`/v2/user-tasks/${encodeURIComponent(key)}/completion`, { variables });
}

export interface DocumentReference {
  'camunda.document.type': string;
  storeId: string;
  documentId: string;
  contentHash?: string;
  metadata: Record<string, unknown>;
}

export function upload(file: File, processDefinitionId: string, processInstanceKey: string): Promise<DocumentReference> {
  const form = new FormData();
  form.append('file', file, file.name);
  form.append(
    'metadata',
    JSON.stringify({ fileName: file.name, contentType: file.type || 'application/octet-stream', processDefinitionId, processInstanceKey }),
  );
  return post<DocumentReference>('/v2/documents', form);
}

/** The open tasks the user may see of one project (its instances all hold ``projectId``), or of
 * one process instance when the project has no id yet: where the project went after a completion. */
export async function nextTasks(projectId: string | null, processInstanceKey: string): Promise<UserTask[]> {
  const filter: Record<string, unknown> = { state: 'CREATED' };
  if (projectId) filter.processInstanceVariables = [{ name: 'projectId', value: JSON.stringify(projectId) }];
  else filter.processInstanceKey = processInstanceKey;
  const found = await post<Page<UserTask>>('/v2/user-tasks/search', {
    filter,
    sort: [{ field: 'creationDate', order: 'DESC' }],
    page: { limit: 100 },
  });
  return found.items;
}

/** A process instance, when the user may read it (ops may; a reviewer may not). */
export async function instanceState(processInstanceKey: string): Promise<string | null> {
  try {
    return (await get<{ state: string }>(`/v2/process-instances/${processInstanceKey}`)).state;
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}
