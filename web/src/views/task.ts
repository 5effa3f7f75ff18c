// 办理任务: one task with its Camunda Form (rendered by form-js, as Tasklist renders it), filled
// with the task's variables and validated by form-js; files are uploaded to the documents store;
// completing it shows where the project went next. Whatever goes wrong says so on the page, in
// Chinese, and changes nothing.

import { Form } from '@bpmn-io/form-js-viewer';

import { ApiError, SessionLost } from '../api';
import { calendar } from '../calendar';
import { h, notice, replace } from '../dom';
import { dateTime } from '../format';
import { stateLabel } from '../labels';
import { navigate } from '../router';
import { session } from '../session';
import { usedFileKeys, withDocuments } from '../tasks/files';
import { type TaskRow, type UserTask, buildRow } from '../tasks/model';
import { FormSchemaError, parseSchema } from '../tasks/schema';
import {
  callerOf,
  claim,
  complete,
  getTask,
  instanceState,
  nextTasks,
  rowVariables,
  taskForm,
  taskVariables,
  unclaim,
  upload,
} from '../tasks/service';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function backLink(): HTMLElement {
  return h('p', null, h('a', { href: '/tasks' }, '返回待办任务'));
}

/** Why a task cannot be shown. */
function loadMessage(key: string, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return `未找到任务 ${key}：该任务不存在，或您无权查看。`;
    if (error.status === 400) return `任务编号“${key}”无效。`;
    if (error.status === 403) return `您无权查看任务 ${key}。`;
  }
  return `无法加载任务 ${key}：${message(error)}`;
}

/** Why a completion was refused; nothing was completed. */
export function completionMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return '该任务已不存在：可能已由他人办理完毕或已被撤销。本次填写未提交。';
    if (error.status === 409) return '该任务已由他人办理或状态已变化，无法提交。本次填写未提交。';
    if (error.status === 403) return '您无权办理该任务（需先领取，或不在该任务的办理组中）。本次填写未提交。';
    if (error.status === 400) return `提交被拒绝：${error.detail ?? error.title}。本次填写未提交。`;
  }
  return `提交未成功：${message(error)}。本次填写未提交。`;
}

