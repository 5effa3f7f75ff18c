// 流程实例: one instance as Operate shows it: the diagram of the version it runs with its active,
// completed and incident elements, what it waits for in words, the end it reached, the processes it
// called, its incidents (with a retry), its variables (edited in their own scope), cancelling it,
// and the outside events a clerk records, checked against the catalog before anything is sent.

import { ApiError, SessionLost } from '../api';
import { type Child, h, notice, replace } from '../dom';
import { dateTime } from '../format';
import '../operate/styles';

import type { Diagram } from '../operate/diagram';
import { type OutsideEvent, catalog, checkEvent, eventOf } from '../operate/events';
import {
  type ElementInstance,
  type Incident,
  type MessageSubscription,
  type ProcessInstance,
  type Variable,
  editedValue,
  elementTypeLabel,
  errorTypeLabel,
  holderWords,
  instanceStateLabel,
  instanceTone,
  jurisdictionName,
  jurisdictionOf,
  parsed,
  timerDue,
} from '../operate/model';
import * as api from '../operate/service';
import { navigate } from '../router';
import type { UserTask } from '../tasks/model';

/** What the last action did, shown once the page is drawn again. */
let flash: { key: string; kind: 'info' | 'error'; text: string } | null = null;

interface Loaded {
  instance: ProcessInstance;
  elements: ElementInstance[];
  incidents: Incident[];
  subscriptions: MessageSubscription[];
  tasks: UserTask[];
  variables: Variable[];
  children: ProcessInstance[];
  parent: ProcessInstance | null;
  xml: string;
  stats: Awaited<ReturnType<typeof api.statistics>>;
}

async function load(key: string): Promise<Loaded> {
  const instance = await api.instance(key);
  const [elements, incidents, subscriptions, tasks, variables, children, xml, stats, parent] = await Promise.all([
    api.elementInstances(key),
    api.incidents(key),
    api.subscriptions(key),
    api.openTasks(key).catch(() => []),
    api.variables(key),
    api.children(key),
    // without its diagram the rest of the page still serves
    api.definitionXml(instance.processDefinitionKey).catch(() => ''),
    api.statistics(key),
    instance.parentProcessInstanceKey ? api.instance(instance.parentProcessInstanceKey).catch(() => null) : Promise.resolve(null),
  ]);
  return { instance, elements, incidents, subscriptions, tasks, variables, children, parent, xml, stats };
}

