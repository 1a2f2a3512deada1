// Fields of a case that only the case list (engine/cases/case-list.ts) reads, derived from the whole state on
// every write (engine/queue/runner.ts stamp) so that each filter of the list is one indexed condition:
//   dueAt        earliest due date among the open tasks (absent: no open task with a time limit)
//   breachAt     earliest instant at which an open task breached its SLA — its due date, or for a task
//                already escalated the due date it first missed. "Overdue now" is `breachAt < now`, the
//                same rule as the dashboard's 当前超期 (engine/sla/assessment.ts breached), per case.
//                Only active cases carry dueAt and breachAt.
//   escalated    some task of the case was ever escalated (升级)
//   openLevels   the levels of the open tasks (multikey: parallel tasks may sit at two levels)
//   incident     the case has an open incident
//   searchTerms  character bigrams of the title and address (multikey): the free-text search asks for every
//                bigram of the text typed, an index lookup per bigram instead of a scan (case numbers are
//                searched by prefix on their own index)
// Pure functions of the state: nothing to keep in step by hand, a backfill (case-index-backfill.ts) for
// cases written before these fields existed.
import type { InstanceState } from '../runtime/types.js';

export interface CaseIndexFields {
  dueAt?: number;
  breachAt?: number;
  escalated: boolean;
  openLevels: string[];
  incident: boolean;
  searchTerms: string[];
}

/** Variables holding the address of a report (as case-title.ts reads them). */
const ADDRESS_FIELDS = ['location', 'address'];
/** Bigrams kept per case: a title, an address and a number are far shorter than this. */
const MAX_TERMS = 256;

/** Lower case, letters and digits only (punctuation, spaces and dashes do not separate words in Chinese). */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The distinct overlapping two-character pieces of the normalised text. */
export function bigrams(text: string): string[] {
  const chars = [...normalizeSearchText(text)];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return [...out];
}

type IndexedState = Pick<InstanceState, 'status' | 'tasks' | 'incidents' | 'title' | 'variables'>;

export function caseIndexOf(s: IndexedState): CaseIndexFields {
  const active = s.status === 'active';
  let dueAt: number | undefined;
  let breachAt: number | undefined;
  let escalated = false;
  const levels = new Set<string>();
  for (const t of Object.values(s.tasks ?? {})) {
    const climbed = (t.escalations?.length ?? 0) > 0;
    if (climbed) escalated = true;
    if (t.status !== 'open' || !active) continue;
    if (t.level) levels.add(t.level);
    if (t.dueAt !== undefined) dueAt = dueAt === undefined ? t.dueAt : Math.min(dueAt, t.dueAt);
    const breach = climbed ? (t.escalations[0].dueAt ?? t.dueAt) : t.dueAt;
    if (breach !== undefined) breachAt = breachAt === undefined ? breach : Math.min(breachAt, breach);
  }
  const address = ADDRESS_FIELDS.map((f) => s.variables?.[f]).find((v) => typeof v === 'string') as
    string | undefined;
  const text = [s.title, address].filter(Boolean).join(' ');
  return {
    ...(dueAt !== undefined ? { dueAt } : {}),
    ...(breachAt !== undefined ? { breachAt } : {}),
    escalated,
    openLevels: [...levels].sort(),
    incident: Object.values(s.incidents ?? {}).some((i) => i.status === 'open'),
    searchTerms: bigrams(text).slice(0, MAX_TERMS).sort(),
  };
}

/** The state with its index fields replaced (stale dueAt/breachAt of a closed case dropped). */
export function withCaseIndex<T extends IndexedState>(s: T): T & CaseIndexFields {
  const { dueAt: _d, breachAt: _b, ...rest } = s as T & Partial<CaseIndexFields>;
  return { ...(rest as T), ...caseIndexOf(s) };
}
