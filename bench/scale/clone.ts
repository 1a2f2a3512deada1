// Part 1b of the scale benchmark, in bulk: a case template (every document the engine wrote for one sample
// case, sample.ts) is compiled once into its JSON text cut at the places that differ between copies, and then
// copied any number of times by filling those places and parsing: the instance id (which the task, history
// and incident ids embed), the other document ids, the case number, the grid unit chain (codes and names,
// mapped level by level onto another grid of the seeded org tree with the same levels above it), and every
// timestamp (moved by one offset per copy, so durations, SLA due times and escalation times keep their
// relations). A copy is thus a case the engine could have written, at another grid and another time.
import type { UnitRef } from '../../engine/runtime/types.js';
import type { CollectionName, Doc } from '../../engine/store/types.js';
import type { CaseTemplate } from './sample.js';

type Hole =
  | { kind: 'instanceId' }
  | { kind: 'docId'; index: number }
  | { kind: 'caseNo' }
  | { kind: 'unit'; level: number; field: 'code' | 'name' }
  | { kind: 'time'; value: number };

export interface CompiledTemplate {
  definitionKey: string;
  /** levels of the template's unit chain, bottom up, e.g. "grid/zone/community/street/district" */
  shape: string;
  startedAt: number;
  /** the latest timestamp in the case */
  lastAt: number;
  /** the earliest pending timer (open cases), Infinity without one */
  nextTimerAt: number;
  /** collection names in the order of the JSON array the pieces make up */
  collections: CollectionName[];
  counts: number[];
  pieces: string[];
  holes: Hole[];
  docIds: string[];
}

export interface CopyValues {
  instanceId: string;
  /** suffix making the template's other document ids unique to this copy */
  idSuffix: string;
  caseNo: string;
  chain: UnitRef[];
  /** added to every timestamp */
  shiftMs: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** epoch milliseconds of 2001..2286 as a bare JSON number (not a digit run inside a longer number or string) */
const TIME = '(?<![\\d.\\w])1\\d{12}(?![\\d.\\w])';

export function compileTemplate(t: CaseTemplate): CompiledTemplate {
  const inst = t.docs.instances![0] as Doc & {
    unitChain: UnitRef[];
    caseNo?: string;
    startedAt: number;
    timers?: Record<string, { dueAt: number }>;
  };
  const collections = Object.keys(t.docs) as CollectionName[];
  const counts = collections.map((c) => t.docs[c]!.length);
  const text = JSON.stringify(collections.map((c) => t.docs[c]));
  const instanceId = inst._id;
  const docIds = [
    ...new Set(
      collections.flatMap((c) => t.docs[c]!.map((d) => d._id)).filter((id) => !id.includes(instanceId)),
    ),
  ];
  // literal tokens, longest first so that a unit code is never cut out of a longer code or name
  const literals: Array<[string, Hole]> = [[instanceId, { kind: 'instanceId' }]];
  if (inst.caseNo) literals.push([inst.caseNo, { kind: 'caseNo' }]);
  docIds.forEach((id, index) => literals.push([id, { kind: 'docId', index }]));
  inst.unitChain.forEach((u, level) => {
    literals.push([u.code, { kind: 'unit', level, field: 'code' }]);
    literals.push([u.name, { kind: 'unit', level, field: 'name' }]);
  });
  literals.sort((a, b) => b[0].length - a[0].length);
  const byLiteral = new Map(literals.map(([s, h]) => [s, h]));
  const alternatives = literals.map(([s, h]) =>
    // a code only as a whole digit run (never the district's code inside a grid's code)
    h.kind === 'unit' && h.field === 'code' ? `(?<!\\d)${escape(s)}(?!\\d)` : escape(s),
  );
  const re = new RegExp(`${alternatives.join('|')}|${TIME}`, 'g');
  const pieces: string[] = [];
  const holes: Hole[] = [];
  let last = 0;
  let lastAt = inst.startedAt;
  for (const m of text.matchAll(re)) {
    const hole = byLiteral.get(m[0]);
    if (hole) holes.push(hole);
    else {
      const value = Number(m[0]);
      holes.push({ kind: 'time', value });
      if (value > lastAt) lastAt = value;
    }
    pieces.push(text.slice(last, m.index));
    last = m.index! + m[0].length;
  }
  pieces.push(text.slice(last));
  return {
    definitionKey: t.definitionKey,
    shape: inst.unitChain.map((u) => u.level).join('/'),
    startedAt: inst.startedAt,
    lastAt,
    nextTimerAt: Math.min(...Object.values(inst.timers ?? {}).map((x) => x.dueAt)),
    collections,
    counts,
    pieces,
    holes,
    docIds,
  };
}

/** The text of a value inside a JSON string (the pieces around the holes are JSON text). */
const inString = (s: string) => JSON.stringify(s).slice(1, -1);

/** One copy of the case: its documents per collection. */
export function copyCase(t: CompiledTemplate, v: CopyValues): Array<[CollectionName, Doc[]]> {
  // each replacement is escaped once per copy, not once per place it appears
  const instanceId = inString(v.instanceId);
  const caseNo = inString(v.caseNo);
  const suffix = inString(v.idSuffix);
  const codes = v.chain.map((u) => inString(u.code));
  const names = v.chain.map((u) => inString(u.name));
  const docIds = t.docIds.map(inString);
  let out = t.pieces[0];
  for (let i = 0; i < t.holes.length; i++) {
    const h = t.holes[i];
    switch (h.kind) {
      case 'time':
        out += h.value + v.shiftMs;
        break;
      case 'instanceId':
        out += instanceId;
        break;
      case 'docId':
        out += docIds[h.index] + suffix;
        break;
      case 'caseNo':
        out += caseNo;
        break;
      case 'unit':
        out += h.field === 'code' ? codes[h.level] : names[h.level];
        break;
    }
    out += t.pieces[i + 1];
  }
  const groups = JSON.parse(out) as Doc[][];
  return t.collections.map((c, i) => [c, groups[i]]);
}