function message(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return '您无权执行此操作（需要运维人员角色）。';
    if (error.status === 404) return '对象已不存在（可能已被他人处理），页面已刷新。';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export async function operateInstanceView(root: HTMLElement, params: Record<string, string>): Promise<void> {
  const key = params.key ?? '';
  const redraw = (): void => navigate(`/operate/instances/${key}`, { replace: true });
  replace(root, h('p', { class: 'muted' }, '正在加载流程实例…'));
  let data: Loaded;
  try {
    data = await load(key);
  } catch (error) {
    if (error instanceof SessionLost) return;
    const status = error instanceof ApiError ? error.status : 0;
    const words =
      status === 404
        ? `流程实例 ${key} 不存在或您无权查看。`
        : status === 403
          ? `您无权查看流程实例 ${key}（流程监控需要运维人员角色）。`
          : `无法加载流程实例：${message(error)}`;
    replace(root, h('p', { class: 'breadcrumb' }, h('a', { href: '/operate' }, '流程监控')), notice('error', words));
    return;
  }
  const { instance } = data;
  const jurisdictionVar = data.variables.find((v) => v.name === 'jurisdiction' && v.scopeKey === key);
  const jurisdiction = jurisdictionOf(instance.processDefinitionId, jurisdictionVar ? parsed(jurisdictionVar.value) : null);
  // what the last action on this instance did (a message meant for another page is dropped)
  const shown = flash?.key === key ? flash : null;
  flash = null;

  const act: Act = async (action, done, settle) => {
    try {
      await action();
      // the engine and its workers move on asynchronously: wait a little for what the action set off
      for (let round = 0; settle && round < 20 && !(await settle()); round += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      flash = typeof done === 'string' ? { key, kind: 'info', text: done } : { key, ...(await done()) };
    } catch (error) {
      if (error instanceof SessionLost) return;
      flash = { key, kind: 'error', text: `操作未成功：${message(error)}` };
    }
    redraw();
  };

  const diagramHost = h('div', { class: 'diagram', 'aria-label': '流程图' });
  const selection = h('div', { class: 'selection' });
  const waits = h('ul', { class: 'waits' });
  const page = h(
    'section',
    { class: 'view instance' },
    h(
      'p',
      { class: 'breadcrumb' },
      h('a', { href: '/operate' }, '流程监控'),
      data.parent
        ? [' › ', h('a', { href: `/operate/instances/${data.parent.processInstanceKey}`, class: 'parent' }, data.parent.processDefinitionName || data.parent.processDefinitionId)]
        : null,
    ),
    h(
      'h1',
      null,
      instance.processDefinitionName || instance.processDefinitionId,
      ' ',
      h('span', { class: `state state-${instanceTone(instance)}` }, instanceStateLabel(instance)),
    ),
    shown ? notice(shown.kind, shown.text) : null,
    h(
      'dl',
      { class: 'task-facts' },
      h('dt', null, '实例编号'),
      h('dd', null, instance.processInstanceKey),
      h('dt', null, '流程及版本'),
      h('dd', null, `${instance.processDefinitionId} · 第 ${instance.processDefinitionVersion ?? '?'} 版`),
      h('dt', null, '辖区'),
      h('dd', null, jurisdictionName(jurisdiction)),
      variableFact(data.variables, key, 'projectName', '项目'),
      variableFact(data.variables, key, 'projectId', '项目编号'),
      // a shared review serves a step of the calling process: name that step
      variableFact(data.variables, key, 'reviewTaskName', '审核事项'),
      h('dt', null, '开始时间'),
      h('dd', null, dateTime(instance.startDate)),
      h('dt', null, '结束时间'),
      h('dd', null, dateTime(instance.endDate)),
    ),
    h('h2', null, '当前状态'),
    waits,
    diagramHost,
    selection,
  );
  replace(root, page);

  let diagram: Diagram | null = null;
  try {
    if (!data.xml) throw new Error('未能读取该版本的流程定义');
    const { drawDiagram } = await import('../operate/diagram');
    diagram = await drawDiagram(diagramHost, data.xml, data.stats, (elementId) => {
      replace(selection, elementId && diagram ? selected(data, diagram, elementId) : null);
    });
  } catch (error) {
    replace(diagramHost, notice('error', `无法显示流程图：${message(error)}`));
  }
  const names = (id: string): string => diagram?.nameOf(id) ?? data.elements.find((e) => e.elementId === id)?.elementName ?? id;

  replace(waits, waitWords(data, diagram, names).map((line) => h('li', null, line)));

  page.append(
    ...section('子流程', data.children.length > 0, () => childrenTable(data.children)),
    ...section('异常', data.incidents.length > 0, () =>
      h(
        'table',
        { class: 'tasks incidents' },
        h('thead', null, h('tr', null, ['环节', '类型', '原因', '发生时间', ''].map((t) => h('th', null, t)))),
        h(
          'tbody',
          null,
          data.incidents.map((incident) =>
            h(
              'tr',
              { 'data-incident-key': incident.incidentKey },
              h('td', null, names(incident.elementId)),
              h('td', null, errorTypeLabel(incident.errorType)),
              h('td', { class: 'error-message' }, incident.errorMessage || '—'),
              h('td', null, dateTime(incident.creationTime)),
              h(
                'td',
                null,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'retry',
                    onclick: () => {
                      // a new incident on the same element: the retry failed again (the cause is still there)
                      const again = async (): Promise<Incident | undefined> =>
                        (await api.incidents(key)).find(
                          (i) => i.elementInstanceKey === incident.elementInstanceKey && i.incidentKey !== incident.incidentKey,
                        );
                      void act(
                        () => api.retry(incident),
                        async () => {
                          const failed = await again();
                          // a job reads the copies its input mappings made in the element's own scope first
                          const local = data.variables.some((v) => v.scopeKey === incident.elementInstanceKey);
                          const hint = local ? `（提示：作业先读取环节「${names(incident.elementId)}」作用域中的变量，请在该作用域中修改）` : '';
                          return failed
                            ? { kind: 'error', text: `重试后仍然失败：${names(incident.elementId)}：${failed.errorMessage ?? errorTypeLabel(failed.errorType)}${hint}` }
                            : { kind: 'info', text: `已重试：${names(incident.elementId)}` };
                        },
                        async () => {
                          const now = await api.elementInstances(key);
                          const element = now.find((e) => e.elementInstanceKey === incident.elementInstanceKey);
                          return !element || element.state !== 'ACTIVE' || (await again()) !== undefined;
                        },
                      );
                    },
                  },
                  '重试',
                ),
              ),
            ),
          ),
        ),
      ),
    ),
    ...section('外部事件', instance.state === 'ACTIVE' && data.subscriptions.length > 0, () =>
      h(
        'div',
        { class: 'events' },
        // the events the instance waits for on its path first, then those it may receive any time
        [...data.subscriptions].sort((a, b) => Number(isWaiting(data, b)) - Number(isWaiting(data, a))).map((subscription) =>
          eventCard(subscription, isWaiting(data, subscription), eventOf(catalog, jurisdiction, subscription.messageName), names, (values, event) =>
            void act(() => api.publish(subscription.messageName, subscription.correlationKey ?? '', values), `已记录事件：${event}`, async () => {
              const open = await api.subscriptions(key);
              return !open.some((s) => s.messageSubscriptionKey === subscription.messageSubscriptionKey);
            }),
          ),
        ),
      ),
    ),
    ...section('变量', true, () => variablesTable(data, names, act)),
    ...section('操作', instance.state === 'ACTIVE', () => cancelBox(instance, act)),
  );
}

