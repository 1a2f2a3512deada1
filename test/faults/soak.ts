// npm run soak: the kill loop for SOAK_MINUTES (default 10). Each child keeps starting new instances
// (SOAK_START_PER_SEC, default 10) while it completes tasks, and is SIGKILLed 0.2–5 s after it is ready.
// No fast-forward here: the jobs a killed worker held come back through BullMQ's own stalled-job
// detection (lockDuration 30 s + stalled checks), exactly as in production. Then SOAK_TIMER_ROUNDS (default
// 3) rounds of due-timers.ts: SIGKILLs while SLA timers fall due, restarted at once, with the production job
// lock and stalled-check interval (JOB_LOCK_MS / STALLED_INTERVAL_MS to change them). Exit code 1 on any problem.
import { loadConfig } from '../../engine/config.js';
import { runDueTimerKills } from './due-timers.js';
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

const timerRounds = Number(process.env.SOAK_TIMER_ROUNDS ?? 3);
const { jobLockMs, stalledIntervalMs } = loadConfig();
let timerProblems = 0;
for (let round = 1; round <= timerRounds; round++) {
  const t = await runDueTimerKills({
    instances: 200,
    kills: 4,
    slaAfterMs: 8000,
    spreadMs: 5000,
    jobLockMs,
    stalledIntervalMs,
    slowWritesMs: 50,
    slackMs: 20_000,
    log: (m) => console.log(`[soak ${stamp()}] due timers ${round}/${timerRounds}: ${m}`),
  });
  console.log(
    `[soak ${stamp()}] due timers ${round}/${timerRounds}: ${t.kills} kills, ${t.instances} breaches, ` +
      `latest ${t.maxLateMs} ms past due/restart (bound ${t.boundMs} ms), ${t.problems.length} problem(s)`,
  );
  for (const p of t.problems.slice(0, 20)) console.log(`  ${p}`);
  timerProblems += t.problems.length;
}
process.exit(r.problems.length || timerProblems ? 1 : 0);
