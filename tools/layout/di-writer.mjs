// Writes the laid-out diagram as BPMN XML text: the collaboration (one participant for the
// process), the process's lane set, and the BPMNDiagram with every shape, edge and label.

const esc = (text) =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const r = (value) => Math.round(value);

export function collaborationXml(ids, processName, indent) {
  return (
    `${indent}<bpmn:collaboration id="${ids.collaboration}">\n` +
    `${indent}  <bpmn:participant id="${ids.participant}" name="${esc(processName)}" processRef="${ids.process}"/>\n` +
    `${indent}</bpmn:collaboration>\n`
  );
}

export function laneSetXml(ids, lanes, indent) {
  const lines = [`${indent}<bpmn:laneSet id="${ids.laneSet}">`];
  for (const lane of lanes) {
    lines.push(`${indent}  <bpmn:lane id="${lane.id}" name="${esc(lane.name)}">`);
    for (const ref of lane.refs) lines.push(`${indent}    <bpmn:flowNodeRef>${ref}</bpmn:flowNodeRef>`);
    lines.push(`${indent}  </bpmn:lane>`);
  }
  lines.push(`${indent}</bpmn:laneSet>`);
  return lines.join('\n');
}

function bounds(box, indent) {
  return `${indent}<dc:Bounds x="${r(box.x)}" y="${r(box.y)}" width="${r(box.width)}" height="${r(box.height)}"/>`;
}

function labelXml(label, indent) {
  if (!label) return [];
  return [`${indent}<bpmndi:BPMNLabel>`, bounds(label, `${indent}  `), `${indent}</bpmndi:BPMNLabel>`];
}

/** shapes: [{element, box, expanded, horizontal}], edges: [{element, waypoints, label}] in drawing order. */
export function diagramXml(ids, shapes, edges, namespaces = '') {
  const i2 = '  ';
  const lines = [
    `${i2}<bpmndi:BPMNDiagram id="${ids.diagram}"${namespaces}>`,
    `${i2}  <bpmndi:BPMNPlane id="${ids.plane}" bpmnElement="${ids.collaboration}">`,
  ];
  const i6 = '      ';
  for (const shape of shapes) {
    const attributes = [`id="${shape.element}_di"`, `bpmnElement="${shape.element}"`];
    if (shape.horizontal) attributes.push('isHorizontal="true"');
    if (shape.expanded !== undefined) attributes.push(`isExpanded="${shape.expanded}"`);
    lines.push(`${i6}<bpmndi:BPMNShape ${attributes.join(' ')}>`);
    lines.push(bounds(shape.box, `${i6}  `));
    lines.push(...labelXml(shape.label, `${i6}  `));
    lines.push(`${i6}</bpmndi:BPMNShape>`);
  }
  for (const edge of edges) {
    lines.push(`${i6}<bpmndi:BPMNEdge id="${edge.element}_di" bpmnElement="${edge.element}">`);
    for (const point of edge.waypoints) lines.push(`${i6}  <di:waypoint x="${r(point.x)}" y="${r(point.y)}"/>`);
    lines.push(...labelXml(edge.label, `${i6}  `));
    lines.push(`${i6}</bpmndi:BPMNEdge>`);
  }
  lines.push(`${i2}  </bpmndi:BPMNPlane>`, `${i2}</bpmndi:BPMNDiagram>`);
  return lines.join('\n');
}