function isWaiting(data: Loaded, subscription: MessageSubscription): boolean {
  return data.elements.some((e) => e.elementInstanceKey === subscription.elementInstanceKey && e.state === 'ACTIVE' && e.type !== 'PROCESS');
}

function section(title: string, when: boolean, body: () => Child): HTMLElement[] {
  return when ? [h('h2', null, title), h('div', { class: 'block' }, body())] : [];
}

function variableFact(variables: Variable[], scope: string, name: string, title: string): Child {
  const found = variables.find((v) => v.name === name && v.scopeKey === scope);
  if (!found) return null;
  const value = parsed(found.value);
  return [h('dt', null, title), h('dd', null, typeof value === 'string' ? value : found.value)];
}

const CONTAINERS = new Set(['PROCESS', 'SUB_PROCESS', 'EVENT_SUB_PROCESS', 'MULTI_INSTANCE_BODY']);

/** What the instance waits for, the end it reached, in words. */
function waitWords(data: Loaded, diagram: Diagram | null, names: (id: string) => string): Child[] {
  const lines: Child[] = [];
  const { instance } = data;
  const active = data.elements.filter((e) => e.state === 'ACTIVE' && !CONTAINERS.has(e.type));
  const values = new Map(data.variables.map((v) => [v.name, parsed(v.value)]));
  for (const element of active) {
    const name = `「${names(element.elementId)}」`;
    if (element.hasIncident) {
      lines.push(h('span', { class: 'wait wait-incident' }, `因异常停在${name}：处理异常后重试`));
      continue;
    }
    if (element.type === 'USER_TASK') {
      const task = data.tasks.find((t) => t.elementInstanceKey === element.elementInstanceKey);
      const due = task?.dueDate ? `，期限 ${dateTime(task.dueDate)}` : '';
      // the task itself where the user may read it; else who the diagram gives it to
      const holders = diagram?.holdersOf(element.elementId) ?? null;
      const who = task ? `：${holderWords(task)}` : holders ? `：待${holders}办理` : '';
      lines.push(h('span', { class: 'wait wait-task' }, `等待人工任务${name}${who}${due}`));
    } else if (element.type === 'CALL_ACTIVITY') {
      const child = data.children.find((c) => c.parentElementInstanceKey === element.elementInstanceKey);
      lines.push(
        h(
          'span',
          { class: 'wait wait-call' },
          `等待子流程${name}办结`,
          child ? [' ', h('a', { href: `/operate/instances/${child.processInstanceKey}` }, '查看子流程')] : null,
        ),
      );
    } else {
      const subscription = data.subscriptions.find((s) => s.elementInstanceKey === element.elementInstanceKey);
      const timer = diagram?.timerOf(element.elementId) ?? null;
      if (subscription) {
        lines.push(messageWords(subscription, name, data, instance));
      } else if (timer) {
        lines.push(h('span', { class: 'wait wait-timer' }, `等待定时器${name}：${timerWords(timer, element.startDate, values)}`));
      } else if (element.type.endsWith('TASK')) {
        lines.push(h('span', { class: 'wait wait-job' }, `等待自动处理${name}（${elementTypeLabel(element.type)}）`));
      } else {
        lines.push(h('span', { class: 'wait' }, `停在${name}（${elementTypeLabel(element.type)}）`));
      }
    }
    // boundary events on the element: messages it may be interrupted by, deadlines it runs against
    for (const boundary of data.subscriptions.filter((s) => s.elementInstanceKey === element.elementInstanceKey && s.elementId !== element.elementId)) {
      lines.push(h('span', { class: 'wait wait-boundary' }, `　期间可接收「${names(boundary.elementId)}」：${eventName(boundary, data, instance)}`));
    }
    for (const boundary of diagram?.boundaryTimersOf(element.elementId) ?? []) {
      const timer = diagram?.timerOf(boundary);
      if (timer) lines.push(h('span', { class: 'wait wait-timer' }, `　期限「${names(boundary)}」：${timerWords(timer, element.startDate, values)}`));
    }
  }
  // event sub-processes and boundary events wait for messages of their own beside the main path
  const others = data.subscriptions.filter((s) => !active.some((e) => e.elementInstanceKey === s.elementInstanceKey));
  if (others.length > 0 && instance.state === 'ACTIVE') {
    lines.push(h('span', { class: 'muted' }, `随时可接收：${others.map((s) => eventName(s, data, instance)).join('、')}`));
  }
  const ends = data.elements.filter((e) => e.type === 'END_EVENT' && e.state === 'COMPLETED');
  for (const end of ends) lines.push(h('span', { class: 'wait wait-end' }, `已到达结束事件「${names(end.elementId)}」（${dateTime(end.endDate)}）`));
  if (instance.state === 'TERMINATED') lines.push(h('span', { class: 'wait wait-end' }, `流程实例已取消（${dateTime(instance.endDate)}）`));
  if (lines.length === 0) lines.push(h('span', { class: 'muted' }, instance.state === 'COMPLETED' ? '流程实例已完成' : '没有进行中的环节'));
  return lines;
}

