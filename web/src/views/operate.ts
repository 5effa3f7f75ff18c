// 流程监控: process instances by state, jurisdiction and process, as Operate lists them.

import { SessionLost } from '../api';
import { h, notice, replace } from '../dom';
import { dateTime } from '../format';
import { JURISDICTIONS, jurisdictionLabel } from '../labels';
import { instanceStateLabel, processJurisdiction } from '../operate/model';
import { type InstanceFilter, searchInstances } from '../operate/service';

const STATES: [string, string][] = [
  ['ACTIVE', '进行中'],
  ['INCIDENT', '有故障'],
  ['COMPLETED', '已完成'],
  ['TERMINATED', '已取消'],
  ['', '全部状态'],
];

function filterFrom(query: URLSearchParams): InstanceFilter {
  return {
    state: query.get('state') ?? 'ACTIVE',
    jurisdiction: query.get('jurisdiction') ?? '',
    processDefinitionId: query.get('process') ?? '',
    topLevel: query.get('all') !== '1',
  };
}

function queryOf(filter: InstanceFilter): string {
  const query = new URLSearchParams();
  if (filter.state !== 'ACTIVE') query.set('state', filter.state);
  if (filter.jurisdiction) query.set('jurisdiction', filter.jurisdiction);
  if (filter.processDefinitionId) query.set('process', filter.processDefinitionId);
  if (!filter.topLevel) query.set('all', '1');
  const text = query.toString();
  return text ? `?${text}` : '';
}

export async function operateView(root: HTMLElement, _params: Record<string, string>, query: URLSearchParams): Promise<void> {
  const filter = filterFrom(query);
  const body = h('div', null, h('p', { class: 'muted' }, '正在加载流程实例…'));
  const states = h(
    'div',
    { class: 'tabs', role: 'tablist' },
    STATES.map(([code, name]) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: code === filter.state ? 'tab active' : 'tab',
          'data-state': code || 'ALL',
          onclick: () => {
            filter.state = code;
            void draw();
          },
        },
        name,
      ),
    ),
  );
  const jurisdiction = h(
    'select',
    {
      name: 'jurisdiction',
      'aria-label': '辖区',
      onchange: (event: Event) => {
        filter.jurisdiction = (event.target as HTMLSelectElement).value;
        void draw();
      },
    },
    h('option', { value: '' }, '全部辖区'),
    Object.entries(JURISDICTIONS).map(([code, name]) => h('option', { value: code, selected: code === filter.jurisdiction }, name)),
  );
  const process = h('input', { name: 'process', placeholder: '流程 ID，如 lg-project-lifecycle', value: filter.processDefinitionId, 'aria-label': '流程' });
  process.addEventListener('change', () => {
    filter.processDefinitionId = process.value.trim();
    void draw();
  });
  const all = h('input', { type: 'checkbox', name: 'all', id: 'all-instances', checked: !filter.topLevel });
  all.addEventListener('change', () => {
    filter.topLevel = !all.checked;
    void draw();
  });
  replace(
    root,
    h(
      'section',
      { class: 'view operate' },
      h('h1', null, '流程监控'),
      states,
      h('div', { class: 'toolbar' }, jurisdiction, process, h('label', { for: 'all-instances', class: 'inline' }, all, ' 含被调用的子流程')),
      body,
    ),
  );

  async function draw(): Promise<void> {
    history.replaceState(null, '', `/operate${queryOf(filter)}`);
    states.querySelectorAll('button').forEach((button) => {
      const on = (button.getAttribute('data-state') ?? '') === (filter.state || 'ALL');
      button.classList.toggle('active', on);
    });
    try {
      const { items, total } = await searchInstances(filter);
      replace(
        body,
        h('p', { class: 'muted' }, `共 ${total} 个流程实例${total > items.length ? `，显示最近的 ${items.length} 个` : ''}`),
        items.length === 0
          ? h('p', { class: 'empty' }, '没有符合条件的流程实例。')
          : h(
              'table',
              { class: 'tasks instances' },
              h('thead', null, h('tr', null, ['流程', '辖区', '实例编号', '状态', '开始时间', '结束时间'].map((title) => h('th', null, title)))),
              h(
                'tbody',
                null,
                items.map((instance) =>
                  h(
                    'tr',
                    { 'data-instance-key': instance.processInstanceKey },
                    h(
                      'td',
                      null,
                      h('a', { href: `/operate/instances/${instance.processInstanceKey}` }, instance.processDefinitionName || instance.processDefinitionId),
                      h('div', { class: 'muted' }, `${instance.processDefinitionId} · 版本 ${instance.processDefinitionVersion ?? '—'}`),
                    ),
                    h('td', null, jurisdictionLabel(processJurisdiction(instance.processDefinitionId))),
                    h('td', null, instance.processInstanceKey),
                    h('td', { class: instance.hasIncident && instance.state === 'ACTIVE' ? 'state incident' : 'state' }, instanceStateLabel(instance)),
                    h('td', null, dateTime(instance.startDate)),
                    h('td', null, dateTime(instance.endDate)),
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      if (error instanceof SessionLost) return;
      replace(body, notice('error', `无法加载流程实例：${error instanceof Error ? error.message : String(error)}`));
    }
  }
  await draw();
}
