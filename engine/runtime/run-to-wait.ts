// Run to wait: after a command, the transition keeps executing the ready tokens it created (events,
// gateways, joins, sub-process entry, boundary continuations) until each rests at a wait state, ends, or
// waits at a join — all in the same transition, so one job, one versioned write and one outbox.
// A failure on one node parks only that token, at that node, and keeps everything before it.

import { DEFAULT_LOOP_BUDGET } from '../model/limits.js';
import { CommandError, type Tx } from './transition.js';
import type { Token } from './types.js';

/**
 * Node executions one transition does at most before handing the remaining ready tokens to advance jobs:
 * a lineage cycling without a wait state is parked by the loop budget well before this (one lineage takes
 * one step per hop); the cap bounds a transition that many lineages at once keep busy.
 */
export function stepCap(tx: Tx): number {
  return Math.max(4 * (tx.ctx.loopBudget ?? DEFAULT_LOOP_BUDGET), 100);
}

/** A failure the whole job must retry rather than an incident: a refusal or a transient outage. */
export function mustPropagate(err: unknown): boolean {
  return err instanceof CommandError || (err as { transient?: boolean } | null)?.transient === true;
}

/**
 * Nodes executed against the first restore point. A restore point is a copy of the whole case, so one per
 * node costs O(nodes × case size): a fan-out of a thousand branches or multi-instance sub-processes would
 * copy the case a thousand times. Nodes run in batches against one mark instead (64, then as many as ran
 * before, so the batches double); a failure inside a batch
 * returns to the batch's mark and runs that batch again one node at a time, each against its own mark —
 * the one-mark-per-node run, done only when something failed — and parks the node that failed.
 */
export const BATCH = 64;

/**
 * Drains the transition's run queue. `execute` runs one node for a ready token; `park` turns a failure
 * into an incident on the token. Each node runs against a mark (see BATCH): on failure the transition
 * returns to just before that node (its half-done work is dropped, the earlier nodes stand) and the token
 * is parked there.
 */
export function runToWait(
  tx: Tx,
  execute: (tx: Tx, token: Token) => void,
  park: (tx: Tx, token: Token, err: Error) => void,
): void {
  const cap = stepCap(tx);
  let steps = 0;
  /** the next ready token of the queue, or undefined when it is drained or the step cap is reached */
  const next = (): Token | undefined => {
    for (let id = tx.nextRunnable(); id !== undefined; id = tx.nextRunnable()) {
      const token = tx.s.tokens[id];
      // gone (an interrupting boundary or a terminate end event removed it) or already moved on
      if (!token || token.status !== 'ready') continue;
      if (steps + 1 > cap) {
        tx.putBack(id); // Tx.done gives it and the rest of the queue advance jobs
        return undefined;
      }
      steps += 1;
      return token;
    }
    return undefined;
  };
  for (;;) {
    const before = steps;
    const mark = tx.mark();
    let failed: { id: string; err: Error };
    let current: Token | undefined;
    try {
      // batches double with the nodes already run: a few copies of the case for a large fan-out
      for (let n = 0, size = Math.max(BATCH, before); n < size; n += 1) {
        current = next();
        if (!current) return;
        execute(tx, current);
      }
      continue;
    } catch (err) {
      if (mustPropagate(err)) throw err;
      tx.restore(mark);
      failed = { id: current!.id, err: err as Error };
    }
    // the batch again, one node at a time against its own mark; the node that failed is parked with its
    // failure rather than run again (a breached FEEL budget restarts the sandbox: not a second time)
    const count = steps - before;
    steps = before;
    for (let n = 0; n < count; n += 1) {
      const token = next();
      if (!token) return;
      const id = token.id;
      if (n === count - 1 && id === failed.id) {
        park(tx, token, failed.err);
        break;
      }
      const own = tx.mark();
      try {
        execute(tx, token);
      } catch (err) {
        if (mustPropagate(err)) throw err;
        tx.restore(own);
        park(tx, tx.s.tokens[id], err as Error);
      }
    }
  }
}
