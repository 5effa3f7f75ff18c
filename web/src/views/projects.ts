// 项目登记: the registry's projects (phase, status, amount, next deadline) and one project's page
// (its phases, applications with their process instances, decisions with the rule ids they cite,
// filings due and made, milestones and compliance flags).

import { ApiError, SessionLost } from '../api';
import { calendar } from '../calendar';
import { h, notice, replace } from '../dom';
import { date } from '../format';
import { jurisdictionLabel, label, outcomeLabel } from '../labels';
import { type Filing, amountLabel, project, projects } from '../registry/service';
import { shanghaiDay } from '../workdays';

function message(error: unknown): string {
  return error instanceof ApiError ? (error.detail ?? error.title) : error instanceof Error ? error.message : String(error);
}

/** A filing's deadline in words: filed (on time or late), or working days left / overdue. */
export function filingDeadline(filing: Filing, today: string): string {
  if (filing.filedOn) return `${label(filing.status)}（${filing.filedOn}）`;
  if (!filing.dueOn) return '待备案（未设期限）';
  const { days, provisional } = calendar.between(today, filing.dueOn);
  const mark = provisional ? '（按周末估算）' : '';
  if (filing.dueOn < today) return `已逾期 ${-days} 个工作日${mark}（应于 ${filing.dueOn} 前）`;
  if (filing.dueOn === today) return `今日到期（${filing.dueOn}）`;
  return `剩余 ${days} 个工作日${mark}（${filing.dueOn} 前）`;
}

export async function projectsView(root: HTMLElement): Promise<void> {
  const body = h('div', null, h('p', { class: 'muted' }, '正在加载项目登记…'));
  replace(root, h('section', { class: 'view projects' }, h('h1', null, '项目登记'), body));
  try {
    const found = await projects();
    const today = shanghaiDay(new Date());
    replace(
      body,
      found.length === 0
        ? h('p', { class: 'empty' }, '登记库中没有您可查看的项目。')
        : h(
            'table',
            { class: 'tasks registry' },
            h('thead', null, h('tr', null, ['项目', '辖区', '阶段', '总投资', '下一个期限'].map((title) => h('th', null, title)))),
            h(
              'tbody',
              null,
              found.map((p) =>
                h(
                  'tr',
                  { 'data-project-id': p.projectId },
                  h('td', null, h('a', { href: `/projects/${encodeURIComponent(p.projectId)}` }, p.name), h('div', { class: 'muted' }, [p.projectCode, p.unit].filter(Boolean).join(' · '))),
                  h('td', null, jurisdictionLabel(p.jurisdiction)),
                  h('td', null, p.phaseNumber === null ? '—' : `第 ${p.phaseNumber} 期（${p.phaseStartedOn ?? '—'} 起）`),
                  h('td', null, amountLabel(p.totalInvestmentYuan)),
                  h(
                    'td',
                    null,
                    p.nextDeadline
                      ? [h('div', null, label(p.nextDeadline.kind)), h('div', { class: p.nextDeadline.overdue ? 'deadline deadline-overdue' : 'deadline' }, filingDeadline(p.nextDeadline, today))]
                      : h('span', { class: 'muted' }, '无待办备案'),
                  ),
                ),
              ),
            ),
          ),
    );
  } catch (error) {
    if (error instanceof SessionLost) return;
    replace(body, notice('error', `无法加载项目登记：${message(error)}`));
  }
}

export async function projectView(root: HTMLElement, params: Record<string, string>): Promise<void> {
  const id = params.id ?? '';
  const page = h('section', { class: 'view project-page' }, h('p', { class: 'muted' }, '正在加载项目…'));
  replace(root, page);
  try {
    const p = await project(id);
    const today = shanghaiDay(new Date());
    const table = (headers: string[], rows: HTMLElement[], empty: string): HTMLElement =>
      rows.length === 0
        ? h('p', { class: 'muted' }, empty)
        : h('table', { class: 'tasks' }, h('thead', null, h('tr', null, headers.map((title) => h('th', null, title)))), h('tbody', null, rows));
    replace(
      page,
      h('p', { class: 'breadcrumb' }, h('a', { href: '/projects' }, '项目登记'), ' › ', p.name),
      h('h1', null, p.name),
      h(
        'dl',
        { class: 'task-facts' },
        h('dt', null, '项目编号'),
        h('dd', null, p.projectCode ?? p.projectId),
        h('dt', null, '辖区'),
        h('dd', null, jurisdictionLabel(p.jurisdiction)),
        h('dt', null, '建设单位'),
        h('dd', null, p.unit),
        h('dt', null, '总投资'),
        h('dd', null, amountLabel(p.totalInvestmentYuan)),
        h('dt', null, '登记时间'),
        h('dd', null, date(p.registeredAt)),
        h('dt', null, '当前阶段'),
        h('dd', null, p.phaseNumber === null ? '—' : `第 ${p.phaseNumber} 期`),
      ),
      h('h2', null, '申请与流程'),
      table(
        ['阶段', '申请', '提交日期', '流程实例'],
        p.applications.map((a) =>
          h(
            'tr',
            null,
            h('td', null, `第 ${a.phaseNumber} 期`),
            h('td', null, label(a.kind)),
            h('td', null, a.submittedOn ?? '—'),
            h('td', null, a.processInstanceKey ? h('a', { href: `/operate/instances/${a.processInstanceKey}` }, a.processInstanceKey) : '—'),
          ),
        ),
        '尚无申请记录。',
      ),
      h('h2', null, '决定'),
      table(
        ['结论', '决定机关', '日期', '依据条款', '说明'],
        p.decisions.map((d) =>
          h(
            'tr',
            null,
            h('td', null, outcomeLabel(d.outcome)),
            h('td', null, label(d.authority)),
            h('td', null, d.decidedOn ?? '—'),
            h('td', { class: 'rule-ids' }, d.ruleIds.join('、') || '—'),
            h('td', null, d.note ?? ''),
          ),
        ),
        '尚无决定。',
      ),
      h('h2', null, '备案'),
      table(
        ['备案事项', '备案机关', '依据条款', '期限与状态'],
        p.filings.map((f) =>
          h(
            'tr',
            { 'data-filing': f.kind },
            h('td', null, label(f.kind)),
            h('td', null, label(f.authority)),
            h('td', null, f.ruleId ?? '—'),
            h('td', { class: f.overdue ? 'deadline deadline-overdue' : '' }, filingDeadline(f, today)),
          ),
        ),
        '尚无备案事项。',
      ),
      h('h2', null, '里程碑'),
      table(
        ['阶段', '里程碑', '日期'],
        p.milestones.map((m) => h('tr', null, h('td', null, `第 ${m.phaseNumber} 期`), h('td', null, label(m.kind)), h('td', null, m.reachedOn ?? '—'))),
        '尚无里程碑。',
      ),
      p.complianceFlags.length
        ? [
            h('h2', null, '合规情况'),
            table(
              ['事项', '情况', '记录日期'],
              p.complianceFlags.map((f) => h('tr', null, h('td', null, label(f.flag)), h('td', null, f.value ? '是' : '否'), h('td', null, f.recordedOn ?? '—'))),
              '',
            ),
          ]
        : null,
    );
  } catch (error) {
    if (error instanceof SessionLost) return;
    const text = error instanceof ApiError && error.status === 404 ? `未找到项目 ${id}：登记库中没有您可查看的该项目。` : `无法加载项目：${message(error)}`;
    replace(page, h('h1', null, '项目'), notice('error', text), h('p', null, h('a', { href: '/projects' }, '返回项目登记')));
  }
}
