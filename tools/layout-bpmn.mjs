// Re-lays out BPMN diagrams: lanes from bpmn/lanes.json, a layered ELK layout with orthogonal
// flows, labels placed apart. Only the collaboration, the lane set and the BPMNDiagram are
// rewritten; every other byte of the file stays as it was.
// Usage: node tools/layout-bpmn.mjs FILE...   (e.g. node tools/layout-bpmn.mjs bpmn/*/*.bpmn)
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

import { collaborationXml, diagramXml, laneSetXml } from './layout/di-writer.mjs';
import { layoutContainer } from './layout/elk-layout.mjs';
import { translate } from './layout/geometry.mjs';
import { assignLanes, laneOrder } from './layout/lanes.mjs';
import { containerContent, isType, readDefinitions } from './layout/model.mjs';
import { missingNamespaces, spliceLayout } from './layout/splice.mjs';

const POOL = { x: 150, y: 60, label: 30 };
const LANE_LABEL = 30;
const PLANE_ORIGIN = { x: 160, y: 80 };

async function layoutFile(file, config) {
  const xml = await readFile(file, 'utf-8');
  const definitions = await readDefinitions(xml, file);
  const processes = definitions.rootElements.filter((e) => isType(e, 'Process'));
  if (processes.length !== 1) throw new Error(`${file}: 应恰好包含一个流程，实际为 ${processes.length} 个`);
  const process = processes[0];
  const region = basename(dirname(file));
  const laneOf = assignLanes(process, config, region, file);
  const names = laneOrder([...laneOf.values()], config);
  const collapsed = collapsedSubProcesses(definitions);
  const planes = new Map();
  const layout = await layoutContainer(process, { laneOf, names }, collapsed, planes);
  translate(layout, POOL.x + POOL.label + LANE_LABEL, POOL.y);
  const width = layout.width + POOL.label + LANE_LABEL;
  const pid = process.id;
  const ids = {
    process: pid,
    collaboration: `Collaboration_${pid}`,
    participant: `Participant_${pid}`,
    laneSet: `LaneSet_${pid}`,
    diagram: `BPMNDiagram_${pid}`,
    plane: `BPMNPlane_${pid}`,
  };
  const lanes = layout.bands.map((band, index) => ({
    id: `Lane_${pid}_${index + 1}`,
    name: band.name,
    refs: flowNodeIds(process).filter((id) => laneOf.get(id) === band.name),
    box: {
      x: POOL.x + POOL.label,
      y: Math.round(band.top) + POOL.y,
      width: width - POOL.label,
      height: Math.round(band.bottom) - Math.round(band.top),
    },
  }));
  const poolBox = { x: POOL.x, y: POOL.y, width, height: Math.round(layout.height) };
  const shapes = [
    { element: ids.participant, box: poolBox, horizontal: true },
    ...lanes.map((lane) => ({ element: lane.id, box: lane.box, horizontal: true })),
    ...elementShapes(process, layout, collapsed),
  ];
  const edges = allFlows(process, collapsed).map((flow) => ({ element: flow.id, ...layout.edges.get(flow.id) }));
  const indent = xml.match(/\n([ \t]*)<bpmn:process\b/)?.[1] ?? '  ';
  const text = spliceLayout(xml, file, {
    collaboration: collaborationXml(ids, process.name ?? pid, indent),
    laneSet: laneSetXml(ids, lanes, `${indent}  `),
    diagram: [
      diagramXml(ids, shapes, edges, missingNamespaces(xml)),
      ...[...planes].map(([subId, plane]) => {
        translate(plane, PLANE_ORIGIN.x, PLANE_ORIGIN.y);
        const sub = findElement(process, subId);
        const planeIds = { diagram: `BPMNDiagram_${subId}`, plane: `BPMNPlane_${subId}`, collaboration: subId };
        const planeEdges = allFlows(sub, collapsed).map((flow) => ({ element: flow.id, ...plane.edges.get(flow.id) }));
        return diagramXml(planeIds, elementShapes(sub, plane, collapsed), planeEdges, missingNamespaces(xml));
      }),
    ].join('\n'),
  });
  if (text !== xml) await writeFile(file, text);
  return { file, lanes: lanes.map((l) => l.name), width: poolBox.width, height: poolBox.height };
}

function flowNodeIds(process) {
  const { nodes, boundaries } = containerContent(process);
  return [...nodes, ...boundaries].map((n) => n.id);
}

/** Sub-processes drawn collapsed in the diagram as it was (isExpanded="false" or a plane of their own). */
function collapsedSubProcesses(definitions) {
  const collapsed = new Set();
  for (const diagram of definitions.diagrams ?? []) {
    const plane = diagram.plane;
    if (plane?.bpmnElement && isType(plane.bpmnElement, 'SubProcess')) collapsed.add(plane.bpmnElement.id);
    for (const shape of plane?.planeElement ?? []) {
      if (shape.isExpanded === false && shape.bpmnElement && isType(shape.bpmnElement, 'SubProcess')) {
        collapsed.add(shape.bpmnElement.id);
      }
    }
  }
  return collapsed;
}

function findElement(container, id) {
  for (const element of container.flowElements ?? []) {
    if (element.id === id) return element;
    if (isType(element, 'SubProcess')) {
      const found = findElement(element, id);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Shapes of a container's content in drawing order: containers before their content, hosts
 * before their boundary events. The content of a collapsed sub-process is on its own plane.
 */
function elementShapes(container, layout, collapsed) {
  const { nodes, boundaries } = containerContent(container);
  const out = [];
  for (const node of nodes) {
    const shape = layout.shapes.get(node.id);
    const sub = isType(node, 'SubProcess');
    const expanded = sub ? !collapsed.has(node.id) : undefined;
    out.push({ element: node.id, box: shape, label: shape.label, expanded });
    if (sub && expanded) out.push(...elementShapes(node, layout, collapsed));
  }
  for (const boundary of boundaries) {
    const shape = layout.shapes.get(boundary.id);
    out.push({ element: boundary.id, box: shape, label: shape.label });
  }
  return out;
}

function allFlows(container, collapsed) {
  const { nodes, flows } = containerContent(container);
  const open = nodes.filter((n) => isType(n, 'SubProcess') && !collapsed.has(n.id));
  return [...flows, ...open.flatMap((n) => allFlows(n, collapsed))];
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('用法：node tools/layout-bpmn.mjs bpmn/<地区>/<文件>.bpmn ...');
  process.exit(2);
}
const config = JSON.parse(await readFile('bpmn/lanes.json', 'utf-8'));
let failed = false;
for (const file of files) {
  try {
    console.log(JSON.stringify(await layoutFile(file, config)));
  } catch (error) {
    failed = true;
    console.error(error.message);
  }
}
process.exit(failed ? 1 : 0);
