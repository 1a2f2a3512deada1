// Appending history records written outside a step (supervision orders issued, replied, overdue): the same
// write-time filter by the definition's history level as the records of steps (engine/queue/outbox.ts).
import type { HistoryRecord } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import { filterHistory, type HistoryLevel } from './history-level.js';
import { HistoryLog } from '../queue/history.js';

/** Inserts the records `level` keeps (idempotent: their ids are the caller's). */
export async function appendCaseHistory(
  store: Store,
  level: HistoryLevel | undefined,
  records: HistoryRecord[],
): Promise<void> {
  const kept = filterHistory(level, records);
  await new HistoryLog(store).append(kept);
}
