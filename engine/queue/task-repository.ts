// The task read model (one document per user task, projected from its case by the outbox): the one module
// that opens the `tasks` collection (engine/store/collection-owners.json). Inboxes are asked for by a
// viewer and domain criteria (inbox, anyVisibleOfCase); their store conditions are built in
// ./inbox-conditions.ts, never by the API.
import type { Viewer } from '../cases/viewer.js';
import { allOf } from '../store-conditions.js';
import { isDuplicateKeyError, type FindOptions, type Query, type Store } from '../store/types.js';
import {
  inboxCondition,
  inboxOrder,
  taskScopeCondition,
  type InboxCriteria,
  type InboxSort,
} from './inbox-conditions.js';
import type { TaskDoc } from './outbox.js';
import { countsFromOf } from '../stats/facts.js';

/** Which open tasks engine.openTasks asks for: of one case, at one node (BPMN element), at one unit. */
export interface OpenTaskCriteria {
  instanceId?: string;
  nodeId?: string;
  unit?: string;
}

function openTaskCondition(at: OpenTaskCriteria): Query {
  return {
    status: 'open',
    ...(at.instanceId !== undefined ? { instanceId: at.instanceId } : {}),
    ...(at.nodeId !== undefined ? { nodeId: at.nodeId } : {}),
    ...(at.unit !== undefined ? { unit: at.unit } : {}),
  };
}

/** The default order of task listings: due first, then oldest. */
const LISTING_ORDER = { dueAt: 1, createdAt: 1 } as const;

