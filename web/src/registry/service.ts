// The registry's read API (/workspace/registry/projects…): what the workers recorded of each
// project, filtered by the server to what the signed-in person may see.

import { get } from '../api';

export interface Filing {
  filingId: number;
  kind: string;
  authority: string | null;
  ruleId: string | null;
  dueOn: string | null;
  filedOn: string | null;
  status: string;
  overdue: boolean;
}

export interface ProjectSummary {
  projectId: string;
  jurisdiction: string;
  name: string;
  unit: string;
  projectCode: string | null;
  totalInvestmentYuan: string | null;
  registeredAt: string;
  phaseNumber: number | null;
  phaseStartedOn: string | null;
  nextDeadline: Filing | null;
}

export interface ProjectDetail extends ProjectSummary {
  phases: { number: number; startedOn: string | null }[];
  applications: { applicationId: number; phaseNumber: number; kind: string; submittedOn: string | null; processInstanceKey: string | null }[];
  decisions: { decisionId: number; applicationId: number | null; outcome: string; authority: string | null; decidedOn: string | null; ruleIds: string[]; note: string | null }[];
  filings: Filing[];
  milestones: { phaseNumber: number; kind: string; reachedOn: string | null }[];
  complianceFlags: { flag: string; value: boolean; recordedOn: string | null }[];
}

export async function projects(): Promise<ProjectSummary[]> {
  const found = await get<{ items?: ProjectSummary[] } | ProjectSummary[]>('/workspace/registry/projects');
  return Array.isArray(found) ? found : (found.items ?? []);
}

export function project(id: string): Promise<ProjectDetail> {
  return get<ProjectDetail>(`/workspace/registry/projects/${encodeURIComponent(id)}`);
}

/** An amount in yuan as a reader expects it: 6,000,000.00 元 → 600.00 万元. */
export function amountLabel(yuan: string | null): string {
  if (yuan === null) return '—';
  const value = Number(yuan);
  if (!Number.isFinite(value)) return yuan;
  return `${(value / 10_000).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 万元`;
}
