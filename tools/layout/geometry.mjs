// Small geometry helpers on the laid-out diagram: shifting everything below a line (to open a
// band for lanes or event sub-processes) and ending a flow on the outline of a round or diamond shape.

/**
 * A monotone map of y: every point below `at` moves down by `by`. Horizontal segments stay
 * horizontal and vertical ones vertical, and nothing changes order, so a flow that passed no
 * shape before passes none after.
 */
export function shiftBelow(layout, at, by) {
  const move = (y) => (y >= at ? y + by : y);
  for (const shape of layout.shapes.values()) {
    shape.y = move(shape.y);
    if (shape.label) shape.label.y = move(shape.label.y);
  }
  for (const edge of layout.edges.values()) {
    for (const point of edge.waypoints) point.y = move(point.y);
    if (edge.label) edge.label.y = move(edge.label.y);
  }
}

export function translate(layout, dx, dy) {
  for (const shape of layout.shapes.values()) {
    shape.x += dx;
    shape.y += dy;
    if (shape.label) {
      shape.label.x += dx;
      shape.label.y += dy;
    }
  }
  for (const edge of layout.edges.values()) {
    for (const point of edge.waypoints) {
      point.x += dx;
      point.y += dy;
    }
    if (edge.label) {
      edge.label.x += dx;
      edge.label.y += dy;
    }
  }
}

/**
 * Moves the end `end` of the segment from `prev` along that segment onto the outline of the
 * shape (a circle for events, a diamond for gateways), so the arrow touches the drawn figure
 * and not its bounding box.
 */
export function snapToOutline(end, prev, shape, kind) {
  const cx = shape.x + shape.width / 2;
  const cy = shape.y + shape.height / 2;
  const r = shape.width / 2;
  if (prev.y === end.y) {
    const dy = Math.abs(end.y - cy);
    if (dy >= r) return;
    const half = kind === 'circle' ? Math.sqrt(r * r - dy * dy) : r - dy;
    end.x = Math.round(prev.x < cx ? cx - half : cx + half);
  } else if (prev.x === end.x) {
    const dx = Math.abs(end.x - cx);
    if (dx >= r) return;
    const half = kind === 'circle' ? Math.sqrt(r * r - dx * dx) : r - dx;
    end.y = Math.round(prev.y < cy ? cy - half : cy + half);
  }
}
