// Cases driven through the real engine on a manual clock, in rounds: each round starts the cases planned
// for it, completes one open task of every case still being driven (form data drawn from the task's form,
// as its holder or a user holding one of its roles would), then moves the clock on so SLA warnings and
// escalations fall due and fire. Used by the sample cases of a first start (./first-start.ts) and by the
// scale benchmark's sample (bench/scale/sample.ts).
import sharp from 'sharp';
import type { ManualClock } from '../clock.js';
import type { Engine } from '../engine.js';
import type { SeedFile } from '../grid/seed.js';
import type { TaskDoc } from '../queue/outbox.js';
import type { InstanceState } from '../runtime/types.js';
import { formData } from './form-data.js';
import type { Random } from './random.js';
import { InstanceRepository } from '../cases/instance-repository.js';

export interface PlannedCase {
  key: string;
  /** the round it is reported in */
  startAt: number;
  /** the round from which it is left alone (open); Infinity: driven to its end */
  stopAt: number;
  /** its grid (default: one of `grids` at random) */
  gridUnit?: string;
}

export interface DriveOptions {
  plan: PlannedCase[];
  /** grids cases are reported in when the plan names none */
  grids: string[];
  seed: SeedFile;
  rnd: Random;
  maxRounds: number;
  /** how far the clock moves after each round */
  step(rnd: Random, round: number): number;
  /** starter of a case at a grid (default: admin) */
  starter?(gridUnit: string): string;
}

export interface DriveResult {
  cases: Array<{ id: string; key: string; stopAt: number }>;
  completions: number;
  invalidDrafts: number;
  rounds: number;
}

/** A demo user holding one of the task's candidate roles at its unit (as the inbox would offer it). */
export function actorFor(seed: SeedFile, task: Pick<TaskDoc, 'unit' | 'candidateRoles'>): string {
  const u = seed.users.find((x) =>
    (x.roles ?? []).some((r) => r.unit === task.unit && task.candidateRoles.includes(r.role)),
  );
  return u?.username ?? 'admin';
}

export async function driveCases(engine: Engine, clock: ManualClock, o: DriveOptions): Promise<DriveResult> {
  const { rnd } = o;
  const cases: DriveResult['cases'] = [];
  const lastStart = Math.max(0, ...o.plan.map((p) => p.startAt));
  const instances = new InstanceRepository(engine.store);
  const photos = new Map<string, string[]>();
  let completions = 0;
  let invalidDrafts = 0;
  let round = 0;
  const inPeriod = async (id: string) => {
    const s = await instances.get(id);
    return Object.values(s?.timers ?? {}).some((t) => t.purpose === 'boundary');
  };
  for (; round < o.maxRounds; round++) {
    for (const p of o.plan.filter((x) => x.startAt === round)) {
      const grid = p.gridUnit ?? rnd.pick(o.grids);
      const starter = o.starter?.(grid) ?? 'admin';
      const s = await engine.start(p.key, { gridUnit: grid }, starter);
      cases.push({ id: s._id, key: p.key, stopAt: p.stopAt });
      // a photo of the scene, for the forms' photo fields (they hold ids of the case's attachments)
      photos.set(s._id, [
        (
          await engine.attachments.upload(s._id, starter, {
            data: await scenePhoto(rnd),
            name: '现场照片.jpg',
          })
        )._id,
      ]);
      await engine.waitForIdle(s._id);
    }
    const driven: typeof cases = [];
    for (const c of cases) {
      if (round >= c.stopAt) continue;
      const s = await instances.get(c.id);
      if (s?.status === 'active') driven.push(c);
    }
    if (!driven.length && round >= lastStart) break;
    // one task per driven case per round, a few cases at a time (the workers run the steps)
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < driven.length) {
          const c = driven[next++];
          const open = await engine.openTasksOfCase(c.id);
          if (!open.length) continue;
          const task = rnd.pick(open);
          // a task without a time limit while a boundary timer runs stands for a period in which the parties
          // may act (陈述申辩, 整改期间申请): mostly the period just runs out, so it is acted on now and then
          if (task.dueAt === undefined && (await inPeriod(c.id)) && !rnd.chance(0.25)) continue;
          const data = formData(engine.forms, task.formKey, rnd, clock.now(), 60, photos.get(c.id));
          if (!data) {
            invalidDrafts++;
            continue;
          }
          const actor = task.assignee ?? actorFor(o.seed, task);
          try {
            if (!task.assignee) await engine.claim(task._id, actor);
            await engine.completeTask(task._id, actor, data);
            completions++;
          } catch {
            invalidDrafts++; // refused (a rule across fields): drawn again next round
          }
          await engine.waitForIdle(c.id);
        }
      }),
    );
    // time passes: SLA warnings and escalations fall due, deadlines of orders run out
    clock.advance(o.step(rnd, round));
    await engine.fireDueTimers();
    await settle(engine, clock.now());
  }
  return { cases, completions, invalidDrafts, rounds: round };
}

/** A small JPEG of one colour with a darker band: something a thumbnail can show. */
async function scenePhoto(rnd: Random): Promise<Buffer> {
  const shade = () => rnd.int(90, 200);
  const band = await sharp({
    create: { width: 320, height: 60, channels: 3, background: { r: 60, g: 60, b: 60 } },
  })
    .png()
    .toBuffer();
  return sharp({
    create: { width: 320, height: 240, channels: 3, background: { r: shade(), g: shade(), b: shade() } },
  })
    .composite([{ input: band, top: 150, left: 0 }])
    .jpeg({ quality: 70 })
    .toBuffer();
}

/** Waits until no active case has a due timer left and every case is idle (timer jobs run in the workers). */
export async function settle(engine: Engine, now: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const instances = new InstanceRepository(engine.store);
  for (;;) {
    const active: InstanceState[] = [];
    for (let after = ''; ;) {
      const page = await instances.activeAfter(after, 500);
      active.push(...page);
      if (page.length < 500) break;
      after = page[page.length - 1]._id;
    }
    const busy = active.filter(
      (s) =>
        s.outbox.length ||
        Object.values(s.timers).some((t) => t.dueAt <= now) ||
        Object.values(s.tokens).some((t) => t.status === 'ready'),
    );
    if (!busy.length) return;
    if (Date.now() > deadline)
      throw new Error(`sample: ${busy.length} cases still busy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
