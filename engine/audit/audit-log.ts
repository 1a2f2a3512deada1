// The audit trail of administrative and supervisory acts that are not steps of a case: who created, edited
// or disabled users and units, reset passwords, issued or answered supervision orders. One durable record
// per act (case steps have their own history); admins read it at GET /api/audit.
import { randomUUID } from 'node:crypto';
import { allOf, periodCondition, type Period } from '../store-conditions.js';
import type { Store } from '../store/types.js';

export type AuditTargetType = 'user' | 'unit' | 'supervision-order' | 'history' | 'definition' | 'decision';

export interface AuditRecord {
  _id: string;
  /** engine clock, epoch ms */
  at: number;
  /** username of whoever did it */
  actor: string;
  /** e.g. user-created, user-updated, user-disabled, user-password-reset, unit-created, order-replied */
  action: string;
  target: { type: AuditTargetType; id: string };
  /** what changed (never secrets: a password reset records that it happened, not the password) */
  details?: Record<string, unknown>;
}

/** What the trail may be narrowed to (every given criterion must hold). */
export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: AuditTargetType;
  target?: string;
  at?: Period;
}

let seq = 0;

export class AuditLog {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<AuditRecord>('audit');
  }

  /** Appends one record of an act done at `at` (the engine clock). */
  async record(
    at: number,
    actor: string,
    action: string,
    target: AuditRecord['target'],
    details?: Record<string, unknown>,
  ): Promise<void> {
    seq = (seq + 1) % 1e6;
    const rec: AuditRecord = {
      // sortable: time, then the order of writes within this process, then a random tail
      _id: `a${String(at).padStart(15, '0')}${String(seq).padStart(6, '0')}${randomUUID().slice(0, 8)}`,
      at,
      actor,
      action,
      target,
      ...(details && Object.keys(details).length ? { details } : {}),
    };
    await this.col.insert(rec);
  }

  /** A page of the records matching `filter`, newest first, with their total. */
  async page(
    filter: AuditFilter,
    page: { skip: number; limit: number },
  ): Promise<{ items: AuditRecord[]; total: number }> {
    const query = allOf(
      filter.actor ? { actor: filter.actor } : null,
      filter.action ? { action: filter.action } : null,
      filter.targetType ? { 'target.type': filter.targetType } : null,
      filter.target ? { 'target.id': filter.target } : null,
      filter.at ? { at: periodCondition(filter.at) } : null,
    );
    const [items, total] = await Promise.all([
      this.col.find(query, { sort: { at: -1, _id: -1 }, skip: page.skip, limit: page.limit }),
      this.col.count(query),
    ]);
    return { items, total };
  }
}
