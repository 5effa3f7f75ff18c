// The diagram of the version an instance runs, drawn by bpmn-js (the viewer Operate uses), with
// markers on the elements that are active, completed or hold an incident and a badge counting
// them, as Operate shows them; clicking an element selects it.

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

import './operate.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';

import type { ElementStatistics, TimerDefinition } from './model';

interface Canvas {
  addMarker(elementId: string, marker: string): void;
  zoom(level: 'fit-viewport' | number, center?: 'auto'): number;
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
  extensionElements?: { values?: { $type: string; processId?: string }[] };
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
    overlays.add(stat.elementId, { position: { bottom: 8, left: -8 }, html: badge });
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
    boundaryTimersOf: (id) =>
      (registry.get(id)?.attachers ?? [])
        .filter((shape) => shape.businessObject.eventDefinitions?.some((item) => item.$type === 'bpmn:TimerEventDefinition'))
        .map((shape) => shape.id),
  };
}