function eventName(subscription: MessageSubscription, data: Loaded, instance: ProcessInstance): string {
  const jurisdictionVar = data.variables.find((v) => v.name === 'jurisdiction');
  const jurisdiction = jurisdictionOf(instance.processDefinitionId, jurisdictionVar ? parsed(jurisdictionVar.value) : null);
  const event = eventOf(catalog, jurisdiction, subscription.messageName);
  return event ? `${event.meaning}（${subscription.messageName}）` : subscription.messageName;
}

function messageWords(subscription: MessageSubscription, name: string, data: Loaded, instance: ProcessInstance): HTMLElement {
  return h(
    'span',
    { class: 'wait wait-message' },
    `等待消息${name}：${eventName(subscription, data, instance)}，关联键 ${subscription.correlationKey ?? '—'}`,
  );
}

function timerWords(timer: { kind: 'timeDate' | 'timeDuration' | 'timeCycle'; expression: string }, start: string | null | undefined, values: Map<string, unknown>): string {
  let expression = timer.expression.trim();
  // a timer set from one variable (=reviewDueDate, =date and time(reviewDueDate)) falls due when
  // that variable says
  const variable = /^=\s*(?:(?:date and time|date)\s*\(\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)?\s*$/.exec(expression)?.[1];
  if (variable !== undefined && typeof values.get(variable) === 'string') expression = String(values.get(variable));
  const due = start ? timerDue({ kind: timer.kind, expression }, new Date(start)) : null;
  if (due) return `到期时间 ${dateTime(due.toISOString())}`;
  return `按表达式 ${timer.expression} 计时`;
}

function childrenTable(children: ProcessInstance[]): HTMLElement {
  return h(
    'table',
    { class: 'tasks children' },
    h('thead', null, h('tr', null, ['子流程', '实例编号', '状态', '开始时间', '结束时间'].map((t) => h('th', null, t)))),
    h(
      'tbody',
      null,
      children.map((child) =>
        h(
          'tr',
          { 'data-instance-key': child.processInstanceKey },
          h('td', null, h('a', { href: `/operate/instances/${child.processInstanceKey}`, class: 'child' }, child.processDefinitionName || child.processDefinitionId)),
          h('td', null, child.processInstanceKey),
          h('td', null, h('span', { class: `state state-${instanceTone(child)}` }, instanceStateLabel(child))),
          h('td', null, dateTime(child.startDate)),
          h('td', null, dateTime(child.endDate)),
        ),
      ),
    ),
  );
}

function selected(data: Loaded, diagram: Diagram, elementId: string): HTMLElement {
  const instances = data.elements.filter((e) => e.elementId === elementId);
  const called = data.children.filter((c) => instances.some((e) => e.elementInstanceKey === c.parentElementInstanceKey));
  return h(
    'div',
    { class: 'block selected-element' },
    h('h3', null, diagram.nameOf(elementId), h('span', { class: 'muted' }, ` ${elementId}`)),
    instances.length === 0
      ? h('p', { class: 'muted' }, '该环节尚未执行。')
      : h(
          'ul',
          null,
          instances.map((e) => h('li', null, `${elementTypeLabel(e.type)} · ${instanceStateLabel({ state: e.state, hasIncident: e.hasIncident ?? false })} · ${dateTime(e.startDate)} — ${dateTime(e.endDate)}`)),
        ),
    called.length > 0 ? [h('p', null, '调用的子流程：'), childrenTable(called)] : null,
  );
}

function eventCard(
  subscription: MessageSubscription,
  waiting: boolean,
  event: OutsideEvent | null,
  names: (id: string) => string,
  send: (values: Record<string, unknown>, words: string) => void,
): HTMLElement {
  const status = h('div', { class: 'event-status' });
  if (event === null) {
    return h(
      'div',
      { class: 'event-card', 'data-message': subscription.messageName },
      h('h3', null, subscription.messageName),
      h('p', { class: 'muted' }, `「${names(subscription.elementId)}」等待的消息不在事件目录中，请用 govit publish 发送。`),
    );
  }
  const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
  const fields = event.facts.map((fact) => {
    const id = `fact-${subscription.messageSubscriptionKey}-${fact.name}`;
    const input =
      fact.kind === 'list'
        ? h('textarea', { id, name: fact.name, rows: 3 })
        : h('input', { id, name: fact.name, type: fact.kind === 'date' ? 'text' : 'text', placeholder: catalog.kindWords[fact.kind] ?? '' });
    inputs.set(fact.name, input);
    return h('label', { for: id, class: 'fact' }, h('span', null, `${fact.meaning}${fact.required ? '' : '（可选）'}`), input);
  });
  const submit = h('button', { type: 'submit' }, `记录：${event.meaning}`);
  const form = h(
    'form',
    {
      class: waiting ? 'event-card waiting' : 'event-card',
      'data-message': event.name,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const given: Record<string, string> = {};
        for (const [name, input] of inputs) given[name] = input.value.trim();
        const checked = checkEvent(catalog, event, given);
        if (!checked.ok) {
          replace(status, notice('error', `未发送：${checked.message}`));
          return;
        }
        submit.disabled = true;
        send(checked.variables, event.meaning);
      },
    },
    h('h3', null, event.meaning, waiting ? h('span', { class: 'state state-active' }, '流程正在等待') : null),
    h('p', { class: 'muted' }, `消息 ${event.name} · 关联键 ${event.correlation} = ${subscription.correlationKey ?? '—'} · 由「${names(subscription.elementId)}」接收`),
    fields,
    status,
    submit,
  );
  return form;
}

