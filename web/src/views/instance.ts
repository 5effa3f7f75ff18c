// 流程实例: one instance as Operate shows it: the diagram of the version it runs (bpmn-js) with
// active, completed and incident overlays, what it waits for, its incidents with a retry, the
// processes it called, and its variables, each editable in its own scope.

import catalog from '@message-catalog';

import { ApiError, SessionLost } from '../api';
import { h, notice, replace } from '../dom';
import { dateTime } from '../format';
import { jurisdictionLabel } from '../labels';
import {
  type ElementInstance,
  type Incident,
  type ProcessInstance,
  type Variable,
  countByElement,
  endsReached,
  incidentTypeLabel,
  instanceStateLabel,
  parseEdited,
  processJurisdiction,
  waits,
} from '../operate/model';
import { type Subscription, eventSpec, eventVariables, kindWords } from '../operate/events';
import {
  cancel,
  childInstances,
  definitionXml,
  elementInstances,
  getInstance,
  incidents as incidentsOf,
  openSubscriptions,
  publish,
  retry,
  setVariable,
  variables as variablesOf,
} from '../operate/service';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function shown(value: string): string {
  return value.length > 160 ? `${value.slice(0, 160)}…` : value;
}

export async function instanceView(root: HTMLElement, params: Record<string, string>): Promise<void> {
  const key = params.key ?? '';
  const page = h('section', { class: 'view instance-page' }, h('p', { class: 'muted' }, '正在加载流程实例…'));
  replace(root, page);
  const status = h('div', { class: 'status-line', 'aria-live': 'polite' });

  const render = async (said: HTMLElement | null): Promise<void> => {
    let instance: ProcessInstance;
    let elements: ElementInstance[];
    let open: Incident[];
    let vars: Variable[];
    let children: ProcessInstance[];
    let subscriptions: Subscription[];
    try {
      instance = await getInstance(key);
      [elements, open, vars, children, subscriptions] = await Promise.all([
        elementInstances(key),
        incidentsOf(key),
        variablesOf(key),
        childInstances(key),
        openSubscriptions(key).catch((error: unknown) => {
          if (error instanceof ApiError) return [];
          throw error;
        }),
      ]);
    } catch (error) {
      if (error instanceof SessionLost) return;
      const text =
        error instanceof ApiError && error.status === 404
          ? `未找到流程实例 ${key}。`
          : error instanceof ApiError && error.status === 403
            ? `您无权查看流程实例 ${key}。`
            : `无法加载流程实例 ${key}：${message(error)}`;
      replace(page, h('h1', null, '流程实例'), notice('error', text), h('p', null, h('a', { href: '/operate' }, '返回流程监控')));
      return;
    }
    replace(status, said);
    const names = new Map(elements.map((element) => [element.elementId, element.elementName || element.elementId]));
    const diagram = h('div', { class: 'diagram', id: 'diagram' });
    const jurisdictionVar = vars.find((v) => v.name === 'jurisdiction' && v.scopeKey === instance.processInstanceKey);
    const jurisdiction = processJurisdiction(instance.processDefinitionId) ?? (jurisdictionVar ? String(JSON.parse(jurisdictionVar.value)) : null);
    const waiting = [
      ...waits(elements),
      ...subscriptions.map((sub) => {
        const spec = eventSpec(catalog, jurisdiction, sub.messageName);
        return `等待外部事件：${spec?.meaning ?? sub.messageName}（消息 ${sub.messageName}，关联键 ${sub.correlationKey}）`;
      }),
    ];
    replace(
      page,
      h(
        'p',
        { class: 'breadcrumb' },
        h('a', { href: '/operate' }, '流程监控'),
        instance.parentProcessInstanceKey
          ? [' › ', h('a', { href: `/operate/instances/${instance.parentProcessInstanceKey}`, class: 'parent' }, '上级流程')]
          : null,
      ),
      h('h1', null, instance.processDefinitionName || instance.processDefinitionId),
      h(
        'dl',
        { class: 'task-facts' },
        h('dt', null, '实例编号'),
        h('dd', null, instance.processInstanceKey),
        h('dt', null, '流程'),
        h('dd', null, `${instance.processDefinitionId}（版本 ${instance.processDefinitionVersion ?? '—'}）`),
        h('dt', null, '辖区'),
        h('dd', null, jurisdictionLabel(processJurisdiction(instance.processDefinitionId))),
        h('dt', null, '状态'),
        h('dd', { class: 'instance-state' }, instanceStateLabel(instance)),
        h('dt', null, '开始 / 结束'),
        h('dd', null, `${dateTime(instance.startDate)} / ${dateTime(instance.endDate)}`),
        h('dt', null, '当前'),
        h('dd', { class: 'waits' }, waiting.length ? h('ul', null, waiting.map((line) => h('li', null, line))) : '无进行中的环节'),
        endsReached(elements).length ? [h('dt', null, '已到达'), h('dd', { class: 'ends' }, endsReached(elements).join('、'))] : null,
      ),
      instance.state === 'ACTIVE' ? cancelControl(instance, act) : null,
      status,
      diagram,
      h('h2', null, `故障（${open.length}）`),
      open.length === 0
        ? h('p', { class: 'muted' }, '没有未解决的故障。')
        : h(
            'table',
            { class: 'tasks incidents' },
            h('thead', null, h('tr', null, ['环节', '类型', '原因', '发生时间', ''].map((title) => h('th', null, title)))),
            h(
              'tbody',
              null,
              open.map((incident) =>
                h(
                  'tr',
                  { 'data-incident-key': incident.incidentKey },
                  h('td', null, names.get(incident.elementId) ?? incident.elementId),
                  h('td', null, incidentTypeLabel(incident.errorType)),
                  h('td', { class: 'error-message' }, incident.errorMessage ?? '—'),
                  h('td', null, dateTime(incident.creationTime)),
                  h(
                    'td',
                    null,
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'retry',
                        onclick: () =>
                          void act(() => retry(incident), `已重试：${names.get(incident.elementId) ?? incident.elementId}`),
                      },
                      '重试',
                    ),
                  ),
                ),
              ),
            ),
          ),
      children.length
        ? [
            h('h2', null, '调用的子流程'),
            h(
              'ul',
              { class: 'children' },
              children.map((child) =>
                h(
                  'li',
                  null,
                  h('a', { href: `/operate/instances/${child.processInstanceKey}` }, child.processDefinitionName || child.processDefinitionId),
                  h('span', { class: 'muted' }, `（${instanceStateLabel(child)}）`),
                ),
              ),
            ),
          ]
        : null,
      subscriptions.length
        ? [h('h2', null, '记录外部事件'), h('div', { class: 'events' }, subscriptions.map((sub) => eventForm(sub, jurisdiction, act)))]
        : null,
      h('h2', null, '变量'),
      variableTable(vars, instance, new Map(elements.map((e) => [e.elementInstanceKey, e.elementName || e.elementId])), act),
    );
    void drawDiagram(diagram, instance, elements, open);
  };

  async function act(action: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (error instanceof SessionLost) return;
      const why = error instanceof ApiError ? (error.detail ?? error.title) : message(error);
      replace(status, notice('error', `操作未成功：${why}`));
      return;
    }
    // the engine moves on asynchronously (a retried job waits for its worker): read again shortly
    await new Promise((resolve) => setTimeout(resolve, 600));
    await render(notice('info', done));
  }

  await render(null);
}

