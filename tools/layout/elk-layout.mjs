// Lays out one container (a process or a sub-process) with ELK's layered algorithm and orthogonal
// edge routing: layers left to right, branches leaving gateways on their own side, flows that go
// back routed around the row, boundary events as ports on the bottom of their host with their
// labels beside them. With lanes, a second ELK run keeps the first run's layers and orders each
// layer lane by lane; the bands between lanes are then closed up by a monotone map of y (which
// keeps the routing free of shapes) and the flows' names placed (flow-labels.mjs). Without lanes
// (inside sub-processes) ELK places the flows' names itself.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

import { placeFlowLabels } from './flow-labels.mjs';
import { shiftBelow, snapToOutline, translate } from './geometry.mjs';
import { containerContent, isEventSubProcess, isType } from './model.mjs';
import { activityBox, externalLabelBox } from './text-size.mjs';

const require = createRequire(resolve('package.json'));
const ELK = require('elkjs/lib/elk.bundled.js');
const elk = new ELK();

const EVENT = 36;
const GATEWAY = 50;
const SUB_PADDING = { top: 36, side: 24, bottom: 24 };
const LANE_GAP = 100000;
const LANE_PADDING = 30;
const GAP_STEP = 12;

const BASE_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.spacing.nodeNodeBetweenLayers': '50',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '14',
  'elk.spacing.nodeNode': '40',
  'elk.spacing.edgeNode': '22',
  'elk.spacing.edgeEdge': '14',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.labelNode': '4',
  'elk.spacing.labelLabel': '6',
  'elk.spacing.portPort': '16',
  'elk.edgeLabels.placement': 'CENTER',
  // A branch's answer sits next to the gateway that asks (and ELK then never moves label dummies
  // between layers, which would undo the lane order of the second run).
  'elk.layered.edgeLabels.centerLabelPlacementStrategy': 'TAIL_LAYER',
  'elk.layered.edgeLabels.sideSelection': 'SMART_UP',
  'elk.portLabels.placement': 'OUTSIDE',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
  'elk.separateConnectedComponents': 'false',
  'elk.padding': '[top=20,left=20,bottom=20,right=20]',
};

const INTERACTIVE_OPTIONS = {
  'elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
  'elk.layered.layering.strategy': 'INTERACTIVE',
  'elk.layered.crossingMinimization.strategy': 'INTERACTIVE',
  'elk.layered.nodePlacement.strategy': 'INTERACTIVE',
  'elk.layered.considerModelOrder.strategy': 'NONE',
};

// ELK's interactive phases take the layers and the order in each layer from the hints; a long
// flow's bend can still come before a node of an upper lane, which then lands in a lower lane.
// These variants of the second run differ in what they take from the hints; the first that keeps
// every step in its lane is used.
const LANE_VARIANTS = [
  { routes: true },
  {},
  { 'elk.layered.layering.strategy': 'NETWORK_SIMPLEX' },
  { 'elk.layered.layering.strategy': 'NETWORK_SIMPLEX', 'elk.layered.cycleBreaking.strategy': 'GREEDY' },
  { 'elk.layered.cycleBreaking.strategy': 'GREEDY' },
  { 'elk.layered.layering.strategy': 'LONGEST_PATH', 'elk.layered.cycleBreaking.strategy': 'GREEDY' },
  { 'elk.layered.layering.strategy': 'COFFMAN_GRAHAM', 'elk.layered.cycleBreaking.strategy': 'GREEDY' },
];