type Flash = { kind: 'info' | 'error'; text: string };
type Act = (action: () => Promise<unknown>, done: string | (() => Promise<Flash>), settle?: () => Promise<boolean>) => Promise<void>;

function variablesTable(data: Loaded, names: (id: string) => string, act: Act): HTMLElement {
  const scopeName = (scopeKey: string): string => {
    if (scopeKey === data.instance.processInstanceKey) return '流程实例';
    const element = data.elements.find((e) => e.elementInstanceKey === scopeKey);
    return element ? `环节「${names(element.elementId)}」` : scopeKey;
  };
  const editable = data.instance.state === 'ACTIVE';
  // an instance carries dozens of variables: a name filter finds the one to correct
  const filter = h('input', { type: 'search', name: 'variable-filter', placeholder: '按变量名筛选', 'aria-label': '按变量名筛选' });
  filter.addEventListener('input', () => {
    const needle = filter.value.trim().toLowerCase();
    for (const row of table.querySelectorAll<HTMLTableRowElement>('tbody tr')) {
      row.hidden = needle !== '' && !(row.dataset.variable ?? '').toLowerCase().includes(needle);
    }
  });
  const table = h(
    'table',
    { class: 'tasks variables' },
    h('thead', null, h('tr', null, ['名称', '值', '作用域', ''].map((t) => h('th', null, t)))),
    h(
      'tbody',
      null,
      data.variables.map((variable) => {
        const cell = h('td', { class: 'value' }, h('code', null, variable.value + (variable.isTruncated ? '…' : '')));
        const edit = h(
          'button',
          {
            type: 'button',
            class: 'secondary edit',
            'aria-label': `编辑 ${variable.name}`,
            onclick: async () => {
              const full = variable.isTruncated ? (await api.fullVariable(variable.variableKey)).value : variable.value;
              const editor = h('textarea', { name: `value-${variable.name}`, rows: 3, 'aria-label': `${variable.name} 的新值` });
              editor.value = full;
              const problem = h('div');
              replace(
                cell,
                editor,
                problem,
                h(
                  'div',
                  { class: 'task-actions' },
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'save',
                      onclick: () => {
                        const value = editedValue(variable.name, editor.value);
                        if (!value.ok) {
                          replace(problem, notice('error', value.message));
                          return;
                        }
                        void act(() => api.setVariables(variable.scopeKey, { [variable.name]: value.value }), `已修改变量 ${variable.name}（${scopeName(variable.scopeKey)}）`);
                      },
                    },
                    '保存',
                  ),
                  h('button', { type: 'button', class: 'link', onclick: () => replace(cell, h('code', null, variable.value)) }, '放弃'),
                ),
              );
              edit.disabled = true;
            },
          },
          '编辑',
        );
        return h(
          'tr',
          { 'data-variable': variable.name, 'data-scope': variable.scopeKey },
          h('td', null, variable.name),
          cell,
          h('td', null, scopeName(variable.scopeKey)),
          h('td', null, editable ? edit : null),
        );
      }),
    ),
  );
  return h('div', null, h('div', { class: 'toolbar' }, filter), table, editable ? addVariable(data, scopeName, act) : null);
}