/** Cancelling ends the instance and everything it called: asked twice, as it cannot be undone. */
function cancelControl(
  instance: ProcessInstance,
  act: (action: () => Promise<unknown>, done: string) => Promise<void>,
): HTMLElement {
  const box = h('div', { class: 'instance-actions' });
  const ask = h('button', { type: 'button', class: 'secondary cancel' }, '取消实例');
  ask.addEventListener('click', () => {
    const confirm = h('button', { type: 'button', class: 'danger confirm-cancel' }, '确认取消');
    confirm.addEventListener('click', () => void act(() => cancel(instance.processInstanceKey), '已取消流程实例'));
    const back = h('button', { type: 'button', class: 'secondary' }, '不取消');
    back.addEventListener('click', () => replace(box, ask));
    replace(box, h('span', null, '取消后该实例及其调用的子流程全部终止，且不能恢复。'), confirm, back);
  });
  box.append(ask);
  return box;
}

/** One event the instance waits for, with the facts its process needs; checked before sending. */
function eventForm(
  sub: Subscription,
  jurisdiction: string | null,
  act: (action: () => Promise<unknown>, done: string) => Promise<void>,
): HTMLElement {
  const spec = eventSpec(catalog, jurisdiction, sub.messageName);
  const box = h('div', { class: 'event', 'data-message': sub.messageName });
  if (spec === null) {
    box.append(h('p', null, `消息 ${sub.messageName}（关联键 ${sub.correlationKey}）：事件目录中没有它的说明，请由对接系统发送。`));
    return box;
  }
  const inputs = new Map<string, HTMLInputElement>();
  const fields = spec.facts.map((fact) => {
    const input = h('input', {
      name: fact.name,
      id: `event-${sub.messageName}-${fact.name}`,
      type: fact.kind === 'date' ? 'date' : 'text',
      placeholder: kindWords(fact.kind),
    });
    inputs.set(fact.name, input);
    return h('label', { for: input.id, class: 'event-field' }, `${fact.meaning}${fact.required ? '*' : '（可选）'}`, input);
  });
  const problems = h('div', { class: 'field-error' });
  const record = h('button', { type: 'button', class: 'record' }, '记录事件');
  record.addEventListener('click', () => {
    const entered = Object.fromEntries([...inputs].map(([name, input]) => [name, input.value]));
    const checked = eventVariables(spec, entered);
    if (!checked.ok) {
      replace(problems, h('ul', null, checked.problems.map((line) => h('li', null, line))), '未发送。');
      return;
    }
    void act(() => publish(sub.messageName, sub.correlationKey, checked.variables), `已记录：${spec.meaning}`);
  });
  box.append(
    h('p', null, h('strong', null, spec.meaning), h('span', { class: 'muted' }, `（消息 ${sub.messageName}，关联键 ${sub.correlationKey}）`)),
    ...fields,
    problems,
    record,
  );
  return box;
}

