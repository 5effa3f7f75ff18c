// Places the names of sequence flows (a gateway's answers) next to where the flow leaves its
// source, at the first spot along the flow that covers no shape, no other label and no other
// flow. Used where ELK cannot place them: in the lane run, ELK puts every label dummy at the top
// of its layer, which would route each answered branch over the top of the diagram.
import { externalLabelBox } from './text-size.mjs';

const GAP = 3;

const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function segmentBox(a, b) {
  return { x: Math.min(a.x, b.x) - 1, y: Math.min(a.y, b.y) - 1, width: Math.abs(a.x - b.x) + 2, height: Math.abs(a.y - b.y) + 2 };
}

function candidates(waypoints, size) {
  const out = [];
  for (let i = 0; i < Math.min(waypoints.length - 1, 4); i++) {
    const a = waypoints[i];
    const b = waypoints[i + 1];
    const length = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    for (const along of [8, 24, 48, 80, 120]) {
      if (along + 4 > length) break;
      if (a.y === b.y) {
        const x = b.x > a.x ? a.x + along : a.x - along - size.width;
        out.push({ x, y: a.y - size.height - GAP }, { x, y: a.y + GAP });
      } else {
        const y = b.y > a.y ? a.y + along : a.y - along - size.height;
        out.push({ x: a.x + GAP + 1, y }, { x: a.x - size.width - GAP - 1, y });
      }
    }
  }
  return out;
}

/** Sets `edge.label` for every named flow in `flows` whose edge in `layout` has none. */
export function placeFlowLabels(layout, flows) {
  const shapes = [...layout.shapes.values()].flatMap((s) => (s.label ? [s, s.label] : [s]));
  const placed = [...layout.edges.values()].map((e) => e.label).filter(Boolean);
  const segments = new Map(
    [...layout.edges].map(([id, edge]) => [id, edge.waypoints.slice(1).map((p, i) => segmentBox(edge.waypoints[i], p))]),
  );
  for (const flow of flows) {
    const edge = layout.edges.get(flow.id);
    if (!flow.name || !edge || edge.label) continue;
    const size = externalLabelBox(flow.name, 70);
    const others = [...segments].filter(([id]) => id !== flow.id).flatMap(([, boxes]) => boxes);
    const free = (box, strict) =>
      !shapes.some((s) => overlaps(box, s)) &&
      !placed.some((l) => overlaps(box, l)) &&
      (!strict || !others.some((s) => overlaps(box, s)));
    const spots = candidates(edge.waypoints, size).map((p) => ({ ...p, ...size }));
    const spot = spots.find((box) => free(box, true)) ?? spots.find((box) => free(box, false)) ?? spots[0];
    if (!spot) continue;
    edge.label = spot;
    placed.push(spot);
  }
}