/** A variable the instance lacks, set in the scope chosen (the instance or an active element). */
function addVariable(data: Loaded, scopeName: (scopeKey: string) => string, act: Act): HTMLElement {
  const scopes = [
    data.instance.processInstanceKey,
    ...data.elements.filter((e) => e.state === 'ACTIVE').map((e) => e.elementInstanceKey),
  ];
  const scope = h(
    'select',
    { name: 'new-variable-scope', 'aria-label': '作用域' },
    scopes.map((key) => h('option', { value: key }, scopeName(key))),
  );
  const name = h('input', { name: 'new-variable-name', placeholder: '变量名', 'aria-label': '变量名' });
  const value = h('input', { name: 'new-variable-value', placeholder: 'JSON 值，如 "2026-03-05" 或 6000000', 'aria-label': '变量值' });
  const problem = h('div');
  const add = h(
    'button',
    {
      type: 'button',
      class: 'secondary add-variable',
      onclick: () => {
        const wanted = name.value.trim();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(wanted)) {
          replace(problem, notice('error', '变量名须以字母或下划线开头，只含字母、数字和下划线'));
          return;
        }
        const parsedValue = editedValue(wanted, value.value);
        if (!parsedValue.ok) {
          replace(problem, notice('error', parsedValue.message));
          return;
        }
        void act(() => api.setVariables(scope.value, { [wanted]: parsedValue.value }), `已添加变量 ${wanted}（${scopeName(scope.value)}）`);
      },
    },
    '添加变量',
  );
  return h('div', { class: 'add-variable-box' }, h('div', { class: 'toolbar' }, scope, name, value, add), problem);
}

function cancelBox(instance: ProcessInstance, act: Act): HTMLElement {
  const box = h('div', { class: 'cancel-box' });
  const ask = (): void =>
    replace(
      box,
      notice(
        'warn',
        `确认取消流程实例 ${instance.processInstanceKey}（${instance.processDefinitionName || instance.processDefinitionId}）？取消后其子流程一并终止，且不可恢复。`,
      ),
      h(
        'div',
        { class: 'task-actions' },
        h('button', { type: 'button', class: 'danger confirm-cancel', onclick: () => void act(() => api.cancel(instance.processInstanceKey), '流程实例已取消') }, '确认取消'),
        h('button', { type: 'button', class: 'secondary', onclick: () => start() }, '返回'),
      ),
    );
  const start = (): void => replace(box, h('button', { type: 'button', class: 'danger cancel', onclick: ask }, '取消流程实例'));
  start();
  return box;
}
