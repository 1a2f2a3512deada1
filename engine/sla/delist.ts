// 销号: a case that closes (ends or is cancelled) while listed for formal supervision (挂牌督办) is
// de-listed with a history record, so that it no longer counts or shows as supervised. Its listing
// reminder cycle stops with it: closing a case cancels every timer of the case (flow.ts finishInstance),
// the supervision-cycle timers included. Called from finishInstance, so every way a case closes passes here.
import type { Tx } from '../runtime/transition.js';

export function delistClosedCase(tx: Tx, status: 'completed' | 'cancelled'): void {
  if (!tx.s.supervised) return;
  const listing = tx.s.listing;
  tx.s.supervised = false;
  tx.s.listing = undefined;
  tx.record('case-delisted', {
    from: '挂牌督办',
    to: '销号',
    details: {
      status,
      // who listed it and when (absent when the ladder listed it: see plan.ts)
      ...(listing ? { listedBy: listing.by, listedAt: listing.at, reason: listing.reason } : {}),
    },
  });
}
