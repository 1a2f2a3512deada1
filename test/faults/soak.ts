// npm run soak: the kill loop for SOAK_MINUTES (default 10). Each child keeps starting new instances
// (SOAK_START_PER_SEC, default 10) while it completes tasks, and is SIGKILLed 0.2–5 s after it is ready.
// No fast-forward here: the jobs a killed worker held come back through BullMQ's own stalled-job
// detection (lockDuration 30 s + stalled checks), exactly as in production. Exit code 1 on any problem.
import { runKillLoop } from './kill-loop.js';

const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const startPerSec = Number(process.env.SOAK_START_PER_SEC ?? 10);
const stamp = () => new Date().toISOString().slice(11, 19);
console.log(`[soak ${stamp()}] kill loop for ${minutes} min, ${startPerSec} new instances/s per child`);
const r = await runKillLoop({
  instances: 20,
  startPerSec,
  durationMs: minutes * 60_000,
  killAfterMs: [200, 5000],
  fastForwardLocks: false,
  finalTimeoutMs: 180_000,
  log: (m) => console.log(`[soak ${stamp()}] ${m}`),
});
console.log(
  `[soak ${stamp()}] ${r.rounds} kills, ${r.instances} instances (${r.reportedStarted} reported started), ` +
    `${r.problems.length} problem(s), ${Math.round(r.elapsedMs / 1000)} s`,
);
for (const p of r.problems.slice(0, 50)) console.log(`  ${p}`);
process.exit(r.problems.length ? 1 : 0);
