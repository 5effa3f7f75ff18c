// The diagram of the version an instance runs, drawn by bpmn-js (the viewer Operate uses), with
// markers on the elements that are active, completed or hold an incident and a badge counting
// them, as Operate shows them; clicking an element selects it. Loaded on demand (a chunk of its
// own), so a clerk's task pages do not carry the viewer; its styles are in the main sheet
// (styles.ts), as a chunk's own CSS would not be linked.

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';

import { type ElementStatistics, type TimerDefinition, groupsOf } from './model';

interface Canvas {
  addMarker(elementId: string, marker: string): void;
  zoom(level?: 'fit-viewport' | number, center?: 'auto' | { x: number; y: number }): number;
  scrollToElement(element: Shape, padding?: number): void;
}
interface Overlays {
  add(elementId: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
}
interface BusinessObject {
  $type: string;
  id: string;
  name?: string;
  eventDefinitions?: { $type: string; timeDate?: { body?: string }; timeDuration?: { body?: string }; timeCycle?: { body?: string } }[];
  calledElement?: unknown;
  extensionElements?: { values?: { $type: string; processId?: string; candidateGroups?: string; assignee?: string }[] };
  flowNodeRef?: { id: string }[];
}
interface Shape {
  id: string;
  type: string;
  businessObject: BusinessObject;
  attachers?: Shape[];
}
interface ElementRegistry {
  get(id: string): Shape | undefined;
  getAll(): Shape[];
}
interface EventBus {
  on(event: string, callback: (event: { element: Shape }) => void): void;
}

export interface Diagram {
  /** The element's name in the diagram, or its id. */
  nameOf(elementId: string): string;
  timerOf(elementId: string): TimerDefinition | null;
  /** The process a call activity calls (zeebe:calledElement processId). */
  calledProcessOf(elementId: string): string | null;
  isEndEvent(elementId: string): boolean;
  /** The timer boundary events attached to an element (a deadline that runs while it is active). */
  boundaryTimersOf(elementId: string): string[];
  /** Who a user task is for, as the diagram says: its lane's name and its candidate groups. */
  holdersOf(elementId: string): string | null;
}

export async function drawDiagram(
  host: HTMLElement,
  xml: string,
  stats: ElementStatistics[],
  onSelect: (elementId: string | null) => void,
): Promise<Diagram> {
  const viewer = new NavigatedViewer({ container: host, moddleExtensions: { zeebe } });
  await viewer.importXML(xml);
  const canvas = viewer.get('canvas') as Canvas;
  const overlays = viewer.get('overlays') as Overlays;
  const registry = viewer.get('elementRegistry') as ElementRegistry;
  const events = viewer.get('eventBus') as EventBus;
  canvas.zoom('fit-viewport', 'auto');
  // a large diagram fitted whole is too small to read: zoom in on where the instance is
  // (an incident first, else what is active, else the end it reached)
  const ended = stats.filter((s) => s.completed > 0 && registry.get(s.elementId)?.type === 'bpmn:EndEvent');
  const focus = [...stats.filter((s) => s.incidents > 0), ...stats.filter((s) => s.active > 0), ...ended];
  const first = focus.map((s) => registry.get(s.elementId)).find((shape) => shape !== undefined && shape.type !== 'bpmn:SubProcess');
  if (canvas.zoom() < 0.6 && first) {
    canvas.zoom(0.9);
    canvas.scrollToElement(first, 160);
  }
  for (const stat of stats) {
    if (!registry.get(stat.elementId)) continue;
    const marker = stat.incidents > 0 ? 'op-incident' : stat.active > 0 ? 'op-active' : stat.completed > 0 ? 'op-completed' : null;
    if (marker) canvas.addMarker(stat.elementId, marker);
    const badges: [number, string, string][] = [
      [stat.active, 'active', '进行中'],
      [stat.incidents, 'incident', '异常'],
      [stat.completed, 'completed', '已完成'],
      [stat.canceled, 'canceled', '已取消'],
    ];
    const shown = badges.filter(([count]) => count > 0);
    if (shown.length === 0) continue;
    const badge = document.createElement('div');
    badge.className = 'op-badges';
    for (const [count, tone, words] of shown) {
      const item = document.createElement('span');
      item.className = `op-badge op-badge-${tone}`;
      item.title = `${words} ${count}`;
      item.textContent = String(count);
      badge.appendChild(item);
    }
    overlays.add(stat.elementId, { position: { top: -10, left: -8 }, html: badge });
  }
  events.on('element.click', (event) => {
    const type = event.element.type;
    onSelect(type === 'bpmn:Process' || type === 'bpmn:Collaboration' || type === 'bpmn:Participant' || type === 'label' ? null : event.element.id);
  });
  const business = (id: string): BusinessObject | undefined => registry.get(id)?.businessObject;
  return {
    nameOf: (id) => business(id)?.name || id,
    timerOf: (id) => {
      const definition = business(id)?.eventDefinitions?.find((item) => item.$type === 'bpmn:TimerEventDefinition');
      if (!definition) return null;
      for (const kind of ['timeDate', 'timeDuration', 'timeCycle'] as const) {
        const body = definition[kind]?.body;
        if (body !== undefined) return { kind, expression: body };
      }
      return null;
    },
    calledProcessOf: (id) =>
      business(id)?.extensionElements?.values?.find((value) => value.$type === 'zeebe:CalledElement')?.processId ?? null,
    isEndEvent: (id) => business(id)?.$type === 'bpmn:EndEvent',
    holdersOf: (id) => {
      const lane = registry
        .getAll()
        .find((shape) => shape.type === 'bpmn:Lane' && shape.businessObject.flowNodeRef?.some((node) => node.id === id));
      const assignment = business(id)?.extensionElements?.values?.find((value) => value.$type === 'zeebe:AssignmentDefinition');
      const groups = groupsOf(assignment?.candidateGroups);
      const laneName = lane?.businessObject.name;
      if (!laneName && groups.length === 0) return null;
      return `${laneName ?? ''}${groups.length > 0 ? `（${groups.join('、')}）` : ''}`;
    },
    boundaryTimersOf: (id) =>
      (registry.get(id)?.attachers ?? [])
        .filter((shape) => shape.businessObject.eventDefinitions?.some((item) => item.$type === 'bpmn:TimerEventDefinition'))
        .map((shape) => shape.id),
  };
}
