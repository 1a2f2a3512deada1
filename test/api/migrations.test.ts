// Migration of running cases end to end through the HTTP API on Redis: v1 of a small process with three
// cases waiting at three different tasks; v2 renames one task and adds another; plans that leave an active
// task unmapped or map it onto an element of another kind are refused with the element id; a dry run shows
// what would happen; the run moves every case (a batch job per batch, progress by GET), each recorded in its
// history; the cases then complete on v2, the new task included.
import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import { MigrationService } from '../../engine/migration/service.js';
import { harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml, START_FORM } from './fixtures.js';

const task = (id: string, name: string, attrs = '') =>
  `<bpmn:userTask id="${id}" name="${name}" grid:level="grid" grid:candidateRoles="handler" ${attrs}/>`;

const V1 = processXml(
  'migcase',
  `<bpmn:startEvent id="s" grid:formKey="api-start"/>${flow('f0', 's', 'accept')}
   ${task('accept', '受理', 'grid:sla="P2D" grid:calendar="workday"')}${flow('f1', 'accept', 'handle')}
   ${task('handle', '处置')}${flow('f2', 'handle', 'check')}
   ${task('check', '核查')}${flow('f3', 'check', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '迁移测试',
);

// v2: `handle` becomes `dispose` (处置整改) and a new task `review` (复核) follows `check`
const V2 = processXml(
  'migcase',
  `<bpmn:startEvent id="s" grid:formKey="api-start"/>${flow('f0', 's', 'accept')}
   ${task('accept', '受理', 'grid:sla="P2D" grid:calendar="workday"')}${flow('f1', 'accept', 'dispose')}
   ${task('dispose', '处置整改')}${flow('f2', 'dispose', 'check')}
   ${task('check', '核查')}${flow('f3', 'check', 'review')}
   ${task('review', '复核')}${flow('f4', 'review', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '迁移测试',
);

describe('API: migration of running cases (/api/migrations)', () => {
  let h: Harness;
  const ids: string[] = [];
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('api-start', START_FORM);
  });
  after(() => h.close());

  const deploy = async (xml: string) =>
    h
      .http()
      .post('/api/definitions')
      .set('Authorization', `Bearer ${await h.token('admin')}`)
      .set('Content-Type', 'application/xml')
      .send(xml);
  const openTask = (id: string) =>
    waitFor(async () => (await h.t.engine.openTasksOfCase(id))[0], `a task of ${id}`);
  const complete = async (id: string) => {
    const t = await openTask(id);
    const res = await h.post('wangwei', `/api/tasks/${t._id}/complete`, { data: {} });
    expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 202]);
    await waitFor(
      async () => !(await h.t.engine.openTasksOfCase(id)).some((x) => x._id === t._id),
      'the completion',
    );
    return t.nodeId;
  };
  const plan = (mapping: Record<string, string | null>) => ({
    definitionKey: 'migcase',
    fromVersion: 1,
    toVersion: 2,
    mapping,
  });

  it('deploys v1 and starts three cases waiting at accept, handle and check', async () => {
    expect((await deploy(V1)).status).to.equal(201);
    for (const [i, steps] of [0, 1, 2].entries()) {
      const res = await h.post('wangwei', '/api/instances', {
        definitionKey: 'migcase',
        gridUnit: GRID1,
        variables: { caseNo: `MIG-${i}` },
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      ids.push(res.body.id);
      for (let k = 0; k < steps; k++) await complete(res.body.id);
    }
    expect(await Promise.all(ids.map(async (id) => (await openTask(id)).nodeId))).to.deep.equal([
      'accept',
      'handle',
      'check',
    ]);
    const v2 = await deploy(V2);
    expect(v2.status, JSON.stringify(v2.body)).to.equal(201);
    expect(v2.body.version).to.equal(2);
  });

  it('is for admins only (others get 404, as for every admin operation)', async () => {
    const res = await h.post('wangwei', '/api/migrations/dry-run', plan({ handle: 'dispose' }));
    expect(res.status).to.equal(404);
  });

  it('shows the plan with its defaults: identical ids map to themselves', async () => {
    const res = await h.post('admin', '/api/migrations/plan', plan({}));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.mapping).to.deep.equal({ s: 's', accept: 'accept', check: 'check', e: 'e' });
    expect(res.body.cases).to.equal(3);
    expect(res.body.target.map((n: { id: string }) => n.id)).to.include.members(['dispose', 'review']);
  });

  it('refuses a plan that leaves the active task handle unmapped, naming it (400, nothing moves)', async () => {
    const res = await h.post('admin', '/api/migrations', plan({}));
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    expect(res.body.error.code).to.equal('migration.invalid');
    expect(res.body.error.details).to.deep.include.members([
      {
        path: 'handle',
        code: 'migration.unmapped',
        message: 'handle is active and maps to no element of the target version',
        params: { elementId: 'handle', cases: [ids[1]] },
      },
    ]);
    expect((await h.t.engine.cases.instance(ids[1]))!.definitionVersion).to.equal(1);
  });

  it('refuses a user task mapped onto an element of another kind, and an unknown version', async () => {
    const res = await h.post('admin', '/api/migrations', plan({ handle: 'e' }));
    expect(res.status).to.equal(400);
    expect(
      res.body.error.details.map((d: { path: string; code: string }) => `${d.path}:${d.code}`),
    ).to.deep.equal(['handle:migration.incompatible']);
    const none = await h.post('admin', '/api/migrations', { ...plan({}), toVersion: 9 });
    expect(none.status).to.equal(404);
    expect(none.body.error).to.include({ code: 'migration.version-not-found' });
    const same = await h.post('admin', '/api/migrations', { ...plan({}), toVersion: 1 });
    expect(same.status).to.equal(400);
    expect(same.body.error).to.include({ code: 'migration.same-version' });
    const bad = await h.post('admin', '/api/migrations', { ...plan({}), mapping: { handle: 7 } });
    expect(bad.status).to.equal(400);
  });

  it('offers no shipped plan for versions no plan of processes/migrations was written for', async () => {
    const res = await h.post('admin', '/api/migrations/shipped', plan({}));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.equal({ plan: null });
    const none = await h.post('admin', '/api/migrations/shipped', { ...plan({}), fromVersion: 9 });
    expect(none.status).to.equal(404);
    expect(none.body.error).to.include({ code: 'migration.version-not-found' });
    expect((await h.post('wangwei', '/api/migrations/shipped', plan({}))).status).to.equal(404);
    const badEnter = await h.post('admin', '/api/migrations/dry-run', { ...plan({}), enter: 'handle' });
    expect(badEnter.status).to.equal(400);
  });

  it('refuses entering anew from or into an element that cannot be entered (migration.enter)', async () => {
    const res = await h.post('admin', '/api/migrations/plan', {
      ...plan({ handle: 'e' }),
      enter: ['handle'],
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.problems.map((d: { path: string; code: string }) => `${d.path}:${d.code}`)).to.deep.equal(
      ['handle:migration.enter'],
    );
  });

  it('a dry run shows per case what would happen and writes nothing', async () => {
    const res = await h.post('admin', '/api/migrations/dry-run', plan({ handle: 'dispose' }));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ total: 3, migrate: 3, refused: 0, skipped: 0 });
    const second = res.body.items.find((c: { instanceId: string }) => c.instanceId === ids[1]);
    expect(second.report.tasks[0]).to.include({ from: 'handle', to: 'dispose', sla: 'none' });
    expect(second.report.moved[0]).to.include({ from: 'handle', to: 'dispose' });
    const first = res.body.items.find((c: { instanceId: string }) => c.instanceId === ids[0]);
    expect(first.report.tasks[0]).to.include({ from: 'accept', to: 'accept', sla: 'kept' });
    expect((await h.t.engine.cases.instance(ids[1]))!.definitionVersion).to.equal(1);
  });

  it('migrates every case in batches with progress, records it in each history; the cases complete on v2', async () => {
    const started = await h.post('admin', '/api/migrations', plan({ handle: 'dispose' }));
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    expect(started.body).to.include({ total: 3, done: 0, failed: 0, status: 'running' });
    const job = await waitFor(async () => {
      const r = await h.get('admin', `/api/migrations/${started.body.id}`);
      return r.body.status !== 'running' && r.body;
    }, 'the migration to finish');
    expect(job).to.include({ total: 3, done: 3, failed: 0, status: 'completed' });
    expect((await h.get('admin', '/api/migrations')).body.items[0].id).to.equal(started.body.id);
    const audited = (await h.get('admin', '/api/audit?action=migration-started')).body.items as any[];
    expect(audited[0]).to.deep.include({ actor: 'admin', action: 'migration-started' });
    expect(audited[0].details).to.include({ migrationId: started.body.id, toVersion: 2, cases: 3 });
    expect((await h.get('admin', '/api/migrations/nope')).body.error.code).to.equal('migration.not-found');

    for (const id of ids) expect((await h.t.engine.cases.instance(id))!.definitionVersion).to.equal(2);
    const moved = await openTask(ids[1]);
    expect(moved).to.include({ nodeId: 'dispose', name: '处置整改', definitionVersion: 2 });
    const history = (await h.get('admin', `/api/instances/${ids[1]}/history?limit=500`)).body.items as any[];
    // the records before the migration still name the old element by its v1 name
    expect(history.find((x) => x.action === 'task-created' && x.elementId === 'handle')).to.include({
      elementName: '处置',
    });
    const record = history.find((x) => x.action === 'migrated');
    expect(record).to.include({ from: 'v1', to: 'v2' });
    expect(record.details).to.include({ planId: started.body.id, fromVersion: 1, toVersion: 2 });

    // a batch delivered again finds its cases at v2: nothing changes, nothing is counted twice
    const again = await h.t.engine.migrations.runBatch({
      migrationId: started.body.id,
      index: 0,
      instanceIds: ids,
      actor: 'admin',
    });
    expect(again).to.deep.equal({ done: 3, failed: 0, failures: [] });
    expect((await h.get('admin', `/api/migrations/${started.body.id}`)).body).to.include({
      done: 3,
      failed: 0,
    });
    expect(
      (await h.get('admin', `/api/instances/${ids[1]}/history?limit=500`)).body.items.filter(
        (x: { action: string }) => x.action === 'migrated',
      ),
    ).to.have.length(1);

    // and on v2 each case runs to its end through the tasks of v2 (review is new)
    const walked: string[][] = [];
    for (const id of ids) {
      const path: string[] = [];
      for (let i = 0; i < 5; i++) {
        const s = await h.t.engine.waitForIdle(id);
        if (s.status !== 'active') break;
        path.push(await complete(id));
      }
      expect((await h.t.engine.waitForIdle(id)).status).to.equal('completed');
      walked.push(path);
    }
    expect(walked).to.deep.equal([
      ['accept', 'dispose', 'check', 'review'],
      ['dispose', 'check', 'review'],
      ['check', 'review'],
    ]);
  });

  it('runs in several batches (one job each); a case cancelled between the check and its batch is a failure', async () => {
    const engine = h.t.engine;
    const more: string[] = [];
    for (let i = 0; i < 3; i++)
      more.push((await engine.start('migcase', { gridUnit: GRID1, version: 1 }, 'wangwei'))._id);
    // a service of batches of one, on the engine's queue and store; the engine's worker is held meanwhile
    const service = new MigrationService({
      store: engine.store,
      definitions: engine.definitions,
      runner: engine.runner,
      context: (s, actor) => engine.runner.context(s, actor),
      clock: engine.clock,
      log: engine.log,
      target: engine.queues.target,
      batchSize: 1,
    });
    await engine.migrations.stopWorker();
    try {
      const job = await service.start(
        { definitionKey: 'migcase', fromVersion: 1, toVersion: 2, mapping: { handle: 'dispose' } },
        'admin',
      );
      expect(job).to.include({ total: 3, status: 'running' });
      expect(await service.queue.getJobCounts('waiting')).to.deep.equal({ waiting: 3 });
      await engine.cancelInstance(more[1], 'admin', 'withdrawn');
      engine.migrations.startWorker();
      const done = await waitFor(async () => {
        const r = await h.get('admin', `/api/migrations/${job.id}`);
        return r.body.status !== 'running' && r.body;
      }, 'the batches');
      expect(done).to.include({ total: 3, done: 2, failed: 1, status: 'completed-with-failures' });
      expect(done.failures).to.deep.equal([{ instanceId: more[1], reason: 'not-active' }]);
      expect((await engine.cases.instance(more[1]))!.definitionVersion).to.equal(1);
      for (const id of [more[0], more[2]])
        expect((await engine.cases.instance(id))!.definitionVersion).to.equal(2);
    } finally {
      engine.migrations.startWorker();
      await service.close();
    }
  });
});