async function layoutInLanes(base, first, lanes) {
  // elkjs writes its result into the graph it is given: keep the first run's positions apart.
  const placed = new Map(first.children.map((c) => [c.id, { x: c.x, y: c.y }]));
  const laneIndex = (id) => lanes.names.indexOf(lanes.laneOf.get(id));
  let wrong = [];
  for (const variant of LANE_VARIANTS) {
    const graph = structuredClone(base);
    for (const child of graph.children) {
      child.x = placed.get(child.id).x;
      child.y = laneIndex(child.id) * LANE_GAP + placed.get(child.id).y;
    }
    hintRoutes(graph, variant.routes ? laneIndex : null);
    const hint = new Map(graph.children.map((c) => [c.id, c.y]));
    const { routes, ...options } = variant;
    const result = await elk.layout(graph, { layoutOptions: { ...BASE_OPTIONS, ...INTERACTIVE_OPTIONS, ...options } });
    // ELK moves the whole drawing so it starts at its padding; nodes are only ever pushed down
    // from their hint, so the least move is that translation.
    const shift = Math.min(...result.children.map((c) => c.y - hint.get(c.id)));
    wrong = result.children.filter((c) => Math.floor((c.y - shift) / LANE_GAP) !== laneIndex(c.id)).map((c) => c.id);
    if (wrong.length === 0) return result;
  }
  throw new Error(`布局无法把这些步骤放进各自的泳道：${wrong.join('、')}`);
}

/**
 * Layout of `container` with its origin at (0, 0): { width, height, shapes, edges, bands }.
 * `laneOf` (a Map id → lane name) and `lanes` (ordered names) are given for a process with lanes;
 * bands are then the lanes' y ranges.
 */
export async function layoutContainer(container, lanes = null, collapsed = new Set(), planes = new Map()) {
  const { nodes, boundaries, flows } = containerContent(container);
  const flowNodes = nodes.filter((n) => !isEventSubProcess(n));
  const eventSubs = nodes.filter(isEventSubProcess);
  const inner = new Map();
  for (const node of nodes.filter((n) => isType(n, 'SubProcess'))) {
    const sub = await layoutContainer(node, null, collapsed, planes);
    // A collapsed sub-process is a task-sized box here; its content is drawn on a plane of its
    // own (Modeler's drill-down), laid out on its own.
    if (collapsed.has(node.id)) planes.set(node.id, sub);
    else if (!isEventSubProcess(node)) inner.set(node.id, sub);
  }
  // With lanes the flows' names are placed after the layout (flow-labels.mjs), not by ELK.
  const graph = elkGraph(flowNodes, boundaries, flows, inner, !lanes);
  let result = await elk.layout(graph, { layoutOptions: BASE_OPTIONS });
  // elkjs writes its result into the graph; each run of the second pass starts from the graph as
  // the first run left it (ports and labels placed), which orders the layers best.
  if (lanes) result = await layoutInLanes(structuredClone(graph), result, lanes);
  const layout = readResult(result, flowNodes, boundaries, flows);
  for (const [id, sub] of inner) placeInner(layout, id, sub);
  const attached = (id) => boundaries.filter((b) => b.attachedToRef.id === id).map((b) => b.id);
  layout.bands = lanes
    ? closeLaneGaps(layout, lanes, flowNodes, attached)
    : [{ name: null, top: 0, bottom: Math.ceil(extentOf(layout).bottom + 20) }];
  // Event sub-processes start on their own, not from the main flow: they stand to the right of
  // it, in their lane, where no flow of the main part runs.
  const right = extentOf(layout).right + 60;
  if (lanes) placeFlowLabels(layout, flows);
  for (const sub of eventSubs) {
    const subLayout = collapsed.has(sub.id) ? null : await layoutContainer(sub, null, collapsed, planes);
    let lane = lanes ? lanes.laneOf.get(sub.id) : null;
    if (lanes && !layout.bands.some((b) => b.name === lane)) {
      lane = layout.bands.at(-1).name;
      lanes.laneOf.set(sub.id, lane);
    }
    placeEventSubProcess(layout, sub, subLayout, lane, right);
  }
  const extent = extentOf(layout);
  layout.width = Math.ceil(extent.right + 20);
  layout.height = Math.ceil(Math.max(layout.bands.at(-1).bottom, extent.bottom + 20));
  layout.bands.at(-1).bottom = layout.height;
  return layout;
}

/**
 * Gives each flow of the second run a route that stays in its source's lane and turns into the
 * target's lane just before the target: ELK places the bends of long flows along the route it
 * is given, so a flow between two lanes runs in one of them instead of wandering across the
 * bands between them.
 */
