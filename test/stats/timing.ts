// Timing of a district's year of statistics, old path (recomputed from the raw records) against the rollups:
//   node --import tsx test/stats/timing.ts [cases=50000]
// Synthetic closed cases (2 tasks each, some escalated, some paused) are written straight into the records
// of an embedded store, the rollups are built by the backfill, then both paths answer the same query.
import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { assessFromHistory } from '../../engine/stats/from-history.js';
import { taskFact, taskFactOf } from '../../engine/stats/facts.js';
import { recordFacts } from '../../engine/stats/rollup.js';
import { assessFromRollups } from '../../engine/stats/query.js';
import { CASE_FLOW, REPORT_FORM } from '../api/fixtures.js';
import { DISTRICT, testEngine } from '../helpers/engine.js';

const N = Number(process.argv[2] ?? 50_000);
const H = 3_600_000;
const D = 24 * H;
const TO = Date.parse('2026-03-01T16:00:00Z');
const FROM = TO - 365 * D;

const t = await testEngine({ workers: false, now: TO + 5 * D });
const { engine } = t;
try {
  engine.forms.register('api-report', REPORT_FORM);
  await engine.deploy(CASE_FLOW);
  const org = engine.org;
  const grids = (await org.allUnits()).filter((u) => u.level === 'grid');
  const chains = new Map<string, string[]>();
  for (const g of grids)
    chains.set(
      g.code,
      (await org.chain(g.code)).map((u) => u.code),
    );
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const seedStart = performance.now();
  for (let base = 0; base < N; base += 2000) {
    const instances: InstanceState[] = [];
    const tasks: TaskDoc[] = [];
    const escalations: Array<Record<string, unknown> & { _id: string }> = [];
    for (let i = base; i < Math.min(N, base + 2000); i++) {
      const g = grids[Math.floor(rnd() * grids.length)].code;
      const unitPath = chains.get(g)!;
      const startedAt = FROM + Math.floor(rnd() * 360 * D);
      const id = `syn${i}`;
      let at = startedAt;
      for (let k = 0; k < 2; k++) {
        const createdAt = at;
        const completedAt = createdAt + Math.floor(rnd() * 3 * D);
        const dueAt = createdAt + 2 * D;
        const escalated = completedAt > dueAt && rnd() < 0.5;
        const task = {
          _id: `${id}t${k}`,
          id: `${id}t${k}`,
          nodeId: k ? 'verify' : 'handle',
          instanceId: id,
          instanceStatus: 'completed',
          status: 'completed',
          gridUnit: g,
          unit: escalated ? unitPath[1] : g,
          unitPath,
          createdAt,
          completedAt,
          dueAt: escalated ? dueAt + 2 * D : dueAt,
          escalations: escalated ? [{ toLevel: 'community', dueAt, firedAt: dueAt }] : [],
          pauses: rnd() < 0.1 ? [{ from: createdAt + H, to: createdAt + 3 * H }] : undefined,
          definitionKey: 'apicase',
          definitionVersion: 1,
        } as unknown as TaskDoc;
        tasks.push(task);
        if (escalated)
          escalations.push({
            _id: `${id}.esc${k}`,
            instanceId: id,
            gridUnit: g,
            unitPath,
            toLevel: 'community',
            firedAt: dueAt,
          });
        at = completedAt;
      }
      instances.push({
        _id: id,
        definitionKey: 'apicase',
        definitionVersion: 1,
        gridUnit: g,
        unitPath,
        status: 'completed',
        startedAt,
        endedAt: at,
        tasks: {},
      } as unknown as InstanceState);
    }
    await engine.store.collection('instances').insertManyIgnoreDuplicates(instances);
    await engine.store.collection('tasks').insertManyIgnoreDuplicates(tasks);
    await engine.store.collection('escalations').insertManyIgnoreDuplicates(escalations);
  }
  console.log(`seeded ${N} closed cases in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const unit = (await org.unit(DISTRICT))!;
  const all = await org.allUnits();
  const children: Array<{ code: string; name: string; level: string; codes: string[] }> = [];
  for (const c of all.filter((u) => u.parent === DISTRICT).sort((a, b) => a.code.localeCompare(b.code)))
    children.push({ code: c.code, name: c.name, level: c.level, codes: await org.subtree(c.code) });
  const units = all.map((u) => ({ code: u.code, name: u.name, level: u.level }));
  const codes = await org.subtree(DISTRICT);
  const info = { code: unit.code, name: unit.name, level: unit.level };
  const now = engine.clock.now();

  let s = performance.now();
  const old = await assessFromHistory(engine, {
    unit: info,
    codes,
    children,
    units,
    from: FROM,
    to: TO,
    now,
  });
  console.log(`old path (raw records): ${(performance.now() - s).toFixed(0)} ms, closed ${old.closed}`);

  s = performance.now();
  const built = await engine.rebuildStats();
  console.log(`backfill: ${built.facts} facts in ${((performance.now() - s) / 1000).toFixed(1)} s`);

  const viaRollups = async () => {
    // as the route: the open tasks, then the rollups
    const open = await engine.store
      .collection<TaskDoc>('tasks')
      .find({ gridUnit: { $in: codes }, status: 'open' });
    return assessFromRollups(engine.store, {
      unit: info,
      children,
      units,
      from: FROM,
      to: TO,
      now,
      timezone: engine.config.timezone,
      openTasks: open.map((x) => taskFactOf(x, x.instanceId, x.gridUnit)),
      workingMs: (a, b) => engine.calendar.elapsed(a, b, 'workday'),
    });
  };
  const times: number[] = [];
  let fresh = await viaRollups();
  for (let i = 0; i < 20; i++) {
    s = performance.now();
    fresh = await viaRollups();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(
    `rollups: median ${times[10].toFixed(0)} ms, p95 ${times[18].toFixed(0)} ms, ` +
      `${await engine.store.collection('statRollups').count({ unit: DISTRICT })} district buckets`,
  );
  expect(fresh).to.deep.equal(old);
  console.log('figures equal');

  // what the outbox hook adds to a step: one completed task recorded and its chain recomputed
  const g = grids[0].code;
  const ref = { _id: 'live', gridUnit: g, unitPath: chains.get(g)!, definitionKey: 'apicase' };
  s = performance.now();
  for (let i = 0; i < 200; i++) {
    const task = {
      id: `live${i}`,
      instanceId: 'live',
      gridUnit: g,
      status: 'completed' as const,
      createdAt: TO - 3 * D,
      completedAt: TO - D + i,
      escalated: false,
    };
    await recordFacts(engine.store, [taskFact(ref, task, engine.config.timezone, () => 0)]);
  }
  console.log(
    `hook: ${((performance.now() - s) / 200).toFixed(1)} ms per completed task (chain of 5 buckets)`,
  );
} finally {
  await t.close();
}
