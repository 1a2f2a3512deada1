// Human case numbers (案件编号), e.g. `D01-2026-000042`: rendered from a pattern (CASE_NUMBER_PATTERN) and a
// sequence drawn from a counter document in the store. The counter is advanced by a compare-and-set on its
// current value (`updateOne({_id, seq: n}, {$inc: {seq: 1}})`), and created by an insert that loses to a
// concurrent creator with DuplicateKeyError, so two starts — in one process or in several sharing the
// store — never draw the same number. A start that fails after drawing leaves a gap; gaps are tolerated.
import { DateTime } from 'luxon';
import type { UnitRef } from '../runtime/types.js';
import { MetaRecords } from '../store/meta.js';
import type { Query, Store } from '../store/types.js';

export const DEFAULT_CASE_NUMBER_PATTERN = '{district}-{yyyy}-{seq:6}';

/** Placeholders a pattern may use; `{seq}` / `{seq:N}` (zero-padded to N digits) is required. */
const TOKEN = /\{(district|yyyy|yy|mm|seq)(?::(\d{1,2}))?\}/g;

export interface CaseNumberParts {
  district: string;
  yyyy: string;
  yy: string;
  mm: string;
}

export class CaseNumberPatternError extends Error {
  constructor(pattern: string, reason: string) {
    super(`CASE_NUMBER_PATTERN "${pattern}": ${reason}`);
    this.name = 'CaseNumberPatternError';
  }
}

/** Refuses a pattern without `{seq}` or with an unknown placeholder. */
export function checkCaseNumberPattern(pattern: string): void {
  if (!pattern.trim()) throw new CaseNumberPatternError(pattern, 'empty');
  const unknown = pattern.replace(TOKEN, '').match(/\{[^}]*\}/);
  if (unknown) throw new CaseNumberPatternError(pattern, `unknown placeholder ${unknown[0]}`);
  if (![...pattern.matchAll(TOKEN)].some((m) => m[1] === 'seq'))
    throw new CaseNumberPatternError(pattern, 'needs a {seq} or {seq:N} placeholder');
}

/** The district of a unit chain (innermost first): its `district` unit, else the top-level unit. */
export function districtOf(chain: readonly UnitRef[]): string {
  return (chain.find((u) => u.level === 'district') ?? chain[chain.length - 1])?.code ?? 'X';
}

export function caseNumberParts(chain: readonly UnitRef[], now: number, timezone: string): CaseNumberParts {
  const t = DateTime.fromMillis(now, { zone: timezone });
  return {
    district: districtOf(chain),
    yyyy: String(t.year),
    yy: String(t.year % 100).padStart(2, '0'),
    mm: String(t.month).padStart(2, '0'),
  };
}

/** Renders the pattern; `seq` undefined renders the counter's scope (the number without its sequence). */
export function renderCaseNumber(pattern: string, parts: CaseNumberParts, seq?: number): string {
  return pattern.replace(TOKEN, (_m, name: keyof CaseNumberParts | 'seq', width?: string) => {
    if (name !== 'seq') return parts[name];
    if (seq === undefined) return '{seq}';
    return String(seq).padStart(width ? Number(width) : 1, '0');
  });
}

interface CounterDoc {
  _id: string;
  seq: number;
}

/**
 * Draws the next value of a counter (1, 2, ...). Each round reads the counter and advances it only if it
 * still holds the value read; the loser of a round reads again (with a little random backoff as contention
 * grows). Works on every adapter: the store port's updateOne is atomic per document.
 */
export async function nextSequence(store: Store, counterId: string, maxRounds = 2000): Promise<number> {
  const meta = new MetaRecords(store);
  for (let round = 0; round < maxRounds; round++) {
    const cur = await meta.get<CounterDoc>(counterId);
    if (!cur) {
      if (await meta.create({ _id: counterId, seq: 1 })) return 1;
      continue; // created concurrently: advance it instead
    }
    if (await meta.update(counterId, { $inc: { seq: 1 } }, { seq: cur.seq })) return cur.seq + 1;
    if (round > 2) await new Promise((ok) => setTimeout(ok, Math.random() * Math.min(20, round)));
  }
  throw new Error(`case number counter ${counterId}: no turn after ${maxRounds} rounds`);
}

/** Allocates the next case number for a case opened now at a unit with this chain. */
export async function allocateCaseNumber(
  store: Store,
  pattern: string,
  chain: readonly UnitRef[],
  now: number,
  timezone: string,
): Promise<string> {
  const parts = caseNumberParts(chain, now, timezone);
  // one counter per rendered scope: per district and year with the default pattern
  const seq = await nextSequence(store, `caseNo:${renderCaseNumber(pattern, parts)}`);
  return renderCaseNumber(pattern, parts, seq);
}

/** Store condition on `caseNo` for a search text: the exact number or every number it begins. */
export function caseNumberQuery(text: string): Query {
  const q = text.trim();
  return { caseNo: { $gte: q, $lt: `${q}\uffff` } };
}
