// Counts what one stretch of a benchmark costs, independent of how busy the machine is: every SQL
// statement the store's driver runs (better-sqlite3 Statement executions, pg queries), by statement shape,
// and every Redis command sent (ioredis sendCommand; pipelined ones counted apart: one round trip carries
// many), and optionally a CPU profile of just that stretch (node:inspector). bench/run.ts turns it on
// around the timer burst with BENCH_BURST_PROBE=1 (BENCH_BURST_PROFILE=<file.cpuprofile> for the profile).
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Redis } from 'ioredis';

import { sqlShape } from './sql-shape.js';

export interface ProbeCounts {
  statements: number;
  byShape: Array<{ n: number; ms: number; shape: string }>;
  redisCommands: number;
  redisPipelined: number;
  redisByName: Record<string, number>;
}

let counting = false;
const statements = new Map<string, number>();
/** synchronous time (ms) in better-sqlite3 per statement shape (pg's are asynchronous: not timed) */
const statementMs = new Map<string, number>();
const redisByName = new Map<string, number>();
let redisPipelined = 0;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const probe = new Database(':memory:');
  const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  probe.close();
  const count = (text: string) => {
    const k = sqlShape(text);
    statements.set(k, (statements.get(k) ?? 0) + 1);
  };
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = Statement[method] as (...args: unknown[]) => unknown;
    Statement[method] = function (this: { source: string }, ...args: unknown[]) {
      if (!counting) return original.apply(this, args);
      count(this.source);
      const t = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const k = sqlShape(this.source);
        statementMs.set(k, (statementMs.get(k) ?? 0) + performance.now() - t);
      }
    };
  }
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0];
    if (counting) count(typeof q === 'string' ? q : ((q as { text?: string }).text ?? ''));
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const proto = Redis.prototype as unknown as { sendCommand: (...a: unknown[]) => unknown };
  const send = proto.sendCommand;
  proto.sendCommand = function (this: Redis, ...args: unknown[]) {
    if (counting) {
      const c = args[0] as { name?: string };
      const name = c?.name ?? '?';
      // blocking reads of the workers' idle connections are not work
      redisByName.set(name, (redisByName.get(name) ?? 0) + 1);
      if (args[1]) redisPipelined++;
    }
    return send.apply(this, args);
  };
}

export class BurstProbe {
  private session?: Session;

  constructor(private readonly profileFile?: string) {
    install();
  }

  async start(): Promise<void> {
    statements.clear();
    statementMs.clear();
    redisByName.clear();
    redisPipelined = 0;
    counting = true;
    if (this.profileFile) {
      this.session = new Session();
      this.session.connect();
      await this.session.post('Profiler.enable');
      await this.session.post('Profiler.setSamplingInterval', { interval: 1000 });
      await this.session.post('Profiler.start');
    }
  }

  async stop(): Promise<ProbeCounts> {
    counting = false;
    if (this.session) {
      const { profile } = await this.session.post('Profiler.stop');
      await writeFile(this.profileFile!, JSON.stringify(profile));
      this.session.disconnect();
      this.session = undefined;
    }
    return {
      statements: [...statements.values()].reduce((a, b) => a + b, 0),
      byShape: [...statements]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 30)
        .map(([shape, n]) => ({
          n,
          ms: Math.round(statementMs.get(shape) ?? 0),
          shape: shape.slice(0, 240),
        })),
      redisCommands: [...redisByName.values()].reduce((a, b) => a + b, 0),
      redisPipelined,
      redisByName: Object.fromEntries([...redisByName].sort((a, b) => b[1] - a[1])),
    };
  }
}
