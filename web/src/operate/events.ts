// The outside events a clerk records (合同已签订 …): the catalog of govit/messages.py, exported at
// build time, and the same check `govit publish` makes before anything is sent, so an event lacking
// a fact the process needs is refused in the page with the same Chinese words.

import data from '@message-catalog';

export type FactKind = 'date' | 'number' | 'text' | 'list';

export interface Fact {
  name: string;
  kind: FactKind;
  meaning: string;
  required: boolean;
}

export interface OutsideEvent {
  name: string;
  meaning: string;
  correlation: string;
  facts: Fact[];
}

export interface Catalog {
  kindWords: Record<string, string>;
  jurisdictions: Record<string, OutsideEvent[]>;
}

export const catalog: Catalog = data;

export function eventOf(source: Catalog, jurisdiction: string | null, name: string): OutsideEvent | null {
  if (!jurisdiction) return null;
  return source.jurisdictions[jurisdiction]?.find((event) => event.name === name) ?? null;
}

export type Checked = { ok: true; variables: Record<string, unknown> } | { ok: false; message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function isDay(text: string): boolean {
  const found = DATE.exec(text);
  if (!found) return false;
  const [year, month, day] = [Number(found[1]), Number(found[2]), Number(found[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** A fact's value from what was typed, or ``undefined`` when it is not of the fact's kind. */
function typed(fact: Fact, text: string): unknown {
  if (fact.kind === 'number') {
    const trimmed = text.trim();
    if (!NUMBER.test(trimmed)) return undefined;
    return Number(trimmed);
  }
  if (fact.kind === 'date') {
    // a date, or a date-time whose day is taken (as govit publish reads it)
    if (!isDay(text.slice(0, 10))) return undefined;
    if (text.length > 10 && !DATE_TIME.test(text)) return undefined;
    return text;
  }
  if (fact.kind === 'list') {
    try {
      const value: unknown = JSON.parse(text);
      return Array.isArray(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return text.trim() ? text : undefined;
}

/** The variables of ``event`` from the typed values (an empty field is not given), checked as
 * ``govit publish`` checks them: every required fact present and each of its kind. */
export function checkEvent(source: Catalog, event: OutsideEvent, given: Record<string, string>): Checked {
  const variables: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const fact of event.facts) {
    const text = given[fact.name] ?? '';
    const words = source.kindWords[fact.kind] ?? fact.kind;
    if (text === '') {
      if (fact.required) problems.push(`缺少 ${fact.name}（${fact.meaning}，${words}）`);
      continue;
    }
    const value = typed(fact, text);
    if (value === undefined) problems.push(`${fact.name}（${fact.meaning}）应为${words}，收到 '${text}'`);
    else variables[fact.name] = value;
  }
  if (problems.length > 0) return { ok: false, message: `消息 ${event.name}（${event.meaning}）：${problems.join('；')}` };
  return { ok: true, variables };
}
