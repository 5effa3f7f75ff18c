// The registry's projects as the workspace reads them (/workspace/registry/projects…), and the
// project page's timeline gathered from its phases, applications, decisions, filings, milestones
// and the process instances it ran. Pure, so the order and the words are unit-tested.

import { label, outcomeLabel } from '../labels';

export interface Filing {
  filingId: number | string;
  kind: string;
  authority: string;
  ruleId?: string | null;
  dueOn?: string | null;
  filedOn?: string | null;
  status: string;
  overdue: boolean;
}

export interface Decision {
  decisionId: number | string;
  applicationId?: number | string | null;
  outcome: string;
  authority: string;
  decidedOn?: string | null;
  ruleIds: string[];
  note?: string | null;
}

export interface Milestone {
  phaseNumber?: number | null;
  kind: string;
  reachedOn?: string | null;
}

export interface Application {
  applicationId: number | string;
  phaseNumber?: number | null;
  kind: string;
  submittedOn?: string | null;
  processInstanceKey?: string | null;
}

export interface ProjectSummary {
  projectId: string;
  jurisdiction: string;
  name: string;
  unit: string;
  projectCode?: string | null;
  totalInvestmentYuan?: string | null;
  registeredAt: string;
  phaseNumber?: number | null;
  phaseStartedOn?: string | null;
  nextDeadline?: Filing | null;
  latestDecision?: Decision | null;
  lastMilestone?: Milestone | null;
}

export interface Project extends ProjectSummary {
  phases: { number: number; startedOn?: string | null }[];
  applications: Application[];
  decisions: Decision[];
  filings: Filing[];
  milestones: Milestone[];
  complianceFlags: { flag: string; value: unknown; recordedOn?: string | null }[];
}

/** The registry's own codes (filing, application and milestone kinds, filing states). */
export const REGISTRY_LABELS: Record<string, string> = {
  STAGE_RECORD: '阶段性备案',
  PROJECT: '项目备案',
  MAJOR_CHANGE: '重大变更备案',
  SOCIAL_CAPITAL: '社会资本参与备案',
  CRYPTO_ASSESSMENT: '密码应用安全性评估备案',
  CHANGE_ADJUSTMENT: '变更调整备案',
  PROJECT_APPROVAL: '立项审批',
  HY_PROJECT_APPLICATION: '立项申请',
  LZ_PROJECT_APPLICATION: '立项申请',
  TH_PROJECT_APPLICATION: '立项申请',
  YB_DEMAND_DECLARATION: '需求申报',
  DUE: '待备案',
  // materials a project submits (forms' material codes)
  proposal: '项目建议书',
  meeting_minutes: '党组会议纪要',
  topic_meeting_minutes: '专题会议纪要',
  fsr: '可行性研究报告',
  prelim_design: '初步设计方案',
  quotations: '报价单',
  award_notice: '中标通知书',
  contract_copy: '合同复印件',
};

export function registryLabel(code: string | null | undefined): string {
  if (!code) return '—';
  return REGISTRY_LABELS[code] ?? label(code);
}