export async function taskView(root: HTMLElement, params: Record<string, string>): Promise<void> {
  const me = session();
  if (!me) return;
  const key = params.key ?? '';
  const page = h('section', { class: 'view task-page' }, h('p', { class: 'muted' }, '正在加载任务…'));
  replace(root, page);

  let task: UserTask;
  let row: TaskRow;
  try {
    task = await getTask(key);
    const [variables, caller] = await Promise.all([rowVariables(task.userTaskKey), callerOf(task)]);
    row = buildRow(task, variables, caller, calendar, new Date());
  } catch (error) {
    if (error instanceof SessionLost) return;
    replace(page, h('h1', null, '办理任务'), notice('error', loadMessage(key, error)), backLink());
    return;
  }

  const status = h('div', { class: 'status-line', 'aria-live': 'polite' });
  const formHost = h('div', { class: 'form-host' });
  const actions = h('div', { class: 'task-actions' });
  const deadline = row.deadline;
  replace(
    page,
    h('p', { class: 'breadcrumb' }, h('a', { href: '/tasks' }, '待办任务'), ' › ', row.projectName),
    h('h1', null, row.step),
    h(
      'dl',
      { class: 'task-facts' },
      h('dt', null, '项目'),
      h('dd', null, row.projectName, row.projectId ? h('span', { class: 'muted' }, `（${row.projectId}）`) : null),
      h('dt', null, '辖区'),
      h('dd', null, row.jurisdictionName),
      h('dt', null, '流程'),
      h('dd', null, row.process),
      row.rule ? [h('dt', null, '时限依据'), h('dd', null, row.rule.replace(/^依据 /, ''))] : null,
      h('dt', null, '到期'),
      h(
        'dd',
        null,
        deadline
          ? [dateTime(task.dueDate), ' ', h('span', { class: `deadline deadline-${deadline.tone}` }, deadline.text)]
          : '未设期限',
      ),
      h('dt', null, '办理人'),
      h('dd', { class: 'assignee' }, task.assignee ? (task.assignee === me.username ? `我（${me.name || me.username}）` : task.assignee) : '未分配'),
      h('dt', null, '状态'),
      h('dd', null, stateLabel(task.state)),
    ),
    status,
    formHost,
    actions,
  );

  if (task.state !== 'CREATED') {
    replace(status, notice('warn', `该任务${stateLabel(task.state)}，无需再办理。`), backLink());
    return;
  }

  // The form: the linked one, parsed and rendered with the task's variables.
  let form: Form | null = null;
  try {
    const linked = await taskForm(task.userTaskKey);
    if (linked === null) {
      replace(formHost, notice('warn', '该任务没有关联表单，可直接办结。'));
    } else {
      const schema = parseSchema(linked.schema, linked.formId);
      const data = await taskVariables(task);
      form = new Form({ container: formHost });
      try {
        await form.importSchema(schema, data);
      } catch (error) {
        form.destroy();
        form = null;
        throw new FormSchemaError(`表单“${linked.formId}”无法显示（${message(error)}）`);
      }
    }
  } catch (error) {
    if (error instanceof SessionLost) return;
    const text =
      error instanceof FormSchemaError
        ? `${error.message}，无法办理该任务，请联系流程负责人修正表单。`
        : error instanceof ApiError && error.status === 404
          ? `该任务的表单在引擎中不存在（${error.detail ?? error.title}），无法办理，请联系流程负责人部署表单。`
          : `无法加载表单：${message(error)}`;
    replace(formHost, notice('error', text));
    replace(actions, backLink());
    return;
  }

  const mine = task.assignee === me.username;
  if (!mine) form?.setProperty('readOnly', true);

  const reloadHere = (): void => navigate(`/tasks/${task.userTaskKey}`, { replace: true });
  const run = async (action: () => Promise<unknown>): Promise<void> => {
    try {
      await action();
      reloadHere();
    } catch (error) {
      if (error instanceof SessionLost) return;
      replace(status, notice('error', error instanceof ApiError && error.status === 409
        ? '该任务已由他人领取或状态已变化，请刷新后再试。'
        : `操作未成功：${message(error)}`));
    }
  };

  if (!mine) {
    replace(
      actions,
      notice('info', task.assignee ? `该任务由 ${task.assignee} 办理中；领取后才能填写。` : '领取后才能填写并提交。'),
      h('button', { type: 'button', class: 'claim', onclick: () => void run(() => claim(task.userTaskKey, me.username)) }, '领取任务'),
      backLink(),
    );
    return;
  }

  const submit = h('button', { type: 'button', class: 'primary submit' }, '提交');
  const release = h('button', { type: 'button', class: 'secondary unclaim', onclick: () => void run(() => unclaim(task.userTaskKey)) }, '取消领取');
  replace(actions, submit, release);

  submit.addEventListener('click', () => {
    void (async () => {
      let variables: Record<string, unknown> = {};
      if (form) {
        const result = form.submit();
        const errors = Object.keys(result.errors);
        if (errors.length > 0) {
          replace(status, notice('error', `表单有 ${errors.length} 处未填写或不符合要求，请按提示修改后再提交。未提交任何内容。`));
          return;
        }
        variables = result.data as Record<string, unknown>;
        const used = usedFileKeys(variables);
        const uploaded = new Map<string, unknown[]>();
        submit.disabled = true;
        for (const [filesKey, files] of result.files) {
          if (!used.has(filesKey)) continue;
          const references: unknown[] = [];
          for (const file of files) {
            try {
              references.push(await upload(file, task.processDefinitionId, task.processInstanceKey));
            } catch (error) {
              submit.disabled = false;
              if (error instanceof SessionLost) return;
              const why = uploadRefusal(error);
              replace(status, notice('error', `文件“${file.name}”上传被拒绝：${why}。任务未提交。`));
              return;
            }
          }
          uploaded.set(filesKey, references);
        }
        variables = withDocuments(variables, uploaded) as Record<string, unknown>;
      }
      submit.disabled = true;
      try {
        await complete(task.userTaskKey, variables);
      } catch (error) {
        submit.disabled = false;
        if (error instanceof SessionLost) return;
        replace(status, notice('error', completionMessage(error)));
        return;
      }
      form?.destroy();
      replace(formHost);
      replace(actions, backLink());
      replace(status, notice('info', `已提交：${row.step}`), h('div', { class: 'next-step' }, h('p', { class: 'muted' }, '正在查看项目的下一步…')));
      await showNext(status, row);
    })();
  });
}

/** Why the documents store refused a file. */
export function uploadRefusal(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 413) return '文件过大，超过服务器允许的上传大小';
    if (error.status === 403) return '您无权上传文件';
    return error.detail ?? error.title;
  }
  return message(error);
}

const WAIT_MS = 8000;
const POLL_MS = 400;

/** Where the project went: the next open task the user may see, or what the instance waits for. */
async function showNext(status: HTMLElement, row: TaskRow): Promise<void> {
  const next = status.querySelector('.next-step');
  if (!next) return;
  try {
    // The workers run the machine steps in between; wait a few seconds for the next task (counted
    // in polls, not by the clock, which a test or a kiosk may hold still).
    for (let poll = 0; poll < WAIT_MS / POLL_MS; poll += 1) {
      const found = (await nextTasks(row.projectId, row.task.processInstanceKey)).filter((t) => t.userTaskKey !== row.key);
      if (found.length > 0) {
        const rows = await Promise.all(
          found.map(async (task) => buildRow(task, await rowVariables(task.userTaskKey), null, calendar, new Date())),
        );
        replace(
          next,
          h('p', null, '项目已进入下一环节：'),
          h(
            'ul',
            { class: 'next-tasks' },
            rows.map((r) =>
              h('li', null, h('a', { href: `/tasks/${r.key}` }, r.step), h('span', { class: 'muted' }, `（${r.process}；${r.task.assignee ? `办理人 ${r.task.assignee}` : '待领取'}）`)),
            ),
          ),
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const state = await instanceState(row.task.processInstanceKey);
    const said =
      state === 'COMPLETED'
        ? '本环节所在流程已结束；项目的下一步不在您的待办中（由其他部门或人员办理）。'
        : '项目已转入下一环节，目前没有您可办理的任务（由其他部门或人员办理，或在等待外部事件）。';
    replace(next, h('p', null, said));
  } catch (error) {
    if (error instanceof SessionLost) return;
    replace(next, h('p', { class: 'muted' }, `无法查看项目的下一步：${message(error)}`));
  }
}
