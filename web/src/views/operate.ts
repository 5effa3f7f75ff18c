// 流程监控: the process instances ops watch, by state (running, with incidents, completed,
// canceled), process and jurisdiction, a page at a time; the filter is kept in the address.

import { SessionLost } from '../api';
import type { Incident } from '../operate/model';
import { h, notice, replace } from '../dom';
import { dateTime } from '../format';
import { JURISDICTIONS } from '../labels';
import { STATE_TABS, type StateTab, errorTypeLabel, instanceStateLabel, instanceTone, jurisdictionName, jurisdictionOf } from '../operate/model';
import { type InstanceQuery, incidentsOf, processes, rowFacts, searchInstances } from '../operate/service';
import { navigate } from '../router';

export const PAGE_SIZE = 20;
const TABS = Object.keys(STATE_TABS) as StateTab[];

export function queryFrom(query: URLSearchParams): InstanceQuery {
  const tab = query.get('state');
  const page = Number(query.get('page') ?? '1');
  return {
    tab: tab && tab in STATE_TABS ? (tab as StateTab) : 'active',
    processDefinitionId: query.get('process') ?? '',
    jurisdiction: query.get('jurisdiction') ?? '',
    projectId: (query.get('project') ?? '').trim(),
    from: Number.isInteger(page) && page > 1 ? (page - 1) * PAGE_SIZE : 0,
    limit: PAGE_SIZE,
  };
}

export function addressOf(query: InstanceQuery): string {
  const out = new URLSearchParams();
  if (query.tab !== 'active') out.set('state', query.tab);
  if (query.processDefinitionId) out.set('process', query.processDefinitionId);
  if (query.jurisdiction) out.set('jurisdiction', query.jurisdiction);
  if (query.projectId) out.set('project', query.projectId);
  if (query.from > 0) out.set('page', String(query.from / PAGE_SIZE + 1));
  const text = out.toString();
  return `/operate${text ? `?${text}` : ''}`;
}

export async function operateView(root: HTMLElement, _params: Record<string, string>, address: URLSearchParams): Promise<void> {
  const query = queryFrom(address);
  const body = h('div', null, h('p', { class: 'muted' }, '正在加载流程实例…'));
  const toolbar = h('div', { class: 'toolbar' });
  const tabs = h(
    'div',
    { class: 'tabs', role: 'tablist' },
    TABS.map((tab) =>
      h(
        'a',
        {
          href: addressOf({ ...query, tab, from: 0 }),
          role: 'tab',
          class: tab === query.tab ? 'tab active' : 'tab',
          'aria-selected': tab === query.tab ? 'true' : 'false',
          'data-state': tab,
        },
        STATE_TABS[tab],
      ),
    ),
  );
  replace(root, h('section', { class: 'view operate' }, h('h1', null, '流程监控'), tabs, toolbar, body));

  const go = (changes: Partial<InstanceQuery>): void => navigate(addressOf({ ...query, from: 0, ...changes }));
  const jurisdiction = h(
    'select',
    { name: 'jurisdiction', 'aria-label': '辖区', onchange: (event: Event) => go({ jurisdiction: (event.target as HTMLSelectElement).value }) },
    h('option', { value: '' }, '全部辖区'),
    Object.entries(JURISDICTIONS).map(([code, name]) => h('option', { value: code, selected: code === query.jurisdiction }, name)),
  );
  const process = h(
    'select',
    { name: 'process', 'aria-label': '流程', onchange: (event: Event) => go({ processDefinitionId: (event.target as HTMLSelectElement).value }) },
    h('option', { value: '' }, '全部流程'),
  );
  const project = h('input', { type: 'search', name: 'project', placeholder: '项目编号', 'aria-label': '项目编号', value: query.projectId });
  project.addEventListener('change', () => go({ projectId: project.value.trim() }));
  replace(toolbar, process, jurisdiction, project, h('button', { type: 'button', class: 'secondary', onclick: () => navigate(addressOf(query)) }, '刷新'));

  try {
    const [known, found] = await Promise.all([processes().catch(() => []), searchInstances(query)]);
    for (const item of known) {
      process.appendChild(h('option', { value: item.id, selected: item.id === query.processDefinitionId }, `${item.name}（${item.id}）`));
    }
    const keys = found.items.map((item) => item.processInstanceKey);
    const withIncidents = found.items.filter((item) => item.hasIncident).map((item) => item.processInstanceKey);
    const [facts, problems] = await Promise.all([
      rowFacts(keys).catch(() => new Map<string, Record<string, unknown>>()),
      incidentsOf(withIncidents).catch(() => new Map<string, Incident[]>()),
    ]);
    const total = found.page?.totalItems ?? found.items.length;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const current = query.from / PAGE_SIZE + 1;
    replace(
      body,
      found.items.length === 0
        ? h('p', { class: 'empty' }, '没有符合条件的流程实例。')
        : h(
            'table',
            { class: 'tasks instances' },
            h('thead', null, h('tr', null, ['流程', '项目', '实例编号', '辖区', '状态', '开始时间', '结束时间'].map((title) => h('th', null, title)))),
            h(
              'tbody',
              null,
              found.items.map((item) => {
                const known = facts.get(item.processInstanceKey) ?? {};
                const code = jurisdictionOf(item.processDefinitionId, known.jurisdiction ?? null);
                const projectName = typeof known.projectName === 'string' ? known.projectName : null;
                return h(
                  'tr',
                  { 'data-instance-key': item.processInstanceKey },
                  h(
                    'td',
                    null,
                    h('a', { href: `/operate/instances/${item.processInstanceKey}`, class: 'project' }, item.processDefinitionName || item.processDefinitionId),
                    h('div', { class: 'muted' }, `${item.processDefinitionId} · 第 ${item.processDefinitionVersion ?? '?'} 版`),
                  ),
                  h('td', { class: 'project-name' }, projectName ?? h('span', { class: 'muted' }, '—')),
                  h('td', null, h('a', { href: `/operate/instances/${item.processInstanceKey}` }, item.processInstanceKey), item.parentProcessInstanceKey ? h('div', { class: 'muted' }, '子流程') : null),
                  h('td', null, code ? jurisdictionName(code) : h('span', { class: 'muted' }, '共用流程')),
                  h(
                    'td',
                    null,
                    h('span', { class: `state state-${instanceTone(item)}` }, instanceStateLabel(item)),
                    (problems.get(item.processInstanceKey) ?? []).slice(0, 1).map((incident) =>
                      h('div', { class: 'muted incident-cause', title: incident.errorMessage ?? '' }, errorTypeLabel(incident.errorType)),
                    ),
                  ),
                  h('td', null, dateTime(item.startDate)),
                  h('td', null, dateTime(item.endDate)),
                );
              }),
            ),
          ),
      h(
        'div',
        { class: 'pager' },
        h('span', { class: 'muted' }, `共 ${total} 个实例，第 ${current} / ${pages} 页`),
        current > 1 ? h('a', { href: addressOf({ ...query, from: query.from - PAGE_SIZE }), class: 'prev' }, '上一页') : null,
        current < pages ? h('a', { href: addressOf({ ...query, from: query.from + PAGE_SIZE }), class: 'next' }, '下一页') : null,
      ),
    );
  } catch (error) {
    if (error instanceof SessionLost) return;
    replace(body, notice('error', `无法加载流程实例：${error instanceof Error ? error.message : String(error)}`));
  }
}
