// 统计概览: the figures an IT authority reports upward over the projects of its region — projects
// by the process they are in, deadlines met and missed per step and reviewing body, average
// working days per review step, "原则上" deadlines passed with the reviewer's justification —
// with the tables as CSV or XLSX to download.

import { ApiError, SessionLost } from '../api';
import { h, notice, replace } from '../dom';
import { dateTime } from '../format';
import { type Overview, type OverviewTable, overview, overviewFile, saveFile } from '../dossier/service';
import { type Session, session } from '../session';

const AUTHORITY_GROUP = /^(lg|hy|lz|th|yb)-ita-[a-z-]+$/;

/** The IT authority's staff (their region's ``…-ita-…`` groups) and ops: who reads the overview. */
export function readsOverview(me: Session | null): boolean {
  if (me === null) return false;
  return me.roles.includes('ops') || me.groups.some((group) => AUTHORITY_GROUP.test(group));
}

function table(found: OverviewTable, index: number): HTMLElement {
  return h(
    'section',
    { class: 'overview-table', 'data-table': String(index + 1) },
    h('h2', null, found.name),
    found.rows.length === 0
      ? h('p', { class: 'empty' }, '暂无记录。')
      : h(
          'table',
          { class: 'tasks' },
          h('thead', null, h('tr', null, found.header.map((title) => h('th', null, title)))),
          h('tbody', null, found.rows.map((row) => h('tr', null, row.map((cell) => h('td', null, cell))))),
        ),
  );
}

function downloadButton(format: 'csv' | 'xlsx', words: string, status: HTMLElement): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary', 'data-action': `download-${format}` }, words);
  button.addEventListener('click', () => {
    void (async () => {
      button.disabled = true;
      try {
        const file = await overviewFile(format);
        saveFile(file.blob, file.fileName);
        replace(status, notice('info', `已下载 ${file.fileName}。`));
      } catch (error) {
        if (error instanceof SessionLost) return;
        replace(status, notice('error', error instanceof ApiError ? error.message : `无法下载：${String(error)}`));
      } finally {
        button.disabled = false;
      }
    })();
  });
  return button;
}

export async function overviewView(root: HTMLElement): Promise<void> {
  const body = h('div', null, h('p', { class: 'muted' }, '正在统计（逐个项目汇总档案，项目多时需要一些时间）…'));
  replace(root, h('section', { class: 'view overview' }, h('h1', null, '统计概览'), body));
  if (!readsOverview(session())) {
    replace(body, notice('warn', '统计概览供政务信息化主管部门的审核、审批人员使用；您的账号不属于主管部门。'));
    return;
  }
  let found: Overview;
  try {
    found = await overview();
  } catch (error) {
    if (error instanceof SessionLost) return;
    replace(body, notice('error', error instanceof ApiError ? error.message : `无法统计：${String(error)}`));
    return;
  }
  const status = h('div', { 'aria-live': 'polite' });
  replace(
    body,
    h(
      'div',
      { class: 'toolbar' },
      h('span', { class: 'muted' }, `共 ${found.projects} 个项目 · 统计时间 ${dateTime(found.generatedAt)}`),
      downloadButton('csv', '下载 CSV', status),
      downloadButton('xlsx', '下载 Excel', status),
    ),
    status,
    found.projects === 0 ? h('p', { class: 'empty' }, '项目库中没有您可统计的项目。') : found.tables.map(table),
  );
}