function variableTable(
  vars: Variable[],
  instance: ProcessInstance,
  scopes: Map<string, string>,
  act: (action: () => Promise<unknown>, done: string) => Promise<void>,
): HTMLElement {
  if (vars.length === 0) return h('p', { class: 'muted' }, '没有变量。');
  // a variable lives in one scope: the instance, or the element whose input mapping made it
  const scopeName = (scopeKey: string): string =>
    scopeKey === instance.processInstanceKey ? '流程实例' : `环节：${scopes.get(scopeKey) ?? scopeKey}`;
  return h(
    'table',
    { class: 'tasks variables' },
    h('thead', null, h('tr', null, ['名称', '值', '作用域', ''].map((title) => h('th', null, title)))),
    h(
      'tbody',
      null,
      vars.map((variable) => {
        const cell = h('td', { class: 'value' }, h('code', null, shown(variable.value)));
        const edit = h('button', { type: 'button', class: 'secondary edit' }, '修改');
        edit.addEventListener('click', () => {
          const input = h('textarea', { name: `value-${variable.name}`, rows: 3, 'aria-label': `${variable.name} 的新值` });
          input.value = variable.value;
          const error = h('div', { class: 'field-error' });
          const save = h('button', { type: 'button', class: 'save' }, '保存');
          save.addEventListener('click', () => {
            const parsed = parseEdited(input.value);
            if (!parsed.ok) {
              replace(error, parsed.message);
              return;
            }
            void act(() => setVariable(variable.scopeKey, variable.name, parsed.value), `已修改变量 ${variable.name}`);
          });
          replace(cell, input, error, save);
          edit.disabled = true;
        });
        return h(
          'tr',
          { 'data-variable': variable.name, 'data-scope': variable.scopeKey === instance.processInstanceKey ? 'instance' : 'element' },
          h('td', null, variable.name),
          cell,
          h('td', { class: 'muted' }, scopeName(variable.scopeKey)),
          h('td', null, variable.isTruncated ? h('span', { class: 'muted' }, '值过长') : edit),
        );
      }),
    ),
  );
}

async function drawDiagram(
  host: HTMLElement,
  instance: ProcessInstance,
  elements: ElementInstance[],
  open: Incident[],
): Promise<void> {
  try {
    const [{ default: Viewer }, xml] = await Promise.all([
      import('bpmn-js/lib/NavigatedViewer'),
      definitionXml(instance.processDefinitionKey),
    ]);
    const viewer = new Viewer({ container: host });
    await viewer.importXML(xml);
    const canvas = viewer.get<{ zoom(level: string): void; addMarker(id: string, marker: string): void }>('canvas');
    const overlays = viewer.get<{ add(id: string, overlay: { position: Record<string, number>; html: HTMLElement }): void }>(
      'overlays',
    );
    canvas.zoom('fit-viewport');
    for (const [elementId, count] of countByElement(elements, open)) {
      try {
        if (count.incidents) canvas.addMarker(elementId, 'op-incident');
        else if (count.active) canvas.addMarker(elementId, 'op-active');
        else if (count.completed) canvas.addMarker(elementId, 'op-completed');
        const badges = h('div', { class: 'op-badges' });
        if (count.active) badges.append(h('span', { class: 'op-badge active', title: '进行中' }, String(count.active)));
        if (count.incidents) badges.append(h('span', { class: 'op-badge incident', title: '故障' }, String(count.incidents)));
        if (count.completed) badges.append(h('span', { class: 'op-badge completed', title: '已完成' }, String(count.completed)));
        overlays.add(elementId, { position: { bottom: 4, left: -6 }, html: badges });
      } catch {
        // an element of another version or a flow scope the diagram does not draw
      }
    }
    host.setAttribute('data-ready', 'true');
  } catch (error) {
    if (error instanceof SessionLost) return;
    replace(host, notice('warn', `无法显示流程图：${message(error)}`));
  }
}