function hintRoutes(graph, laneIndex) {
  const nodeOf = new Map();
  for (const child of graph.children) {
    nodeOf.set(child.id, child);
    for (const port of child.ports ?? []) nodeOf.set(port.id, { ...child, port: true });
  }
  if (!laneIndex) return;
  for (const edge of graph.edges) {
    const source = nodeOf.get(edge.sources[0]);
    const target = nodeOf.get(edge.targets[0]);
    if (laneIndex(source.id) === laneIndex(target.id)) continue;
    const start = source.port
      ? { x: source.x + source.width / 2, y: source.y + source.height }
      : { x: source.x + source.width, y: source.y + source.height / 2 };
    const end = { x: target.x, y: target.y + target.height / 2 };
    const turn = start.x < end.x ? end.x - 10 : start.x + 10;
    edge.sections = [
      {
        id: `${edge.id}_hint`,
        incomingShape: edge.sources[0],
        outgoingShape: edge.targets[0],
        startPoint: start,
        endPoint: end,
        bendPoints: [
          { x: turn, y: start.y },
          { x: turn, y: end.y },
        ],
      },
    ];
  }
}

function nodeSize(node, inner, boundaryCount, boundaryLabelWidth) {
  let size;
  if (isType(node, 'Event')) size = { width: EVENT, height: EVENT };
  else if (isType(node, 'Gateway')) size = { width: GATEWAY, height: GATEWAY };
  else if (inner.has(node.id)) {
    const sub = inner.get(node.id);
    size = { width: sub.width + 2 * SUB_PADDING.side, height: sub.height + SUB_PADDING.top + SUB_PADDING.bottom };
  } else size = activityBox(node.name);
  if (boundaryCount > 0) {
    size.width = Math.max(size.width, boundaryCount * (EVENT + boundaryLabelWidth + 16) + 20);
  }
  return size;
}

function elkGraph(nodes, boundaries, flows, inner, edgeLabels) {
  const children = nodes.map((node) => {
    const attached = boundaries.filter((b) => b.attachedToRef.id === node.id);
    const labelWidth = Math.max(0, ...attached.map((b) => externalLabelBox(b.name ?? '', 80).width));
    const size = nodeSize(node, inner, attached.length, labelWidth);
    const child = { id: node.id, ...size, layoutOptions: {}, ports: [], labels: [] };
    if (isType(node, 'Event') || isType(node, 'Gateway')) {
      if (node.name) {
        child.labels.push({ text: node.name, ...externalLabelBox(node.name) });
        child.layoutOptions['elk.nodeLabels.placement'] = 'OUTSIDE V_BOTTOM H_CENTER';
      }
    }
    if (attached.length > 0) {
      child.layoutOptions['elk.portConstraints'] = 'FIXED_ORDER';
      attached.forEach((boundary, index) => {
        child.ports.push({
          id: boundary.id,
          width: EVENT,
          height: EVENT,
          labels: boundary.name ? [{ text: boundary.name, ...externalLabelBox(boundary.name, 80) }] : [],
          layoutOptions: {
            'elk.port.side': 'SOUTH',
            'elk.port.index': String(attached.length - index),
            'elk.port.borderOffset': String(-EVENT / 2),
          },
        });
      });
    }
    return child;
  });
  const edges = flows.map((flow) => {
    const boundary = isType(flow.sourceRef, 'BoundaryEvent');
    const edge = {
      id: flow.id,
      sources: [boundary ? flow.sourceRef.id : flow.sourceRef.id],
      targets: [flow.targetRef.id],
      labels: flow.name && edgeLabels ? [{ text: flow.name, ...externalLabelBox(flow.name, 70) }] : [],
    };
    return edge;
  });
  return { id: 'root', children, edges };
}