/** Yuan as a Chinese reader reads an amount: 万元 from ten thousand up. */
export function amountWords(yuan: string | null | undefined): string {
  if (yuan === null || yuan === undefined || yuan === '') return '—';
  const value = Number(yuan);
  if (!Number.isFinite(value)) return yuan;
  if (Math.abs(value) >= 10_000) {
    return `${(value / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 6 })} 万元`;
  }
  return `${value.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
}

/** Where the project stands: its phase, and the last thing that happened to it. */
export function statusWords(project: ProjectSummary): string {
  const phase = project.phaseNumber ? `第 ${project.phaseNumber} 期` : '未分期';
  if (project.lastMilestone) return `${phase} · ${label(project.lastMilestone.kind)}`;
  if (project.latestDecision) {
    return `${phase} · ${registryLabel(project.latestDecision.authority)}${outcomeLabel(project.latestDecision.outcome)}`;
  }
  return `${phase} · 已登记`;
}

/** The next filing due, in words; ``left`` is the working days left as the task list counts them. */
export function deadlineWords(
  filing: Filing | null | undefined,
  left: { text: string; tone: string } | null = null,
): { text: string; tone: string } {
  if (!filing || !filing.dueOn) return { text: '无待办期限', tone: 'none' };
  const what = `${registryLabel(filing.kind)} ${filing.dueOn}`;
  if (filing.overdue) return { text: `${what}（${left?.tone === 'overdue' ? left.text : '已逾期'}）`, tone: 'overdue' };
  return left ? { text: `${what} 前（${left.text}）`, tone: left.tone } : { text: `${what} 前`, tone: 'ok' };
}

/** The end of a due day in China Standard Time, as an instant the working-day count reads. */
export function endOfDay(day: string): string {
  return `${day}T23:59:59+08:00`;
}

export interface ProcessRun {
  processInstanceKey: string;
  processDefinitionName?: string | null;
  processDefinitionId: string;
  parentProcessInstanceKey?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  state: string;
  hasIncident?: boolean;
}

export interface TimelineEntry {
  /** The day (YYYY-MM-DD, China Standard Time) it happened or falls due. */
  day: string;
  title: string;
  detail: string;
  ruleIds: string[];
  tone: 'done' | 'open' | 'overdue';
  instanceKey?: string;
}

/** The day of an instant in China Standard Time. */
export function shanghaiDay(instant: string): string {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Everything the registry and the engine know happened to the project, in the order it happened;
 * filings still due come at their due day. */
export function timeline(project: Project, runs: ProcessRun[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const add = (entry: TimelineEntry): void => {
    entries.push(entry);
  };
  // registering a project starts its first phase on the day the process registered it
  const first = project.phases.find((phase) => phase.number === 1);
  add({ day: first?.startedOn ?? shanghaiDay(project.registeredAt), title: '项目登记', detail: `${project.unit}，第 1 期开始`, ruleIds: [], tone: 'done' });
  for (const phase of project.phases) {
    if (phase.startedOn && phase !== first) add({ day: phase.startedOn, title: `第 ${phase.number} 期开始`, detail: '', ruleIds: [], tone: 'done' });
  }
  for (const run of runs) {
    const name = run.processDefinitionName || run.processDefinitionId;
    const key = run.processInstanceKey;
    if (run.startDate) add({ day: shanghaiDay(run.startDate), title: `开始：${name}`, detail: '', ruleIds: [], tone: 'done', instanceKey: key });
    if (run.endDate) {
      const ended = run.state === 'COMPLETED' ? '办结' : '终止';
      add({ day: shanghaiDay(run.endDate), title: `${ended}：${name}`, detail: '', ruleIds: [], tone: 'done', instanceKey: key });
    }
  }
  for (const application of project.applications) {
    if (!application.submittedOn) continue;
    const entry: TimelineEntry = { day: application.submittedOn, title: `提交${registryLabel(application.kind)}`, detail: '', ruleIds: [], tone: 'done' };
    if (application.processInstanceKey) entry.instanceKey = application.processInstanceKey;
    add(entry);
  }
  for (const decision of project.decisions) {
    if (!decision.decidedOn) continue;
    add({
      day: decision.decidedOn,
      title: `${registryLabel(decision.authority)}决定：${outcomeLabel(decision.outcome)}`,
      detail: decision.note ?? '',
      ruleIds: decision.ruleIds,
      tone: 'done',
    });
  }
  for (const filing of project.filings) {
    const rules = filing.ruleId ? [filing.ruleId] : [];
    if (filing.filedOn) {
      add({ day: filing.filedOn, title: `${registryLabel(filing.kind)}：${registryLabel(filing.status)}`, detail: `报${registryLabel(filing.authority)}`, ruleIds: rules, tone: 'done' });
    } else if (filing.dueOn) {
      add({
        day: filing.dueOn,
        title: `${registryLabel(filing.kind)}到期${filing.overdue ? '（已逾期）' : ''}`,
        detail: `应报${registryLabel(filing.authority)}`,
        ruleIds: rules,
        tone: filing.overdue ? 'overdue' : 'open',
      });
    }
  }
  for (const milestone of project.milestones) {
    if (milestone.reachedOn) add({ day: milestone.reachedOn, title: label(milestone.kind), detail: '', ruleIds: [], tone: 'done' });
  }
  const rank = { done: 0, overdue: 1, open: 2 };
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.day.localeCompare(b.entry.day) || rank[a.entry.tone] - rank[b.entry.tone] || a.index - b.index)
    .map(({ entry }) => entry);
}

/** Projects by their next filing due, the earliest first; those with none last, in the given order. */
export function byNextDeadline(projects: ProjectSummary[]): ProjectSummary[] {
  const day = (project: ProjectSummary): string => project.nextDeadline?.dueOn ?? '9999-12-31';
  return projects
    .map((project, index) => ({ project, index }))
    .sort((a, b) => day(a.project).localeCompare(day(b.project)) || a.index - b.index)
    .map(({ project }) => project);
}
