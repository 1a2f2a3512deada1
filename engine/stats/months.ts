// Month sums of the day buckets (engine/stats/rollup.ts) for long statistics periods: a year of a unit is
// 12 month documents instead of 365 × processes day buckets. They are a CACHE, built when a query first
// needs a past month and removed when a day bucket of that month changes — no write on the live path for
// the current month's facts (what nearly every step records), one batched delete when a late fact lands in
// a month that may have ended.
//
// Exactness. A month document of (unit, month) sums the unit's day buckets of that month as read by its
// builder. It must not outlive a change of one of them. The protocol, both sides keyed by the `slot`
// `${unit}|${month}`:
//   - a builder first writes a placeholder with a fresh token, THEN reads the day buckets, then replaces the
//     placeholder by the sum only if the placeholder with its token is still there;
//   - a writer of a day bucket, AFTER its write, deletes every document of the bucket's slot (placeholders
//     included) — unless the month surely has not ended yet (mayHaveEnded), judged after the write;
//   - a builder builds only months that surely ended a margin ago (surelyEnded).
// If the writer's delete comes after the builder's placeholder, the placeholder (or the finished sum) is
// deleted and the builder's replace matches nothing; if it comes before, the builder read after the write.
// If the writer skipped the delete, the month had not ended when it wrote, while a builder starts only a
// margin after the month's end: it reads after the write, as long as the machines' clocks disagree by less
// than the margin. A crash between a write and its delete is replayed with the outbox (the recompute, then
// the delete, run again); a bucket left to the sweeper is recomputed and then its slot deleted the same way.
//
// Month boundaries are those of the business time zone, which the writer does not know: both tests use
// bounds that hold in every zone (UTC offsets lie within −12 h … +14 h). The clock is the wall clock of the
// machine (injectable for tests), not the business clock: it orders writes and builds between processes.
import { randomUUID } from 'node:crypto';
import { isDuplicateKeyError, type Store } from '../store/types.js';
import type { Pacer } from './pace.js';
import { addTally, emptyTally, type Tally } from './tally.js';

export interface MonthDoc {
  /** `${slot}|${parent}` — parent '*' when the sum is over the unit's buckets whatever their parent */
  _id: string;
  /** `${unit}|${month}`: what a changed day bucket of that unit and month removes */
  slot: string;
  unit: string;
  /** YYYY-MM, business month */
  month: string;
  parent?: string;
  /** set while a builder reads the day buckets (its token): not a sum yet */
  building?: string;
  tally?: Tally;
  /** escalations by business day and level (the daily series of a period) */
  escDays?: Array<[string, string, number]>;
}

/** A month's sum: its tally and escalations per day. */
export interface MonthSum {
  tally: Tally;
  escDays: Array<[string, string, number]>;
}

/** What a month is summed from: the day buckets of a unit (under `parent` when given) in [$gte, $lt). */
export type DayBucketReader = (
  unit: string,
  days: { $gte: string; $lt: string },
  parent?: string,
) => Promise<Array<{ day: string; tally: Tally }>>;

const H = 3_600_000;
/** How far apart the clocks of the processes sharing a store may be (see the header). */
export const CLOCK_MARGIN_MS = 10 * 60_000;

export const monthOfDay = (day: string) => day.slice(0, 7);

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The day keys of a month, [first day, first day of the next month). */
export const daysOfMonth = (month: string) => ({ $gte: `${month}-01`, $lt: `${nextMonth(month)}-01` });

const utcStart = (month: string) => Date.parse(`${month}-01T00:00:00Z`);

/** Whether the month may have ended in some time zone at `now` (the writer deletes its sums). */
export const mayHaveEnded = (month: string, now: number) => now >= utcStart(nextMonth(month)) - 14 * H;

/** Whether the month ended in every time zone at least CLOCK_MARGIN_MS before `now` (it may be cached). */
export const surelyEnded = (month: string, now: number) =>
  now - CLOCK_MARGIN_MS >= utcStart(nextMonth(month)) + 12 * H;

export const slotOf = (unit: string, month: string) => `${unit}|${month}`;
const monthId = (unit: string, month: string, parent?: string) => `${slotOf(unit, month)}|${parent ?? '*'}`;