function readResult(result, nodes, boundaries, flows) {
  const shapes = new Map();
  const kinds = new Map();
  for (const child of result.children) {
    const node = nodes.find((n) => n.id === child.id);
    const shape = { x: child.x, y: child.y, width: child.width, height: child.height };
    const label = child.labels?.[0];
    if (label) shape.label = { x: child.x + label.x, y: child.y + label.y, width: label.width, height: label.height };
    shapes.set(child.id, shape);
    kinds.set(child.id, isType(node, 'Gateway') ? 'diamond' : isType(node, 'Event') ? 'circle' : 'box');
    for (const port of child.ports ?? []) {
      const event = { x: child.x + port.x, y: child.y + port.y, width: EVENT, height: EVENT };
      const portLabel = port.labels?.[0];
      if (portLabel) {
        event.label = { x: event.x + portLabel.x, y: event.y + portLabel.y, width: portLabel.width, height: portLabel.height };
      }
      shapes.set(port.id, event);
      kinds.set(port.id, 'circle');
    }
  }
  const edges = new Map();
  for (const edge of result.edges) {
    const section = edge.sections[0];
    const waypoints = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({
      x: Math.round(p.x),
      y: Math.round(p.y),
    }));
    const flow = flows.find((f) => f.id === edge.id);
    const target = flow.targetRef.id;
    const source = flow.sourceRef.id;
    if (kinds.get(target) !== 'box') snapToOutline(waypoints.at(-1), waypoints.at(-2), shapes.get(target), kinds.get(target));
    if (kinds.get(source) !== 'box') snapToOutline(waypoints[0], waypoints[1], shapes.get(source), kinds.get(source));
    const entry = { waypoints };
    const label = edge.labels?.[0];
    if (label) entry.label = { x: label.x, y: label.y, width: label.width, height: label.height };
    edges.set(edge.id, entry);
  }
  for (const boundary of boundaries) {
    if (!shapes.has(boundary.id)) throw new Error(`边界事件 ${boundary.id} 没有宿主形状`);
  }
  return { shapes, edges };
}

function placeInner(layout, id, sub) {
  const host = layout.shapes.get(id);
  translate(sub, host.x + SUB_PADDING.side, host.y + SUB_PADDING.top);
  for (const [key, value] of sub.shapes) layout.shapes.set(key, value);
  for (const [key, value] of sub.edges) layout.edges.set(key, value);
}

/**
 * Closes up the bands between lanes left by the second ELK run and returns the lanes' y ranges
 * [{name, top, bottom}]. Each lane's content moves as one block; the flows between lanes keep
 * their horizontal runs, one above the other in the same order, packed a step apart. The map of
 * y is monotone, so no flow comes to pass through a shape it did not pass before.
 */
function closeLaneGaps(layout, lanes, nodes, attached) {
  const blocks = [];
  for (const name of lanes.names) {
    let top = Infinity;
    let bottom = -Infinity;
    for (const node of nodes) {
      if (lanes.laneOf.get(node.id) !== name) continue;
      for (const box of [node.id, ...attached(node.id)].flatMap((id) => boxesOf(layout, id))) {
        top = Math.min(top, box.y);
        bottom = Math.max(bottom, box.y + box.height);
      }
    }
    blocks.push(top === Infinity ? { name, empty: true } : { name, top, bottom });
  }
  // A lane with only event sub-processes has no content yet: it opens between its neighbours.
  blocks.forEach((block, index) => {
    if (!block.empty) return;
    const before = blocks.slice(0, index).reverse().find((b) => !b.empty);
    const after = blocks.slice(index + 1).find((b) => !b.empty);
    const at = before && after ? (before.bottom + after.top) / 2 : before ? before.bottom + 0.5 : after.top - 0.5;
    block.top = at;
    block.bottom = at;
  });
  // An edge label reaching into a lane's content moves with that lane.
  for (const edge of layout.edges.values()) {
    const label = edge.label;
    if (!label) continue;
    for (const block of blocks) {
      if (label.y < block.bottom && label.y + label.height > block.top) {
        block.top = Math.min(block.top, label.y);
        block.bottom = Math.max(block.bottom, label.y + label.height);
      }
    }
  }
  const inBlock = (y) => blocks.findIndex((b) => y >= b.top && y <= b.bottom);
  const gapValues = new Map();
  for (const edge of layout.edges.values()) {
    for (const point of edge.waypoints) {
      if (inBlock(point.y) < 0) gapValues.set(point.y, gapValues.get(point.y) ?? 0);
    }
    const label = edge.label;
    if (label && inBlock(label.y) < 0) gapValues.set(label.y, Math.max(gapValues.get(label.y) ?? 0, label.height));
  }
  const sortedGap = [...gapValues.keys()].sort((x, y) => x - y);
  const pointMap = new Map();
  const bands = [];
  let cursor = 0;
  const packGap = (from, to) => {
    let y = cursor + LANE_PADDING / 2;
    let any = false;
    for (const value of sortedGap) {
      if (value <= from || value >= to) continue;
      pointMap.set(value, y);
      y += Math.max(GAP_STEP, gapValues.get(value) + 6);
      any = true;
    }
    return any ? y : cursor;
  };
  blocks.forEach((block, index) => {
    const previousBottom = index === 0 ? -Infinity : blocks[index - 1].bottom;
    const top = cursor;
    block.newTop = packGap(previousBottom, block.top) + LANE_PADDING;
    cursor = block.newTop + (block.bottom - block.top) + LANE_PADDING;
    bands.push({ name: block.name, top, bottom: cursor });
  });
  const end = packGap(blocks.at(-1).bottom, Infinity);
  if (end > cursor) {
    cursor = end + LANE_PADDING / 2;
    bands.at(-1).bottom = cursor;
  }
  const map = (y) => {
    const index = inBlock(y);
    return index >= 0 ? y - blocks[index].top + blocks[index].newTop : pointMap.get(y);
  };
  for (const shape of layout.shapes.values()) {
    shape.y = map(shape.y);
    if (shape.label) shape.label.y = map(shape.label.y);
  }
  for (const edge of layout.edges.values()) {
    for (const point of edge.waypoints) point.y = map(point.y);
    if (edge.label) edge.label.y = map(edge.label.y);
  }
  return bands;
}

