// 待办任务: the tasks the user may work on, by tab (assigned to me, my groups, unassigned), with
// the project, jurisdiction, step, due date and working days left; filter, sort, claim, unclaim.

import { ApiError, SessionLost } from '../api';
import { calendar } from '../calendar';
import { mapLimited } from '../concurrency';
import { h, notice, replace } from '../dom';
import { dateTime } from '../format';
import { JURISDICTIONS } from '../labels';
import { session } from '../session';
import {
  type Filter,
  type Me,
  SORT_LABELS,
  type SortKey,
  TAB_LABELS,
  type Tab,
  type TaskRow,
  buildRow,
  filterRows,
  inTab,
  sortRows,
} from '../tasks/model';
import { callerOf, claim, openTasks, rowVariables, unclaim } from '../tasks/service';

interface ListState {
  tab: Tab;
  sort: SortKey;
  filter: Filter;
}

const TABS: Tab[] = ['mine', 'groups', 'unassigned', 'all'];

function stateFrom(query: URLSearchParams): ListState {
  const tab = query.get('tab');
  const sort = query.get('sort');
  return {
    tab: tab && tab in TAB_LABELS ? (tab as Tab) : 'all',
    sort: sort && sort in SORT_LABELS ? (sort as SortKey) : 'due',
    filter: { jurisdiction: query.get('jurisdiction') ?? '', text: query.get('q') ?? '' },
  };
}

function queryOf(state: ListState): string {
  const query = new URLSearchParams();
  if (state.tab !== 'all') query.set('tab', state.tab);
  if (state.sort !== 'due') query.set('sort', state.sort);
  if (state.filter.jurisdiction) query.set('jurisdiction', state.filter.jurisdiction);
  if (state.filter.text) query.set('q', state.filter.text);
  const text = query.toString();
  return text ? `?${text}` : '';
}

