// Replaces the layout part of a BPMN file's text and leaves every other byte as it was: the
// semantic model (ids, conditions, mappings, extension elements) is never re-serialized.

// Earlier tools wrote the diagram under other prefixes (ns0:BPMNDiagram with its own xmlns).
const DIAGRAM = /[ \t]*<(\w+:)?BPMNDiagram\b[\s\S]*<\/\1BPMNDiagram>/;
const COLLABORATION = /[ \t]*<bpmn:collaboration\b[\s\S]*?<\/bpmn:collaboration>\n?/;
const LANE_SET = /\n?[ \t]*<bpmn:laneSet\b[\s\S]*?<\/bpmn:laneSet>/;

/** The text without collaboration, lane set and diagram (what a re-run starts from). */
export function stripLayout(xml) {
  return xml.replace(COLLABORATION, '').replace(LANE_SET, '').replace(DIAGRAM, '');
}

const DI_NAMESPACES = {
  bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC',
  di: 'http://www.omg.org/spec/DD/20100524/DI',
};

/** The namespace declarations the diagram needs that bpmn:definitions does not already make. */
export function missingNamespaces(xml) {
  const root = xml.match(/<bpmn:definitions\b[^>]*>/)?.[0] ?? '';
  return Object.entries(DI_NAMESPACES)
    .filter(([prefix]) => !root.includes(`xmlns:${prefix}=`))
    .map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`)
    .join('');
}

export function spliceLayout(xml, file, { collaboration, laneSet, diagram }) {
  let text = stripLayout(xml);
  const processes = text.match(/<bpmn:process\b/g) ?? [];
  if (processes.length !== 1) throw new Error(`${file}: 应恰好包含一个流程，实际为 ${processes.length} 个`);
  const processAt = text.indexOf('<bpmn:process');
  const lineStart = text.lastIndexOf('\n', processAt) + 1;
  text = text.slice(0, lineStart) + collaboration + text.slice(lineStart);
  const openEnd = text.indexOf('>', text.indexOf('<bpmn:process')) + 1;
  let insertAt = openEnd;
  for (const tag of ['bpmn:documentation', 'bpmn:extensionElements']) {
    const rest = text.slice(insertAt);
    const match = rest.match(new RegExp(`^\\s*<${tag}\\b[\\s\\S]*?</${tag}>`));
    if (match) insertAt += match[0].length;
  }
  text = `${text.slice(0, insertAt)}\n${laneSet}${text.slice(insertAt)}`;
  const diagramAt = text.lastIndexOf('</bpmn:definitions>');
  if (diagramAt < 0) throw new Error(`${file}: 缺少 </bpmn:definitions>`);
  return `${text.slice(0, diagramAt).replace(/\s*$/, '\n')}${diagram}\n${text.slice(diagramAt)}`;
}
