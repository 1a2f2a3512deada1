// The set-up and the drive the step-path probes share (bench/cpu-probe.ts, sql-count.ts,
// exactly-once-probe.ts): an engine on a throwaway store (SQLite in a temp folder, or a fresh PostgreSQL
// database with BENCH_STORE=postgres) and its own queue prefix, the seed org, the benchmark's 3-task process
// deployed and the workers running; then N instances started round the grids and every open task completed
// until all are done.
import type { Engine } from '../../engine/engine.js';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { threeTasks } from '../processes.js';
import { openBenchEngine, REDIS_URL } from './bench-engine.js';

export { REDIS_URL };
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ThreeTaskProbe {
  store: 'sqlite' | 'postgres';
  engine: Engine;
  /** the seed's grid units, the instances' units in turn */
  grids: string[];
  /** stops the workers, removes the queues, closes the engine and drops the throwaway store */
  close(): Promise<void>;
}

/** `name` names the temp folder and the queue prefix; `postgres`: BENCH_STORE=postgres by default. */
export async function openThreeTaskProbe(
  name: string,
  postgres = process.env.BENCH_STORE === 'postgres',
): Promise<ThreeTaskProbe> {
  const b = await openBenchEngine({ name, postgres, password: 'probe-pass' });
  await b.engine.deploy(threeTasks('grid'));
  await b.engine.startWorkers();
  return { store: postgres ? 'postgres' : 'sqlite', engine: b.engine, grids: b.grids, close: b.close };
}

/**
 * Starts `n` instances of the 3-task process and completes every task as it opens until all are completed.
 * `read` wraps the driver's own polling reads (sql-count counts them apart).
 */
export async function driveThreeTasks(
  p: ThreeTaskProbe,
  n: number,
  read: <T>(r: () => Promise<T>) => Promise<T> = (r) => r(),
): Promise<void> {
  const { engine, grids } = p;
  const tasks = engine.store.collection<TaskDoc>('tasks');
  const instances = engine.store.collection<InstanceState>('instances');
  for (let i = 0; i < n; i++) await engine.start('bench3', { gridUnit: grids[i % grids.length] }, 'probe');
  const dispatched = new Set<string>();
  while ((await read(() => instances.count({ status: 'completed' }))) < n) {
    const open = (await read(() => tasks.find({ status: 'open' }, { limit: 400 }))).filter(
      (t) => !dispatched.has(t._id),
    );
    for (const t of open) dispatched.add(t._id);
    await Promise.all(open.map((t) => engine.completeTask(t._id, 'probe', {}, 0)));
    if (!open.length) await sleep(20);
  }
}