export async function taskListView(root: HTMLElement, _params: Record<string, string>, query: URLSearchParams): Promise<void> {
  const me = session();
  if (!me) return;
  const state = stateFrom(query);
  const status = h('div', { class: 'status-line' });
  const body = h('div', { class: 'task-table-wrap' }, h('p', { class: 'muted' }, '正在加载待办任务…'));
  replace(root, h('section', { class: 'view tasklist' }, h('h1', null, '待办任务'), status, body));

  let rows: TaskRow[] = [];

  const load = async (): Promise<void> => {
    const tasks = await openTasks();
    const now = new Date();
    rows = await mapLimited(tasks, 8, async (task) => {
      const [variables, caller] = await Promise.all([rowVariables(task.userTaskKey), callerOf(task)]);
      return buildRow(task, variables, caller, calendar, now);
    });
  };

  const draw = (): void => {
    history.replaceState(null, '', `/tasks${queryOf(state)}`);
    const who: Me = { username: me.username, groups: me.groups };
    const tabs = h(
      'div',
      { class: 'tabs', role: 'tablist' },
      TABS.map((tab) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: tab === state.tab ? 'tab active' : 'tab',
            'aria-selected': tab === state.tab ? 'true' : 'false',
            'data-tab': tab,
            onclick: () => {
              state.tab = tab;
              draw();
            },
          },
          `${TAB_LABELS[tab]}（${rows.filter((row) => inTab(row, tab, who)).length}）`,
        ),
      ),
    );
    const jurisdiction = h(
      'select',
      {
        name: 'jurisdiction',
        'aria-label': '辖区',
        onchange: (event: Event) => {
          state.filter.jurisdiction = (event.target as HTMLSelectElement).value;
          draw();
        },
      },
      h('option', { value: '' }, '全部辖区'),
      Object.entries(JURISDICTIONS).map(([code, name]) =>
        h('option', { value: code, selected: code === state.filter.jurisdiction }, name),
      ),
    );
    const search = h('input', {
      type: 'search',
      name: 'q',
      placeholder: '搜索项目、编号、环节、单位',
      'aria-label': '搜索',
      value: state.filter.text,
    });
    search.addEventListener('change', () => {
      state.filter.text = search.value;
      draw();
    });
    const sort = h(
      'select',
      {
        name: 'sort',
        'aria-label': '排序',
        onchange: (event: Event) => {
          state.sort = (event.target as HTMLSelectElement).value as SortKey;
          draw();
        },
      },
      (Object.keys(SORT_LABELS) as SortKey[]).map((key) =>
        h('option', { value: key, selected: key === state.sort }, SORT_LABELS[key]),
      ),
    );
    const refresh = h('button', { type: 'button', class: 'secondary', onclick: () => void reload() }, '刷新');
    const shown = sortRows(filterRows(rows.filter((row) => inTab(row, state.tab, who)), state.filter), state.sort);
    replace(
      body,
      tabs,
      h('div', { class: 'toolbar' }, jurisdiction, search, sort, refresh),
      shown.length === 0
        ? h('p', { class: 'empty' }, '没有符合条件的待办任务。')
        : h(
            'table',
            { class: 'tasks' },
            h(
              'thead',
              null,
              h('tr', null, ['项目', '辖区', '办理环节', '到期', '办理人', ''].map((title) => h('th', null, title))),
            ),
            h('tbody', null, shown.map((row) => rowElement(row, me.username))),
          ),
    );
  };

  const act = async (key: string, action: () => Promise<unknown>, done: string): Promise<void> => {
    const before = rows.find((row) => row.key === key)?.task.assignee ?? null;
    try {
      await action();
      await load();
      replace(status, notice('info', done));
    } catch (error) {
      if (error instanceof SessionLost) return;
      await load().catch(() => undefined);
      // a colleague claimed or completed it meanwhile: the server may say 403, 404 or 409
      const now = rows.find((row) => row.key === key);
      const moved = now === undefined || (now.task.assignee ?? null) !== before;
      replace(status, notice('error', moved ? '该任务已由他人领取或状态已变化，列表已刷新。' : actionMessage(error)));
    }
    draw();
  };

  const rowElement = (row: TaskRow, username: string): HTMLElement => {
    const assignee = row.task.assignee ?? null;
    const actions: HTMLElement[] = [];
    if (assignee === null) {
      actions.push(
        h('button', { type: 'button', class: 'claim', onclick: () => void act(row.key, () => claim(row.key, username), `已领取：${row.step}`) }, '领取'),
      );
    } else if (assignee === username) {
      actions.push(
        h('button', { type: 'button', class: 'unclaim secondary', onclick: () => void act(row.key, () => unclaim(row.key), `已退回领取：${row.step}`) }, '取消领取'),
      );
    }
    const deadline = row.deadline;
    return h(
      'tr',
      { 'data-task-key': row.key },
      h(
        'td',
        null,
        h('a', { href: `/tasks/${row.key}`, class: 'project' }, row.projectName),
        h('div', { class: 'muted' }, [row.projectId, row.unit].filter(Boolean).join(' · ')),
      ),
      h('td', null, row.jurisdictionName),
      h(
        'td',
        null,
        h('a', { href: `/tasks/${row.key}`, class: 'step' }, row.step),
        h('div', { class: 'muted' }, row.rule ? `${row.process} · ${row.rule}` : row.process),
      ),
      h(
        'td',
        null,
        deadline
          ? [h('div', null, dateTime(row.task.dueDate)), h('div', { class: `deadline deadline-${deadline.tone}` }, deadline.text)]
          : h('span', { class: 'muted' }, '未设期限'),
      ),
      h('td', { class: 'assignee' }, assignee === null ? h('span', { class: 'muted' }, '未分配') : assignee === username ? '我' : assignee),
      h('td', { class: 'actions' }, actions),
    );
  };

  const reload = async (): Promise<void> => {
    try {
      await load();
      replace(status);
      draw();
    } catch (error) {
      if (error instanceof SessionLost) return;
      replace(body, notice('error', `无法加载待办任务：${error instanceof Error ? error.message : String(error)}`));
    }
  };
  await reload();
}

function actionMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return '该任务已不存在（可能已由他人办理完毕），列表已刷新。';
    if (error.status === 409) return '该任务已由他人领取或状态已变化，列表已刷新。';
    if (error.status === 403) return '您无权领取或退回该任务。';
    return `操作未成功：${error.message}`;
  }
  return `操作未成功：${error instanceof Error ? error.message : String(error)}`;
}
