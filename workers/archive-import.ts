// npm run archive-import -- <file.jsonl.gz> [more files...]
// Re-imports history archives (written by the history cleanup into DATA_DIR/archive) into the store, for an
// audit: every document whose _id is not in the store is inserted as it was; present ones are left alone,
// so importing a file twice, or overlapping files, adds each document once. Uses the same store as the
// engine (DATABASE_URL, MONGO_URL, else the SQLite file in DATA_DIR, which may be open in a running engine too; or import
// into another DATA_DIR). The restored cases are past their time to live: the next cleanup archives and
// removes them again, so import into a separate store or set HISTORY_CLEANUP_CRON=off while auditing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../engine/config.js';
import { createLogger } from '../engine/logger.js';
import { importArchive } from '../engine/retention/archive.js';
import { failStartup } from '../engine/startup/errors.js';
import { openStore } from '../engine/store/index.js';
import type { Store } from '../engine/store/types.js';

const log = createLogger();
const files = process.argv.slice(2).filter((a) => a !== '--');
if (!files.length) {
  log.fatal('usage: npm run archive-import -- <history-YYYY-MM-DD-….jsonl.gz> [more files]');
  process.exit(2);
}
const missing = files.filter((f) => !existsSync(f));
if (missing.length) {
  log.fatal({ missing }, 'archive file not found');
  process.exit(2);
}
const config = loadConfig();
let store: Store;
try {
  store = await openStore({ mongoUrl: config.mongoUrl, dataDir: config.dataDir });
} catch (err) {
  failStartup(log, err, config.dataDir);
}
let failed = false;
try {
  for (const f of files) {
    const r = await importArchive(store, path.resolve(f));
    log.info({ file: r.file, lines: r.lines, inserted: r.inserted }, 'archive imported');
  }
} catch (err) {
  failed = true;
  log.error({ err }, 'archive import failed (what was imported stays; running it again adds the rest)');
} finally {
  await store.close();
}
process.exit(failed ? 1 : 0);
