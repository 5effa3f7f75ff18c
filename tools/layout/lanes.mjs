// Puts every top-level step of a process in the lane of the body that does it (bpmn/lanes.json):
// a user task in the lane of its candidate group; a call activity in the lane of the group it hands
// the work to; service, script and business rule tasks in the system lane (machine steps); a
// sub-process in the lane where most of its steps are. Gateways, intermediate and end events follow
// the step before them (who has the result decides or waits); a start event follows the step after it;
// a boundary event rides on its host.
import { containerContent, extension, isType } from './model.mjs';

const GROUP_INPUTS = ['reviewerGroups', 'applicantGroups', 'organizerGroups'];
const MACHINE_TASKS = ['ServiceTask', 'BusinessRuleTask', 'ScriptTask', 'SendTask'];

export function assignLanes(process, config, region, file) {
  const lane = new Map();
  const { nodes, boundaries, flows } = containerContent(process);
  for (const node of nodes) {
    const own = ownLane(node, config, region, file);
    if (own) lane.set(node.id, own);
  }
  const incoming = (id) => flows.filter((f) => f.targetRef.id === id).map((f) => f.sourceRef);
  const outgoing = (id) => flows.filter((f) => f.sourceRef.id === id).map((f) => f.targetRef);
  const hostOf = new Map(boundaries.map((b) => [b.id, b.attachedToRef.id]));
  const laneOfSource = (source) => lane.get(hostOf.get(source.id) ?? source.id);
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of nodes) {
      if (lane.has(node.id)) continue;
      const neighbours = isType(node, 'StartEvent') ? outgoing(node.id) : incoming(node.id);
      const found = neighbours.map(laneOfSource).find(Boolean);
      if (found) {
        lane.set(node.id, found);
        changed = true;
      }
    }
  }
  for (const node of nodes) {
    if (!lane.has(node.id)) {
      const next = outgoing(node.id).map((n) => lane.get(n.id)).find(Boolean);
      lane.set(node.id, next ?? coordinating(config, region));
    }
  }
  for (const boundary of boundaries) lane.set(boundary.id, lane.get(boundary.attachedToRef.id));
  return lane;
}

export function laneOrder(names, config) {
  const rank = (name) => {
    const index = config.order.indexOf(name);
    return index < 0 ? config.order.length : index;
  };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function coordinating(config, region) {
  return config.coordinatingLane[region] ?? config.systemLane;
}

function ownLane(node, config, region, file) {
  if (isType(node, 'UserTask')) return userTaskLane(node, config, file);
  if (MACHINE_TASKS.some((type) => isType(node, type))) return config.systemLane;
  if (isType(node, 'CallActivity')) return callActivityLane(node, config) ?? coordinating(config, region);
  if (isType(node, 'SubProcess')) return majorityLane(node, config, region, file);
  return null;
}

/** The lane of a user task's candidate group; an error names the task when the group has none. */
export function userTaskLane(task, config, file) {
  const assignment = extension(task, 'zeebe:AssignmentDefinition');
  const groups = assignment?.candidateGroups;
  if (!groups) {
    if (assignment?.assignee || assignment?.candidateUsers) return config.assigneeLane;
    throw new Error(`${file}: 用户任务 ${task.id}（${task.name}）没有候选组，无法确定泳道`);
  }
  const first = firstGroup(groups);
  const lane = config.groupVariables[first] ?? config.groups[first];
  if (!lane) throw new Error(`${file}: 用户任务 ${task.id} 的候选组 ${first} 不在 bpmn/lanes.json 中`);
  return lane;
}

/** First group named by a candidateGroups value: `a,b`, `=["a","b"]` or `=variable`. */
export function firstGroup(value) {
  const literal = value.match(/"([^"]+)"/);
  if (literal) return literal[1];
  return value.replace(/^=/, '').split(',')[0].trim();
}

function callActivityLane(node, config) {
  const mapping = extension(node, 'zeebe:IoMapping');
  for (const target of GROUP_INPUTS) {
    const input = (mapping?.inputParameters ?? []).find((i) => i.target === target);
    if (!input?.source) continue;
    const group = firstGroup(input.source);
    const lane = config.groups[group] ?? config.groupVariables[group];
    if (lane) return lane;
  }
  return null;
}

/**
 * A sub-process goes to the lane of the people who work in it: the lane most of its user tasks
 * are in (nested ones included), else the lane most of its call activities hand work to, else
 * the system lane.
 */
function majorityLane(subProcess, config, region, file) {
  const counts = new Map();
  const count = (container) => {
    for (const inner of containerContent(container).nodes) {
      if (isType(inner, 'SubProcess')) {
        count(inner);
        continue;
      }
      const lane = ownLane(inner, config, region, file);
      if (!lane || lane === config.systemLane) continue;
      const weight = isType(inner, 'UserTask') ? 100 : 1;
      counts.set(lane, (counts.get(lane) ?? 0) + weight);
    }
  };
  count(subProcess);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || laneRank(a[0], config) - laneRank(b[0], config))[0];
  return best ? best[0] : config.systemLane;
}

function laneRank(name, config) {
  const index = config.order.indexOf(name);
  return index < 0 ? config.order.length : index;
}
