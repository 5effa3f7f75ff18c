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

async function layoutFile(file, config) {
  const xml = await readFile(file, 'utf-8');
  const definitions = await readDefinitions(xml, file);
  const processes = definitions.rootElements.filter((e) => isType(e, 'Process'));
  if (processes.length !== 1) throw new Error(`${file}: 应恰好包含一个流程，实际为 ${processes.length} 个`);
  const process = processes[0];
  const region = basename(dirname(file));
  const laneOf = assignLanes(process, config, region, file);
  const names = laneOrder([...laneOf.values()], config);
  const layout = await layoutContainer(process, { laneOf, names });
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
    ...drawOrder(process).map((element) => {
      const shape = layout.shapes.get(element.id);
      return {
        element: element.id,
        box: shape,
        label: shape.label,
        expanded: isType(element, 'SubProcess') ? true : undefined,
      };
    }),
  ];
  const edges = allFlows(process).map((flow) => ({ element: flow.id, ...layout.edges.get(flow.id) }));
  const indent = xml.match(/\n([ \t]*)<bpmn:process\b/)?.[1] ?? '  ';
  const text = spliceLayout(xml, file, {
    collaboration: collaborationXml(ids, process.name ?? pid, indent),
    laneSet: laneSetXml(ids, lanes, `${indent}  `),
    diagram: diagramXml(ids, shapes, edges, missingNamespaces(xml)),
  });
  if (text !== xml) await writeFile(file, text);
  return { file, lanes: lanes.map((l) => l.name), width: poolBox.width, height: poolBox.height };
}

function flowNodeIds(process) {
  const { nodes, boundaries } = containerContent(process);
  return [...nodes, ...boundaries].map((n) => n.id);
}

/** Containers before their content, hosts before their boundary events, so Modeler draws them in that order. */
function drawOrder(container) {
  const { nodes, boundaries } = containerContent(container);
  const out = [];
  for (const node of nodes) {
    out.push(node);
    if (isType(node, 'SubProcess')) out.push(...drawOrder(node));
  }
  return [...out, ...boundaries];
}

function allFlows(container) {
  const { nodes, flows } = containerContent(container);
  return [...flows, ...nodes.filter((n) => isType(n, 'SubProcess')).flatMap(allFlows)];
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
