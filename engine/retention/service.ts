// The retention application service: what the HTTP route and the scheduled job call to run the history
// cleanup, and what the archive import CLI calls. One run at a time per process: a second request while a
// run is going gets that run's report instead of racing it (runs in two processes only archive some cases
// twice, which importing tolerates).
import path from 'node:path';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import { importArchive, type ImportReport } from './archive.js';
import { HistoryCleanup, type CleanupOptions, type CleanupReport } from './cleanup.js';
import { anonymiseIntake } from '../intake/retention.js';

export interface RetentionDeps {
  store: Store;
  clock: Clock;
  dataDir: string;
  timezone: string;
  log: Logger;
  /** reporters' personal data kept this many days (INTAKE_RETENTION_DAYS; undefined: kept) */
  intakeRetentionDays?: number;
  /** deletes the photos of a report that never reached a case */
  removeIntakePhotos?: (owner: string) => Promise<number>;
}

export const archiveDirOf = (dataDir: string) => path.join(dataDir, 'archive');

export class RetentionService {
  private running?: Promise<CleanupReport & { intakeAnonymised?: number }>;

  constructor(private readonly d: RetentionDeps) {}

  get archiveDir(): string {
    return archiveDirOf(this.d.dataDir);
  }

  /** Removes (after archiving) every case whose removalAt has passed by the engine clock. */
  async runCleanup(
    trigger: string,
    opts: CleanupOptions = {},
  ): Promise<CleanupReport & { intakeAnonymised?: number }> {
    if (this.running) return this.running;
    const cleanup = new HistoryCleanup({
      store: this.d.store,
      now: () => this.d.clock.now(),
      archiveDir: this.archiveDir,
      timezone: this.d.timezone,
      log: this.d.log,
    });
    this.d.log.info({ trigger }, 'history cleanup started');
    this.running = cleanup
      .run(opts)
      .then(async (report) => {
        const days = this.d.intakeRetentionDays;
        if (days === undefined) return report;
        // the reporters of intake records past their period (engine/intake/retention.ts)
        const intakeAnonymised = await anonymiseIntake({
          store: this.d.store,
          now: () => this.d.clock.now(),
          days,
          removePhotos: this.d.removeIntakePhotos ?? (async () => 0),
        });
        return { ...report, intakeAnonymised };
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Re-imports an archive file (documents present already are left alone). */
  async importArchive(file: string): Promise<ImportReport> {
    return importArchive(this.d.store, file);
  }
}
