// The escalations recorded when tasks breached their time limits (written by the outbox), read as the API
// shows them: those of one case, and those into a viewer's area, a page at a time.
import { allOf, periodCondition, type Period } from '../store-conditions.js';
import type { Doc, Query, Store } from '../store/types.js';

/**
 * Whose escalations: `supervisedUnits` — every unit in the viewer's supervised subtrees (expanded);
 * `handles` — unit → the viewer's other roles there. `null` stands for everything (admin).
 */
export interface EscalationScope {
  supervisedUnits: string[];
  handles: Record<string, string[]>;
}

/** What an escalation listing may be narrowed to: when it fired, and the level it went to. */
export interface EscalationFilter {
  firedAt?: Period;
  /** a grid level (escalations to it, not to supervision), or `supervised` (taken under supervision) */
  level?: string;
}

/**
 * Store condition for the escalations a scope sees (`null` = all): those into a supervised unit, and those
 * into a unit where the viewer holds one of the escalated task's candidate roles — the way task events are
 * filtered, so department staff at a street do not see the grid's escalations.
 */
export function escalationQuery(scope: EscalationScope | null): Query | null {
  if (!scope) return null;
  const or: Query[] = [];
  const supervised = new Set(scope.supervisedUnits);
  if (supervised.size) or.push({ toUnit: { $in: [...supervised] } });
  for (const [unit, roles] of Object.entries(scope.handles))
    if (!supervised.has(unit)) or.push({ toUnit: unit, candidateRoles: { $in: roles } });
  return or.length ? { $or: or } : { _id: { $in: [] } };
}

export class EscalationLog {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection('escalations');
  }

  /** Inserts the escalations whose ids are not stored yet (a replayed outbox adds nothing). */
  async append(escalations: Doc[]): Promise<void> {
    if (escalations.length) await this.col.insertManyIgnoreDuplicates(escalations);
  }

  /** Every escalation of these cases. */
  async ofCases(instanceIds: readonly string[]): Promise<Doc[]> {
    return instanceIds.length ? this.col.find({ instanceId: { $in: [...instanceIds] } }) : [];
  }

  /** The escalations of cases in `unit`'s subtree that fired in [from, to). */
  async inSubtreeBetween(unit: string, from: number, to: number): Promise<Doc[]> {
    return this.col.find({ unitPath: unit, firedAt: { $gte: from, $lt: to } });
  }

  /** The escalations of one case, oldest first. */
  async ofCase(instanceId: string): Promise<Doc[]> {
    return this.col.find({ instanceId }, { sort: { firedAt: 1 } });
  }

  /** A page of the escalations `scope` sees that match `filter`, newest first, with their total. */
  async page(
    scope: EscalationScope | null,
    filter: EscalationFilter,
    page: { skip: number; limit: number },
  ): Promise<{ items: Doc[]; total: number }> {
    const query = allOf(
      escalationQuery(scope),
      filter.firedAt ? { firedAt: periodCondition(filter.firedAt) } : null,
      filter.level === 'supervised'
        ? { supervised: true }
        : filter.level
          ? { toLevel: filter.level, supervised: { $ne: true } }
          : null,
    );
    const [items, total] = await Promise.all([
      this.col.find(query, { sort: { firedAt: -1 }, skip: page.skip, limit: page.limit }),
      this.col.count(query),
    ]);
    return { items, total };
  }
}
