// Builds the assessment facts and rollups from existing records (cases closed or started before the rollups
// existed), a page of cases at a time — never a whole collection in memory (only the ids of the leaf
// buckets touched, so that each bucket is recomputed once at the end rather than once per page). Idempotent: facts have
// deterministic ids and buckets are recomputed, so a rebuild interrupted at any point is simply run again;
// the marker in `meta` is written only when it finished. Live recording may run alongside (same facts).
import type { TaskDoc } from '../queue/outbox.js';
import type { InstanceState } from '../runtime/types.js';
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';
import {
  CITIZEN_ACTIONS,
  citizenFact,
  citizenOutcomeOf,
  closedFact,
  DISCIPLINE_ACTIONS,
  disciplineFact,
  escalationFact,
  receivedFact,
  reworkFact,
  roleOfDetails,
  taskFact,
  taskFactOf,
  tookRework,
  type WorkingMs,
} from './facts.js';
import { bucketRefs, insertFacts, recomputeBuckets, rollupId, type BucketRef } from './rollup.js';
import type { FactDoc } from './tally.js';
import { InstanceRepository } from '../cases/instance-repository.js';
import { TaskRepository } from '../queue/task-repository.js';
import { HistoryLog } from '../queue/history.js';
import { EscalationLog } from '../sla/escalation-log.js';

export const STATS_MARKER = 'stats.rollups';
const PAGE = 200;

export interface BackfillDeps {
  store: Store;
  timezone: string;
  workingMs: WorkingMs;
  reworkFlows: (key: string, version: number) => Promise<Set<string>>;
  now: () => number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/** Facts of one page of cases, from their tasks, escalations and history. */
async function pageFacts(d: BackfillDeps, cases: InstanceState[]): Promise<FactDoc[]> {
  const tz = d.timezone;
  const ids = cases.map((c) => c._id);
  const facts: FactDoc[] = [];
  const tasks = await new TaskRepository(d.store).ofCases(ids);
  const escalations = await new EscalationLog(d.store).ofCases(ids);
  const history = new HistoryLog(d.store);
  const leaves = await history.ofCasesWithActions(ids, ['leave']);
  const byId = new Map(cases.map((c) => [c._id, c]));
  const tasksOf = new Map<string, TaskDoc[]>();
  for (const t of tasks) tasksOf.set(t.instanceId, [...(tasksOf.get(t.instanceId) ?? []), t]);
  const reworked = new Set<string>();
  const lastRework = new Map<string, number>();
  for (const h of leaves) {
    const c = byId.get(h.instanceId)!;
    const flows = await d.reworkFlows(c.definitionKey, c.definitionVersion);
    if (!flows.size || !tookRework(h.to, flows)) continue;
    // the history _id is `${instanceId}.${effect id}`: the same id the live hook gives this rework
    facts.push(reworkFact(c, h._id, h.at, lastRework.get(c._id), tz));
    lastRework.set(c._id, h.at);
    reworked.add(c._id);
  }
  const disciplined = await history.ofCasesWithActions(ids, Object.keys(DISCIPLINE_ACTIONS));
  for (const h of disciplined) {
    const unit = h.details?.unit;
    if (typeof unit === 'string')
      facts.push(
        disciplineFact(
          byId.get(h.instanceId)!,
          h._id,
          DISCIPLINE_ACTIONS[h.action],
          h.at,
          unit,
          tz,
          roleOfDetails(h.details),
        ),
      );
  }
  // the citizen loop (反馈, 回访, reopen): the same ids the citizen services give their facts
  const loop = await history.ofCasesWithActions(ids, CITIZEN_ACTIONS);
  for (const h of loop) {
    const c = byId.get(h.instanceId)!;
    const outcome = citizenOutcomeOf(h);
    if (!outcome) continue;
    facts.push(citizenFact(c, h._id, outcome, h.at, tz));
    if (outcome === 'reopened') facts.push(reworkFact(c, h._id, h.at, lastRework.get(c._id), tz));
  }
  for (const e of escalations) {
    const c = byId.get(e.instanceId)!;
    facts.push(escalationFact(c, e._id, e as never, tz));
  }
  for (const c of cases) {
    facts.push(receivedFact(c, tz));
    // the projections as the stats route read them: open ones of a closed case are stale, left out
    const own = (tasksOf.get(c._id) ?? []).map((t) => taskFactOf(t, c._id, c.gridUnit));
    for (const t of own)
      if (t.status === 'completed' && t.completedAt !== undefined)
        facts.push(taskFact(c, t, tz, d.workingMs));
    if (c.status !== 'active' && c.endedAt !== undefined)
      facts.push(closedFact(c, own, reworked.has(c._id), tz, d.workingMs));
  }
  return facts;
}

/** Rebuilds every fact and bucket from the cases, tasks, escalations and history in the store. */
export async function rebuildStats(d: BackfillDeps): Promise<{ cases: number; facts: number }> {
  const instances = new InstanceRepository(d.store);
  let after = '';
  let cases = 0;
  let facts = 0;
  const touched = new Map<string, BucketRef>();
  for (;;) {
    const page = await instances.pageAfter(after, PAGE);
    if (!page.length) break;
    const f = await pageFacts(d, page);
    await insertFacts(d.store, f);
    for (const r of bucketRefs(f))
      if (!touched.has(rollupId(r.unit, r.day, r.key))) touched.set(rollupId(r.unit, r.day, r.key), r);
    cases += page.length;
    facts += f.length;
    after = page[page.length - 1]._id;
    d.log?.('stats backfill: facts', { cases, facts });
  }
  // then every touched bucket once, innermost first (a bucket per unit × day × process: far fewer than facts)
  await recomputeBuckets(d.store, [...touched.values()]);
  d.log?.('stats backfill: rollups', { buckets: touched.size });
  await new MetaRecords(d.store).put({ _id: STATS_MARKER, builtAt: d.now(), cases });
  return { cases, facts };
}

/** Rebuilds when the rollups were never built for this store (first open after the upgrade). */
export async function ensureStats(d: BackfillDeps): Promise<void> {
  if (await new MetaRecords(d.store).get(STATS_MARKER)) return;
  await rebuildStats(d);
}