/**
 * The writer's side: after day buckets were written, removes the month sums they were part of (of the
 * months that may have ended at `now`). Returns how many slots it cleared (0 without a statement: the
 * current month's buckets).
 */
export async function invalidateMonths(
  store: Store,
  buckets: Iterable<{ unit: string; day: string }>,
  now: number,
): Promise<number> {
  const slots = new Set<string>();
  for (const b of buckets) {
    const month = monthOfDay(b.day);
    if (mayHaveEnded(month, now)) slots.add(slotOf(b.unit, month));
  }
  if (!slots.size) return 0;
  const list = [...slots];
  const col = store.collection<MonthDoc>('statMonths');
  for (let i = 0; i < list.length; i += 500) await col.deleteMany({ slot: { $in: list.slice(i, i + 500) } });
  return list.length;
}

function sumOf(days: Array<{ day: string; tally: Tally }>): MonthSum {
  const tally = emptyTally();
  const escDays: Array<[string, string, number]> = [];
  for (const d of days) {
    addTally(tally, d.tally);
    for (const [level, n] of d.tally.esc) escDays.push([d.day, level, n]);
  }
  return { tally, escDays };
}

/** Builds one month's sum (see the header); returns it whether or not it could be kept. */
async function build(
  store: Store,
  readDays: DayBucketReader,
  unit: string,
  month: string,
  parent?: string,
): Promise<MonthSum> {
  const col = store.collection<MonthDoc>('statMonths');
  const _id = monthId(unit, month, parent);
  const base = { _id, slot: slotOf(unit, month), unit, month, ...(parent === undefined ? {} : { parent }) };
  const building = randomUUID();
  try {
    await col.replaceOne({ _id }, { ...base, building }, { upsert: true });
  } catch (err) {
    // another builder created it at the same moment (PostgreSQL upserts race): its sum will be kept, not ours
    if (!isDuplicateKeyError(err)) throw err;
    return sumOf(await readDays(unit, daysOfMonth(month), parent));
  }
  const sum = sumOf(await readDays(unit, daysOfMonth(month), parent));
  // kept only if no day bucket of the month was written (and its slot cleared) since the placeholder
  await col.replaceOne({ _id, building }, { ...base, ...sum });
  return sum;
}

/**
 * The sums of whole past months of several units (each as a child of `parent` when given), built where
 * missing; `months` must all be surelyEnded. One read for all the stored ones, a slice per built one.
 */
export async function monthSums(
  store: Store,
  units: Array<{ unit: string; parent?: string }>,
  months: string[],
  readDays: DayBucketReader,
  pace: Pacer,
): Promise<Map<string, MonthSum[]>> {
  const out = new Map<string, MonthSum[]>(units.map((u) => [u.unit, []]));
  if (!months.length || !units.length) return out;
  const ids = units.flatMap((u) => months.map((m) => monthId(u.unit, m, u.parent)));
  const stored = new Map<string, MonthDoc>();
  const col = store.collection<MonthDoc>('statMonths');
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const d of await pace.slice(() => col.find({ _id: { $in: chunk } }))) stored.set(d._id, d);
  }
  for (const u of units)
    for (const m of months) {
      const d = stored.get(monthId(u.unit, m, u.parent));
      const sum =
        d && d.building === undefined && d.tally
          ? { tally: d.tally, escDays: d.escDays ?? [] }
          : await pace.slice(() => build(store, readDays, u.unit, m, u.parent));
      out.get(u.unit)!.push(sum);
    }
  return out;
}

/**
 * The whole months inside the day keys [first, end) that may be read from sums at `now`, as the range of
 * day keys they cover (empty when none): a contiguous run, since months end in order.
 */
export function cachedMonths(
  first: string,
  end: string,
  now: number,
): { months: string[]; $gte: string; $lt: string } {
  const months: string[] = [];
  let m = monthOfDay(first);
  if (`${m}-01` < first) m = nextMonth(m);
  for (; `${nextMonth(m)}-01` <= end && surelyEnded(m, now); m = nextMonth(m)) months.push(m);
  if (!months.length) return { months, $gte: first, $lt: first };
  return { months, $gte: `${months[0]}-01`, $lt: `${nextMonth(months[months.length - 1])}-01` };
}