export class TaskRepository {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<TaskDoc>('tasks');
  }

  async get(id: string): Promise<TaskDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /**
   * Writes the projection `doc` of its case at `doc.instanceVersion`, unless a newer version of the case
   * projected the task already (projections of one task may run out of order).
   */
  async project(projection: TaskDoc): Promise<void> {
    const doc = withCountsFrom(projection);
    // one write (on the SQL stores one transaction, not a replace that misses and then an insert): it
    // replaces an older projection or inserts the first one; with this or a newer version stored, nothing
    // matches and the insert clashes on the _id
    try {
      await this.col.replaceOne({ _id: doc._id, instanceVersion: { $lt: doc.instanceVersion } }, doc, {
        upsert: true,
      });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // a newer (or this) version is already there
    }
  }

  /**
   * `project` of many tasks at once (the task projections of a batch of outboxes): a few statements for the
   * lot (DocCollection.replaceManyIf). Of two projections of one task, the newer one is written.
   */
  async projectMany(docs: readonly TaskDoc[]): Promise<void> {
    if (docs.length === 1) return this.project(docs[0]);
    const newest = new Map<string, TaskDoc>();
    for (const d of docs) {
      const had = newest.get(d._id);
      if (!had || had.instanceVersion < d.instanceVersion) newest.set(d._id, d);
    }
    if (!newest.size) return;
    await this.col.replaceManyIf(
      [...newest.values()].map((doc) => ({ doc: withCountsFrom(doc), expected: doc.instanceVersion })),
      { field: 'instanceVersion', op: '$lt', upsert: true },
    );
  }

  /**
   * A page of the tasks `viewer` may see that meet `criteria` (open ones unless it says otherwise), in
   * `sort` order (due date first by default), with the total.
   */
  async inbox(
    viewer: Viewer,
    criteria: InboxCriteria,
    opts: { sort?: InboxSort; skip: number; limit: number },
  ): Promise<{ items: TaskDoc[]; total: number }> {
    const condition = inboxCondition(viewer, criteria);
    if (!condition) return { items: [], total: 0 };
    return this.page(condition, { sort: inboxOrder(opts.sort), skip: opts.skip, limit: opts.limit });
  }

  /** Whether the case has a task (open or done) that `viewer` may see: one admits them to the case. */
  async anyVisibleOfCase(instanceId: string, viewer: Viewer): Promise<boolean> {
    return (await this.col.count(allOf({ instanceId }, taskScopeCondition(viewer)), { limit: 1 })) > 0;
  }

  /**
   * A page of the open tasks — of one case, at one node or unit when `at` says — due first then oldest, with
   * the total: the engine's own walks, samples and tests (engine.openTasks); the API asks through `inbox`.
   */
  async openPage(
    at: OpenTaskCriteria,
    opts: { skip: number; limit: number },
  ): Promise<{ items: TaskDoc[]; total: number }> {
    return this.page(openTaskCondition(at), { skip: opts.skip, limit: opts.limit });
  }

  /** The open tasks of a case (at one node or unit when `at` says), due first then oldest. */
  async openOfCase(instanceId: string, at: Omit<OpenTaskCriteria, 'instanceId'> = {}): Promise<TaskDoc[]> {
    return this.col.find(openTaskCondition({ ...at, instanceId }), { sort: LISTING_ORDER });
  }

  /**
   * The tasks of the grids `gridUnits` that are open, were completed since `since`, or belong to the cases
   * `caseIds` (statistics recomputed from history, engine/stats/from-history.ts).
   */
  async ofGridsOpenOrSince(
    gridUnits: readonly string[],
    since: number,
    caseIds: readonly string[],
  ): Promise<TaskDoc[]> {
    return this.col.find({
      gridUnit: { $in: [...gridUnits] },
      $or: [{ status: 'open' }, { completedAt: { $gte: since } }, { instanceId: { $in: [...caseIds] } }],
    });
  }

  /** A page of the tasks matching `condition` (built here), by `sort` or due date, with the total. */
  private async page(
    condition: Query,
    opts: { sort?: FindOptions['sort']; skip: number; limit: number },
  ): Promise<{ items: TaskDoc[]; total: number }> {
    const [items, total] = await Promise.all([
      this.col.find(condition, { sort: opts.sort ?? LISTING_ORDER, skip: opts.skip, limit: opts.limit }),
      this.col.count(condition),
    ]);
    return { items, total };
  }

  /**
   * The open tasks of the grid unit's active cases that count in the statistics' figures at `now` (breached
   * their SLA by then, or parked), only `fields` when given: one range of the (gridUnit, countsFrom) index.
   * Complete only for tasks projected (or backfilled, engine/stats/counts-from-backfill.ts) with countsFrom.
   */
  async countingAt(gridUnit: string, now: number, fields?: readonly string[]): Promise<TaskDoc[]> {
    // only open tasks carry countsFrom (derived on every projection, absent once closed): the status is not
    // asked of the store, where an equality on it made SQLite's planner prefer the (gridUnit, status) index
    // and read every open task of the grid; it is checked on the few rows read
    const found = await this.col.find(
      { gridUnit, countsFrom: { $lt: now }, instanceStatus: 'active' },
      fields ? { fields: [...new Set([...fields, 'status'])] } : {},
    );
    return found.filter((t) => t.status === 'open');
  }

  /** The tasks matching `condition` (statistics of a subtree and period), only `fields` when given. */
  async matching(condition: Query, options: FindOptions = {}): Promise<TaskDoc[]> {
    return this.col.find(condition, options);
  }

  /** How many tasks are open; with `dueBefore`, how many of them are due before that instant (overdue). */
  async countOpen(dueBefore?: number): Promise<number> {
    return this.col.count(
      dueBefore === undefined ? { status: 'open' } : { status: 'open', dueAt: { $lt: dueBefore } },
    );
  }

  /** Every task of the case, open and done, in the order they were created. */
  async ofCase(instanceId: string): Promise<TaskDoc[]> {
    return this.col.find({ instanceId }, { sort: { createdAt: 1 } });
  }

  /** Every task of these cases. */
  async ofCases(instanceIds: readonly string[]): Promise<TaskDoc[]> {
    return instanceIds.length ? this.col.find({ instanceId: { $in: [...instanceIds] } }) : [];
  }

  /**
   * The completed tasks of the case (those on form `formKey` when given) in the order they were completed,
   * or newest first; at most `limit`.
   */
  async completedOfCase(
    instanceId: string,
    opts: { newestFirst?: boolean; limit: number; formKey?: string },
  ): Promise<TaskDoc[]> {
    const dir = opts.newestFirst ? -1 : 1;
    return this.col.find(
      { instanceId, status: 'completed', ...(opts.formKey !== undefined ? { formKey: opts.formKey } : {}) },
      { sort: { completedAt: dir, instanceVersion: dir }, limit: opts.limit },
    );
  }

  async countCompletedOfCase(instanceId: string): Promise<number> {
    return this.col.count({ instanceId, status: 'completed' });
  }

  /** The next `limit` open tasks after `after` in _id order (a walk over every open task, one index range a page). */
  async openAfter(after: string, limit: number, fields?: readonly string[]): Promise<TaskDoc[]> {
    return this.col.find(after ? { status: 'open', _id: { $gt: after } } : { status: 'open' }, {
      sort: { _id: 1 },
      limit,
      ...(fields ? { fields: [...fields] } : {}),
    });
  }

  /** Sets countsFrom of the task unless a newer projection (of a later case version) replaced it. */
  async setCountsFrom(id: string, instanceVersion: number, countsFrom: number): Promise<boolean> {
    return (await this.col.updateOne({ _id: id, instanceVersion }, { $set: { countsFrom } })).matched > 0;
  }

  /** Sets the open keys of the task unless a newer projection (of a later case version) replaced it. */
  async setOpenKeys(id: string, instanceVersion: number, openKeys: string[]): Promise<boolean> {
    return (await this.col.updateOne({ _id: id, instanceVersion }, { $set: { openKeys } })).matched > 0;
  }
}

/** The projection with its countsFrom derived from the task (absent when it never counts). */
function withCountsFrom(doc: TaskDoc): TaskDoc {
  const { countsFrom: _stale, ...rest } = doc;
  const at = countsFromOf(doc);
  return at === undefined ? rest : { ...rest, countsFrom: at };
}
