// The outbox hook: turns the effects of executed outboxes into assessment facts and updates the rollups.
// It runs before the outbox is cleared (engine/queue/outbox.ts), so a crash anywhere in here replays the
// same outbox, which records the same facts (deterministic ids) and recomputes the same buckets.
import type { InstanceState } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import {
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
import { getFact, insertFacts, latestFactOfCase, recordFacts } from './rollup.js';
import type { FactDoc } from './tally.js';

export interface StatsRecorderDeps {
  store: Store;
  timezone: string;
  workingMs: WorkingMs;
  /** ids of the flows marked grid:rework="true" in a definition version */
  reworkFlows: (key: string, version: number) => Promise<Set<string>>;
}

/** The latest rework of a case recorded so far (facts of earlier outboxes), or undefined. */
export async function lastReworkAt(store: Store, instanceId: string): Promise<number | undefined> {
  return (await latestFactOfCase(store, instanceId, 'rework'))?.at;
}

export class StatsRecorder {
  constructor(private readonly d: StatsRecorderDeps) {}

  /** Records the facts of the outboxes of `states` (each the version just written). */
  async record(states: InstanceState[]): Promise<void> {
    const tz = this.d.timezone;
    const facts: FactDoc[] = [];
    const closing: InstanceState[] = [];
    const reworked = new Set<string>();
    for (const s of states) {
      const history = s.outbox.flatMap((e) => (e.type === 'history' ? [e] : []));
      if (history.some((h) => h.record.action === 'instance-started')) facts.push(receivedFact(s, tz));
      const taskIds = new Set(s.outbox.flatMap((e) => (e.type === 'task' ? [e.taskId] : [])));
      for (const id of taskIds) {
        const t = s.tasks[id];
        if (t?.status === 'completed' && t.completedAt !== undefined)
          facts.push(taskFact(s, taskFactOf(t, s._id, s.gridUnit), tz, this.d.workingMs));
      }
      for (const h of history) {
        const kind = DISCIPLINE_ACTIONS[h.record.action];
        const unit = h.record.details?.unit;
        if (kind && typeof unit === 'string')
          facts.push(
            disciplineFact(
              s,
              `${s._id}.${h.id}`,
              kind,
              h.record.at,
              unit,
              tz,
              roleOfDetails(h.record.details),
            ),
          );
      }
      for (const e of s.outbox)
        if (e.type === 'escalation') facts.push(escalationFact(s, `${s._id}.${e.id}`, e.escalation, tz));
      const leaves = history.filter((h) => h.record.action === 'leave');
      if (leaves.length) {
        const flows = await this.d.reworkFlows(s.definitionKey, s.definitionVersion);
        let prevAt: number | undefined;
        let looked = false;
        for (const h of leaves) {
          if (!flows.size || !tookRework(h.record.to, flows)) continue;
          const id = `${s._id}.${h.id}`;
          // a replayed outbox finds its fact recorded: keep it as it is (its prevAt was read back then)
          const recorded = await getFact(this.d.store, `w.${id}`);
          if (recorded) {
            facts.push(recorded);
            prevAt = recorded.at;
          } else {
            if (!looked && prevAt === undefined) prevAt = await lastReworkAt(this.d.store, s._id);
            facts.push(reworkFact(s, id, h.record.at, prevAt, tz));
            prevAt = h.record.at;
          }
          looked = true;
          reworked.add(s._id);
        }
      }
      if (s.status !== 'active' && s.endedAt !== undefined && history.length) closing.push(s);
    }
    if (closing.length) {
      // rework facts first: a closed case's "ever sent back" reads them
      await insertFacts(
        this.d.store,
        facts.filter((f) => f.kind === 'rework'),
      );
      for (const s of closing) {
        const tasks = Object.values(s.tasks).map((t) => taskFactOf(t, s._id, s.gridUnit));
        const ever = reworked.has(s._id) || (await lastReworkAt(this.d.store, s._id)) !== undefined;
        facts.push(closedFact(s, tasks, ever, tz, this.d.workingMs));
      }
    }
    // several outboxes at once are a timer batch's (OutboxExecutor.executeMany); one is a step's
    await recordFacts(this.d.store, facts, undefined, states.length > 1 ? 'batch' : 'step');
  }
}
