// npm run rebuild-stats: rebuilds the assessment facts and rollups (engine/stats) from the cases, tasks,
// escalations and history in the store, a page at a time (idempotent: run it again after an interruption).
// The embedded store is locked by a running engine: stop it first; with MongoDB it may run alongside.
import { openEngineForEntryPoint } from '../engine/bootstrap.js';
import { loadConfig } from '../engine/config.js';
import { createLogger } from '../engine/logger.js';

const log = createLogger();
const engine = await openEngineForEntryPoint(loadConfig(), log, false);
try {
  const r = await engine.rebuildStats();
  log.info(r, 'stats rebuilt');
} finally {
  await engine.close();
}