function boxesOf(layout, id) {
  const shape = layout.shapes.get(id);
  return shape.label ? [shape, shape.label] : [shape];
}

/** Right and bottom edge of everything drawn: shapes, labels, flows. */
function extentOf(layout) {
  let right = 0;
  let bottom = 0;
  for (const shape of layout.shapes.values()) {
    for (const box of shape.label ? [shape, shape.label] : [shape]) {
      right = Math.max(right, box.x + box.width);
      bottom = Math.max(bottom, box.y + box.height);
    }
  }
  for (const edge of layout.edges.values()) {
    for (const point of edge.waypoints) {
      right = Math.max(right, point.x);
      bottom = Math.max(bottom, point.y);
    }
    if (edge.label) {
      right = Math.max(right, edge.label.x + edge.label.width);
      bottom = Math.max(bottom, edge.label.y + edge.label.height);
    }
  }
  return { right, bottom };
}

/** Stacks the event sub-processes of a lane one under the other at x = `right`, growing the lane. */
function placeEventSubProcess(layout, sub, subLayout, laneName, right) {
  const band = layout.bands.find((b) => b.name === laneName) ?? layout.bands.at(-1);
  const box = subLayout ? null : activityBox(sub.name);
  const width = box ? box.width : subLayout.width + 2 * SUB_PADDING.side;
  const height = box ? box.height : subLayout.height + SUB_PADDING.top + SUB_PADDING.bottom;
  const y = band.eventBottom ?? band.top + LANE_PADDING;
  const grow = Math.max(0, y + height + LANE_PADDING - band.bottom);
  if (grow > 0) {
    shiftBelow(layout, band.bottom, grow);
    for (const other of layout.bands) {
      if (other !== band && other.top >= band.bottom) {
        other.top += grow;
        other.bottom += grow;
        if (other.eventBottom) other.eventBottom += grow;
      }
    }
    band.bottom += grow;
  }
  layout.shapes.set(sub.id, { x: right, y, width, height });
  if (subLayout) {
    translate(subLayout, right + SUB_PADDING.side, y + SUB_PADDING.top);
    for (const [key, value] of subLayout.shapes) layout.shapes.set(key, value);
    for (const [key, value] of subLayout.edges) layout.edges.set(key, value);
  }
  band.eventBottom = y + height + 40;
}
