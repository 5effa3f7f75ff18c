// Reads a BPMN file with bpmn-moddle (Zeebe extensions) into the shapes the layout needs:
// per container (process, sub-process) its flow nodes, sequence flows and boundary events.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(resolve('package.json'));
const { BpmnModdle } = require('bpmn-moddle');
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json');
const modeler = require('modeler-moddle/resources/modeler.json');

const moddle = new BpmnModdle({ zeebe, modeler });

/** Parses the XML; throws naming the file when bpmn-moddle warns (a broken reference, an unknown element). */
export async function readDefinitions(xml, file) {
  const { rootElement, warnings } = await moddle.fromXML(xml);
  if (warnings.length > 0) {
    throw new Error(`${file}: 无法读取流程图：${warnings.map((w) => w.message.split('\n')[0]).join('; ')}`);
  }
  return rootElement;
}

export const isType = (element, type) => element.$instanceOf(`bpmn:${type}`);

export const isEventSubProcess = (element) => isType(element, 'SubProcess') && element.triggeredByEvent === true;

/** Flow nodes of a container, boundary events apart (they ride on their host). */
export function containerContent(container) {
  const elements = container.flowElements ?? [];
  return {
    nodes: elements.filter((e) => isType(e, 'FlowNode') && !isType(e, 'BoundaryEvent')),
    boundaries: elements.filter((e) => isType(e, 'BoundaryEvent')),
    flows: elements.filter((e) => isType(e, 'SequenceFlow')),
  };
}

export function extension(element, type) {
  return (element.extensionElements?.values ?? []).find((value) => value.$type === type);
}
