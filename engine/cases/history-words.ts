// The case history in people's words: each record gets the name of its element (from the compiled
// definition), the display names of the people (actor, and the person a task went to) and of the units it
// names (from the org directory), and a data change ("数据更新") lists its fields by their form titles with
// the value before and after (enum values by their labels). Everything is looked up in batches — one read of
// the users named on the page, units from the directory's cache — never once per record.
import type { HistoryRecord } from '../runtime/types.js';
import type { CompiledProcess } from '../model/types.js';
import { startFormKey } from '../model/compile.js';
import { labelFields, type CaseFileField } from './case-file.js';

/** One changed field of a data change: its title, the new value and the one before (labels for enums). */
export interface FieldChange {
  name: string;
  title: string;
  value: unknown;
  labels?: string[];
  /** absent when the field had no value before */
  previous?: unknown;
  previousLabels?: string[];
  format?: string;
}

export interface HistoryWords {
  /** the element's name in the definition (the id when it has none) */
  elementName?: string;
  /** the actor's display name (absent for the engine itself and unknown logins) */
  actorName?: string;
  /** the unit the record names (a task's unit; the unit an escalation reached) */
  unitName?: string;
  /** the unit an escalation left */
  fromUnitName?: string;
  /** the person a task went to (reassigned, delegated, returned), by display name */
  toName?: string;
  /** who claimed a task (details.assignee) and for whom a delegate works (details.owner), by display name */
  assigneeName?: string;
  ownerName?: string;
  /** a data change: the changed fields, labelled */
  changes?: FieldChange[];
}

export type DescribedRecord = HistoryRecord & HistoryWords;

export interface HistoryWordsDeps {
  /** the compiled definition of the case (undefined: names stay ids) */
  definition: CompiledProcess | undefined;
  schema: (formKey: string | undefined) => object | undefined;
  /** display names of these logins (one batch read) */
  displayNames: (usernames: string[]) => Promise<Map<string, string>>;
  /** name of a unit code (the directory's cache) */
  unitName: (code: string) => Promise<string | undefined>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Records whose `details.to` is a person (the others' `to` is a state or a level). */
const TO_PERSON = new Set(['task-reassigned', 'task-taken-over', 'task-delegated', 'task-returned']);

interface SchemaProps {
  properties?: Record<string, object>;
}

/**
 * The schema a data change of `elementId` is labelled with: the element's own form first, then the start
 * form and every other form of the definition (a field keeps the title of the first form that has it).
 */
function schemaLookup(deps: HistoryWordsDeps) {
  const def = deps.definition;
  const keys: string[] = [];
  if (def) {
    const start = startFormKey(def);
    if (start) keys.push(start);
    for (const n of Object.values(def.nodes)) {
      const k = n.grid?.formKey ?? n.formKey;
      if (k && !keys.includes(k)) keys.push(k);
    }
  }
  const merged: Record<string, object> = {};
  for (const k of [...keys].reverse()) Object.assign(merged, (deps.schema(k) as SchemaProps)?.properties);
  const cache = new Map<string, object>();
  return (elementId: string | undefined): object => {
    const key = elementId ?? '';
    let hit = cache.get(key);
    if (!hit) {
      const node = elementId ? def?.nodes[elementId] : undefined;
      const own = (deps.schema(node?.grid?.formKey ?? node?.formKey) as SchemaProps | undefined)?.properties;
      hit = { properties: { ...merged, ...own } };
      cache.set(key, hit);
    }
    return hit;
  };
}

function changesOf(schema: object, details: Record<string, unknown> | undefined): FieldChange[] | undefined {
  const now = details?.variables as Record<string, unknown> | undefined;
  if (!now || typeof now !== 'object') return undefined;
  const before = (details?.previous ?? {}) as Record<string, unknown>;
  const old = new Map<string, CaseFileField>(labelFields(schema, before).map((f) => [f.name, f]));
  return labelFields(schema, now).map((f) => {
    const p = old.get(f.name);
    return {
      ...f,
      ...(p ? { previous: p.value } : {}),
      ...(p?.labels ? { previousLabels: p.labels } : {}),
    };
  });
}

/** The records with their words added (same order, same records otherwise). */
export async function describeHistory(
  deps: HistoryWordsDeps,
  records: HistoryRecord[],
): Promise<DescribedRecord[]> {
  const people = new Set<string>();
  const units = new Set<string>();
  for (const r of records) {
    if (r.actor) people.add(r.actor);
    const d = r.details ?? {};
    if (TO_PERSON.has(r.action) && str(d.to)) people.add(d.to as string);
    for (const k of ['assignee', 'owner'] as const) if (str(d[k])) people.add(d[k] as string);
    for (const k of ['unit', 'fromUnit', 'toUnit'] as const) if (str(d[k])) units.add(d[k] as string);
  }
  const [names, unitNames] = await Promise.all([
    people.size ? deps.displayNames([...people]) : new Map<string, string>(),
    Promise.all([...units].map(async (c) => [c, await deps.unitName(c)] as const)).then((x) => new Map(x)),
  ]);
  const schemaFor = schemaLookup(deps);
  return records.map((r) => {
    const d = r.details ?? {};
    const words: HistoryWords = {};
    if (r.elementId) words.elementName = deps.definition?.nodes[r.elementId]?.name ?? r.elementId;
    const actor = names.get(r.actor);
    if (actor) words.actorName = actor;
    const unit = unitNames.get(str(d.unit) ?? str(d.toUnit) ?? '');
    if (unit) words.unitName = unit;
    const from = unitNames.get(str(d.fromUnit) ?? '');
    if (from) words.fromUnitName = from;
    const to = TO_PERSON.has(r.action) ? names.get(str(d.to) ?? '') : undefined;
    if (to) words.toName = to;
    const assignee = names.get(str(d.assignee) ?? '');
    if (assignee) words.assigneeName = assignee;
    const owner = names.get(str(d.owner) ?? '');
    if (owner) words.ownerName = owner;
    if (r.action === 'variables-updated') {
      const changes = changesOf(schemaFor(r.elementId), r.details);
      if (changes) words.changes = changes;
    }
    return { ...r, ...words };
  });
}
