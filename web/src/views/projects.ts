// 项目库: the registry's projects the user may see (a unit its own, the IT authority its region's,
// ops every one) with phase, status, amount and next deadline; filtered by jurisdiction and text.

import { ApiError, SessionLost } from '../api';
import { h, notice, replace } from '../dom';
import { date } from '../format';
import { JURISDICTIONS, jurisdictionLabel } from '../labels';
import { calendar } from '../calendar';
import { type ProjectSummary, amountWords, byNextDeadline, deadlineWords, endOfDay, statusWords } from '../registry/model';
import { deadlineView } from '../workdays';
import { projects } from '../registry/service';

function matches(project: ProjectSummary, jurisdiction: string, text: string): boolean {
  if (jurisdiction && project.jurisdiction !== jurisdiction) return false;
  if (!text) return true;
  const needle = text.trim().toLowerCase();
  return [project.name, project.projectId, project.projectCode ?? '', project.unit].some((value) => value.toLowerCase().includes(needle));
}

export async function projectsView(root: HTMLElement, _params: Record<string, string>, query: URLSearchParams): Promise<void> {
  const state = { jurisdiction: query.get('jurisdiction') ?? '', text: query.get('q') ?? '', sort: query.get('sort') === 'deadline' ? 'deadline' : 'registered' };
  const body = h('div', null, h('p', { class: 'muted' }, '正在加载项目…'));
  replace(root, h('section', { class: 'view projects' }, h('h1', null, '项目库'), body));
  let items: ProjectSummary[];
  try {
    items = await projects();
  } catch (error) {
    if (error instanceof SessionLost) return;
    replace(body, notice('error', error instanceof ApiError ? error.message : `无法加载项目：${String(error)}`));
    return;
  }

  const draw = (): void => {
    const address = new URLSearchParams();
    if (state.jurisdiction) address.set('jurisdiction', state.jurisdiction);
    if (state.text) address.set('q', state.text);
    if (state.sort === 'deadline') address.set('sort', 'deadline');
    history.replaceState(null, '', `/projects${address.toString() ? `?${address.toString()}` : ''}`);
    const jurisdiction = h(
      'select',
      {
        name: 'jurisdiction',
        'aria-label': '辖区',
        onchange: (event: Event) => {
          state.jurisdiction = (event.target as HTMLSelectElement).value;
          draw();
        },
      },
      h('option', { value: '' }, '全部辖区'),
      Object.entries(JURISDICTIONS).map(([code, name]) => h('option', { value: code, selected: code === state.jurisdiction }, name)),
    );
    const search = h('input', { type: 'search', name: 'q', placeholder: '搜索项目名称、编号、单位', 'aria-label': '搜索', value: state.text });
    search.addEventListener('change', () => {
      state.text = search.value;
      draw();
    });
    const filtered = items.filter((project) => matches(project, state.jurisdiction, state.text));
    const shown = state.sort === 'deadline' ? byNextDeadline(filtered) : filtered;
    const sort = h(
      'select',
      {
        name: 'sort',
        'aria-label': '排序',
        onchange: (event: Event) => {
          state.sort = (event.target as HTMLSelectElement).value === 'deadline' ? 'deadline' : 'registered';
          draw();
        },
      },
      h('option', { value: 'registered', selected: state.sort === 'registered' }, '按登记时间（新的在前）'),
      h('option', { value: 'deadline', selected: state.sort === 'deadline' }, '按下一期限（近的在前）'),
    );
    const now = new Date();
    replace(
      body,
      h('div', { class: 'toolbar' }, jurisdiction, search, sort, h('span', { class: 'muted' }, `共 ${shown.length} 个项目`)),
      shown.length === 0
        ? h('p', { class: 'empty' }, items.length === 0 ? '项目库中没有您可查看的项目。' : '没有符合条件的项目。')
        : h(
            'table',
            { class: 'tasks projects' },
            h('thead', null, h('tr', null, ['项目', '辖区', '阶段与状态', '总投资', '下一期限', '本期开始'].map((title) => h('th', null, title)))),
            h(
              'tbody',
              null,
              shown.map((project) => {
                const due = project.nextDeadline?.dueOn;
                const deadline = deadlineWords(project.nextDeadline, due ? deadlineView(calendar, endOfDay(due), now) : null);
                return h(
                  'tr',
                  { 'data-project-id': project.projectId },
                  h(
                    'td',
                    null,
                    h('a', { href: `/projects/${encodeURIComponent(project.projectId)}`, class: 'project' }, project.name),
                    h('div', { class: 'muted' }, [project.projectCode, project.unit].filter(Boolean).join(' · ')),
                  ),
                  h('td', null, jurisdictionLabel(project.jurisdiction)),
                  h('td', { class: 'status' }, statusWords(project)),
                  h('td', { class: 'amount' }, amountWords(project.totalInvestmentYuan)),
                  h('td', null, h('span', { class: `deadline deadline-${deadline.tone}` }, deadline.text)),
                  h('td', null, project.phaseStartedOn ?? date(project.registeredAt)),
                );
              }),
            ),
          ),
    );
  };
  draw();
}
