// The registry's read API of the workspace, and the engine's instances and documents of a project.

import { get, post } from '../api';
import type { ProcessRun, Project, ProjectSummary } from './model';

export async function projects(): Promise<ProjectSummary[]> {
  const found = await get<{ items: ProjectSummary[] }>('/workspace/registry/projects');
  return found.items;
}

export function project(projectId: string): Promise<Project> {
  return get<Project>(`/workspace/registry/projects/${encodeURIComponent(projectId)}`);
}

/** The process instances that carry the project (its lifecycle and every process it called), as
 * far as the user may read them. */
export async function runs(projectId: string): Promise<ProcessRun[]> {
  const found = await post<{ items: ProcessRun[] }>('/v2/process-instances/search', {
    filter: { variables: [{ name: 'projectId', value: JSON.stringify(projectId) }] },
    sort: [{ field: 'startDate', order: 'ASC' }],
    page: { limit: 1000 },
  });
  return found.items;
}

export interface DocumentRef {
  material?: string;
  documentId?: string;
  fileName?: string;
}

/** The documents the project submitted: the ``documents`` variable of its instances, each once. */
export async function documents(runsOfProject: ProcessRun[]): Promise<DocumentRef[]> {
  const seen = new Map<string, DocumentRef>();
  const keys = runsOfProject.map((run) => run.processInstanceKey);
  if (keys.length === 0) return [];
  const found = await post<{ items: { name: string; value: string; isTruncated?: boolean }[] }>('/v2/variables/search', {
    filter: { processInstanceKey: { $in: keys }, name: 'documents' },
    page: { limit: 1000 },
  });
  for (const item of found.items) {
    if (item.isTruncated) continue;
    let value: unknown;
    try {
      value = JSON.parse(item.value);
    } catch {
      continue;
    }
    if (!Array.isArray(value)) continue;
    for (const ref of value as DocumentRef[]) {
      const key = ref.documentId ?? ref.fileName;
      if (key && !seen.has(key)) seen.set(key, ref);
    }
  }
  return [...seen.values()];
}

export interface ArchivedDossier {
  documentId: string;
  store: string;
  /** Where the workspace opens the PDF (the engine's document store), or null. */
  href: string | null;
  fileName?: string | null;
  pageCount: number;
  sizeBytes: number;
  sha256: string;
  generatedAt: string;
  gaps: string[];
}

/** The dossiers archived for the project, newest first (empty where the server has none). */
export async function dossiers(projectId: string): Promise<ArchivedDossier[]> {
  const found = await get<{ items: ArchivedDossier[] }>(`/workspace/registry/projects/${encodeURIComponent(projectId)}/dossiers`);
  return found.items;
}
