// Reading cases and what hangs off them as the API shows them: a case by id, its task documents, whether
// it has a task within a caller's reach, the incidents list, and the open/overdue task counts of the
// metrics. Who may see what is decided by the caller (engine/api/access.ts); the scopes it derives from a
// user come in as opaque store conditions and are only combined here.
import type { TaskDoc } from '../queue/outbox.js';
import type { CalledCase, Incident, InstanceState } from '../runtime/types.js';
import { InstanceRepository } from './instance-repository.js';
import { MAX_CALL_DEPTH } from '../model/limits.js';
import type { Doc, Store } from '../store/types.js';
import { TaskRepository } from '../queue/task-repository.js';
import type { Viewer } from './viewer.js';

export class CaseRecords {
  constructor(private readonly store: Store) {}

  private get instances() {
    return new InstanceRepository(this.store);
  }

  private get tasks() {
    return new TaskRepository(this.store);
  }

  /** The case (its stored state, without history), or null. */
  async instance(id: string): Promise<InstanceState | null> {
    return this.instances.get(id);
  }

  /**
   * The cases this case's call activities called (engine/elements/call-activity.ts), newest last, each as
   * the parent listed it and as it stands now (a child not created yet has no `status`).
   */
  async calledCases(s: InstanceState): Promise<CalledCaseView[]> {
    const listed = s.children ?? [];
    if (!listed.length) return [];
    const found = await this.instances.getMany(listed.map((c) => c.id));
    const byId = new Map(found.map((c) => [c._id, c]));
    return listed.map((c) => {
      const child = byId.get(c.id);
      return {
        ...c,
        ...(child
          ? {
              caseNo: child.caseNo,
              title: child.title,
              definitionVersion: child.definitionVersion,
              status: child.status,
              openIncidents: Object.values(child.incidents).filter((i) => i.status === 'open').length,
            }
          : {}),
      };
    });
  }

  /**
   * The open incidents of the cases below this one (its called cases, theirs, … to the call depth budget),
   * so that a parent shows why the case it waits for is stuck. At most `limit` cases are read.
   */
  async calledIncidents(s: InstanceState, limit = 200): Promise<CalledIncident[]> {
    const out: CalledIncident[] = [];
    let frontier = (s.children ?? []).map((c) => c.id);
    let read = 0;
    for (let depth = 0; depth <= MAX_CALL_DEPTH && frontier.length && read < limit; depth++) {
      const batch = frontier.slice(0, limit - read);
      read += batch.length;
      const cases = await this.instances.getMany(batch);
      frontier = [];
      for (const c of cases) {
        for (const i of Object.values(c.incidents))
          if (i.status === 'open')
            out.push({ ...i, instanceId: c._id, caseNo: c.caseNo, definitionKey: c.definitionKey });
        frontier.push(...(c.children ?? []).map((x) => x.id));
      }
    }
    return out;
  }

  /** Whether the case has a task `viewer` may see (which admits them to the case). */
  async hasTaskVisibleTo(instanceId: string, viewer: Viewer): Promise<boolean> {
    return this.tasks.anyVisibleOfCase(instanceId, viewer);
  }

  /** Every task of the case, open and done, in the order they were created. */
  async tasksOf(instanceId: string): Promise<TaskDoc[]> {
    return this.tasks.ofCase(instanceId);
  }

  /** Records (or updates) incident `incident` of the case (a replayed outbox writes the same again). */
  async recordIncident(
    state: Pick<InstanceState, '_id' | 'definitionKey'>,
    incident: Incident,
  ): Promise<void> {
    const _id = incident.id + '@' + state._id;
    await this.store
      .collection('incidents')
      .replaceOne(
        { _id },
        { _id, instanceId: state._id, definitionKey: state.definitionKey, ...incident },
        { upsert: true },
      );
  }

  /** A page of the incidents (all, or those in `status`), newest first, with their total. */
  async incidents(
    filter: { status?: string },
    page: { skip: number; limit: number },
  ): Promise<{ items: Doc[]; total: number }> {
    const col = this.store.collection('incidents');
    const query = filter.status ? { status: filter.status } : {};
    const [items, total] = await Promise.all([
      col.find(query, { sort: { at: -1 }, skip: page.skip, limit: page.limit }),
      col.count(query),
    ]);
    return { items, total };
  }

  /** Open user tasks in all; with `dueBefore`, those of them due before that instant (overdue). */
  async openTaskCount(dueBefore?: number): Promise<number> {
    return this.tasks.countOpen(dueBefore);
  }
}

/** A called case as its parent's page shows it (CaseRecords.calledCases). */
export interface CalledCaseView extends CalledCase {
  caseNo?: string;
  title?: string;
  definitionVersion?: number;
  status?: InstanceState['status'];
  openIncidents?: number;
}

/** An open incident of a case below this one, with the case it belongs to. */
export interface CalledIncident extends Incident {
  instanceId: string;
  caseNo?: string;
  definitionKey: string;
}
