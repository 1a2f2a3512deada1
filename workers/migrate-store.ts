// npm run migrate-store -- --from <old DATA_DIR> [--batch N] [--dry-run]
//
// Copies the old embedded store (NeDB files) into the store this version uses, chosen from the environment
// as the engine chooses it (DATA_DIR, DATABASE_URL, MONGO_URL), then verifies it (engine/store/migrate.ts).
// Exit codes: 0 copied and verified; 1 the verification found a difference; 2 the migration could not run
// (the line printed starts with a stable code: SOURCE_MISSING, SOURCE_LOCKED, SOURCE_CORRUPT, ...).
import { parseArgs } from 'node:util';
import { loadConfig } from '../engine/config.js';
import { openStore } from '../engine/store/index.js';
import { checkSource, MigrationError, migrateStore, type MigrationReport } from '../engine/store/migrate.js';
import type { Store } from '../engine/store/types.js';

const USAGE = 'usage: npm run migrate-store -- --from <old DATA_DIR> [--batch <docs per insert>] [--dry-run]';

function fail(code: string, message: string): never {
  process.stderr.write(`${code}: ${message}\n`);
  process.exit(2);
}

function parse(): { from: string; batch?: number; dryRun: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        from: { type: 'string' },
        batch: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail('BAD_ARGUMENT', `${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!values.from) fail('BAD_ARGUMENT', `--from is required\n${USAGE}`);
  let batch: number | undefined;
  if (values.batch !== undefined) {
    batch = Number(values.batch);
    if (!/^\d+$/.test(values.batch) || batch < 1)
      fail('BAD_ARGUMENT', `--batch must be a positive whole number, not ${values.batch}`);
  }
  return { from: values.from, batch, dryRun: !!values['dry-run'] };
}

function print(report: MigrationReport): void {
  const rows = report.collections.map((c) => [
    c.collection,
    String(c.source),
    c.target === undefined ? '-' : String(c.target),
    report.dryRun ? '-' : `${c.sampled - c.mismatches.length}/${c.sampled}`,
    `${c.ms} ms`,
    [
      c.target !== undefined && c.target !== c.source ? 'COUNT MISMATCH' : '',
      c.mismatches.length
        ? `DIFFERENT: ${c.mismatches
            .slice(0, 3)
            .map((m) => `${m.id} at ${m.path}`)
            .join(', ')}${c.mismatches.length > 3 ? ', ...' : ''}`
        : '',
      c.tornTail ? 'torn last line ignored (a crash mid-append)' : '',
    ]
      .filter(Boolean)
      .join('; '),
  ]);
  const head = ['collection', 'source', 'target', 'sample equal', 'time', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [head, ...rows])
    process.stdout.write(
      `${r
        .map((x, i) => x.padEnd(widths[i]))
        .join('  ')
        .trimEnd()}\n`,
    );
  if (report.ignoredFiles.length)
    process.stdout.write(`not copied (no collection of this version): ${report.ignoredFiles.join(', ')}\n`);
  process.stdout.write(
    report.dryRun
      ? 'dry run: the source reads cleanly; nothing was written\n'
      : report.ok
        ? 'verified: counts equal and every sampled document equal\n'
        : 'VERIFICATION FAILED: see the rows above (rerunning continues a partial copy)\n',
  );
}

const args = parse();
const config = loadConfig();
// DATABASE_URL is read by openStore's SQL adapter when present (passed through untyped until then)
const targetOptions = {
  dataDir: config.dataDir,
  mongoUrl: config.mongoUrl,
  databaseUrl: process.env.DATABASE_URL,
};
let target: Store | undefined;
let report: MigrationReport;
try {
  await checkSource(args.from); // before the target is opened (and maybe created)
  if (!args.dryRun) {
    try {
      target = await openStore(targetOptions);
    } catch (err) {
      fail('TARGET_UNAVAILABLE', `the new store cannot be opened: ${(err as Error).message}`);
    }
  }
  const started = Date.now();
  let lastLine = 0;
  report = await migrateStore({
    from: args.from,
    target,
    targetDataDir: config.dataDir,
    batchSize: args.batch,
    dryRun: args.dryRun,
    onProgress: (p) => {
      // a line per collection, and one every 10 s on a long one
      if (!p.done && Date.now() - lastLine < 10_000) return;
      lastLine = Date.now();
      process.stderr.write(
        `${p.collection}: ${p.copied}/${p.total}${p.done ? ' done' : ''} (${Math.round((Date.now() - started) / 1000)} s)\n`,
      );
    },
  });
} catch (err) {
  await target?.close().catch(() => {});
  if (err instanceof MigrationError) fail(err.code, err.message);
  throw err;
}
await target?.close();
print(report);
process.exit(report.ok ? 0 : 1);
