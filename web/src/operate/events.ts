// Outside events a clerk records (合同已签订, …): the message an instance waits for, with the facts
// its process needs, checked here as ``govit publish`` checks them (govit/messages.py), so a
// missing fact is refused in words before anything is sent rather than surfacing later as an
// incident about some other variable.

export interface Fact {
  name: string;
  kind: string;
  meaning: string;
  required: boolean;
}

export interface EventSpec {
  meaning: string;
  correlation: string;
  facts: Fact[];
}

export type Catalog = Record<string, Record<string, EventSpec>>;

export interface Subscription {
  messageSubscriptionKey?: string;
  processInstanceKey: string;
  elementId: string;
  messageName: string;
  correlationKey: string;
  messageSubscriptionState?: string;
}

const KIND_WORDS: Record<string, string> = {
  date: '日期，格式 YYYY-MM-DD',
  number: '数值',
  text: '文字',
  list: '列表（JSON）',
};

export function kindWords(kind: string): string {
  return KIND_WORDS[kind] ?? kind;
}

/** The spec of an event in a jurisdiction's catalog, or null when its processes do not know it. */
export function eventSpec(catalog: Catalog, jurisdiction: string | null, name: string): EventSpec | null {
  if (jurisdiction) return catalog[jurisdiction]?.[name] ?? null;
  for (const messages of Object.values(catalog)) if (messages[name]) return messages[name] ?? null;
  return null;
}

function typed(fact: Fact, text: string): { value: unknown } | null {
  switch (fact.kind) {
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
      return { value: Number(text) };
    }
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
      const day = new Date(`${text.slice(0, 10)}T00:00:00Z`);
      if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text.slice(0, 10)) return null;
      return { value: text };
    }
    case 'list': {
      try {
        const value: unknown = JSON.parse(text);
        return Array.isArray(value) ? { value } : null;
      } catch {
        return null;
      }
    }
    default:
      return text.trim() ? { value: text } : null;
  }
}

/** The message's variables from what was typed, or the problems, one per fact, in Chinese. */
export function eventVariables(
  spec: EventSpec,
  entered: Record<string, string>,
): { ok: true; variables: Record<string, unknown> } | { ok: false; problems: string[] } {
  const variables: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const fact of spec.facts) {
    const text = (entered[fact.name] ?? '').trim();
    if (!text) {
      if (fact.required) problems.push(`请填写“${fact.meaning}”（${fact.name}，${kindWords(fact.kind)}）`);
      continue;
    }
    const value = typed(fact, text);
    if (value === null) problems.push(`“${fact.meaning}”应为${kindWords(fact.kind)}，而不是“${text}”`);
    else variables[fact.name] = value.value;
  }
  return problems.length ? { ok: false, problems } : { ok: true, variables };
}
