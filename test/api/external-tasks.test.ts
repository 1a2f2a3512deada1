// External service tasks (grid:type="external", engine/queue/external-tasks.ts) through the HTTP API on
// Redis: service accounts fetch and lock tasks of their topics, complete them (the case goes on once), fail
// them (retries, then an incident an admin retries), raise BPMN errors (an error boundary routes them); locks
// expire on the test clock; two concurrent fetchers never get the same task; a cancelled case's task is gone.
import { expect } from 'chai';
import { hashPassword } from '../../engine/grid/passwords.js';
import { roleKey } from '../../engine/grid/org.js';
import { DISTRICT, GRID1, TEST_PASSWORD } from '../helpers/engine.js';
import { fireUntil, harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

const OTHER_GRID = '310117001001002';
const ERRORS = '<bpmn:error id="notOurs" name="不属本部门" errorCode="NOT_OURS"/>';
const PROCESS = processXml(
  'extcase',
  `<bpmn:startEvent id="s" grid:formKey="ext-start"/>${flow('f0', 's', 'sync')}
   <bpmn:serviceTask id="sync" name="同步到热线系统" grid:type="external" grid:topic="hotline-sync"
     grid:topicVariables="venue,level" grid:retries="2"/>${flow('f1', 'sync', 'check')}
   <bpmn:userTask id="check" name="核查" grid:level="grid" grid:candidateRoles="handler"/>${flow('f2', 'check', 'e')}
   <bpmn:endEvent id="e"/>
   <bpmn:boundaryEvent id="b" attachedToRef="sync"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:boundaryEvent>
   ${flow('fb', 'b', 'back')}<bpmn:userTask id="back" name="重新派遣" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('fb2', 'back', 'e2')}<bpmn:endEvent id="e2"/>`,
  ERRORS,
);

describe('API: external service tasks (external task workers)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    for (const username of ['ext1', 'ext2', 'ext3']) {
      await h.t.engine.accounts.create({
        _id: username,
        username,
        displayName: `外部系统 ${username}`,
        passwordHash: await hashPassword(TEST_PASSWORD),
        roles: [{ role: 'external-worker', unit: DISTRICT }],
        roleKeys: [roleKey('external-worker', DISTRICT)],
      });
    }
    // a service account of another grid: the cases of GRID1 are not its
    await h.t.engine.accounts.create({
      _id: 'ext4',
      username: 'ext4',
      displayName: '外部系统 ext4',
      passwordHash: await hashPassword(TEST_PASSWORD),
      roles: [{ role: 'external-worker', unit: OTHER_GRID }],
      roleKeys: [roleKey('external-worker', OTHER_GRID)],
    });
    for (const [u, topics] of [
      ['ext4', ['hotline-sync']],
      ['ext1', ['hotline-sync']],
      ['ext2', ['hotline-sync']],
      ['ext3', ['other-topic']],
    ] as const) {
      const res = await h.put('admin', `/api/external-tasks/workers/${u}`, { topics });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    }
    const res = await h.post('admin', '/api/deployments', {
      bpmn: PROCESS,
      forms: {
        'ext-start': {
          type: 'object',
          properties: { venue: { type: 'string' }, level: { type: 'integer' }, secret: { type: 'string' } },
        },
      },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  });
  after(() => h.close());

  const start = async (variables: Record<string, unknown> = { venue: 'school', level: 2, secret: 'x' }) => {
    const res = await h.post('admin', '/api/instances', {
      definitionKey: 'extcase',
      gridUnit: GRID1,
      variables,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const id = res.body.id as string;
    // the outbox creates the external task record
    await waitFor(
      async () => h.t.engine.store.collection('externalTasks').findOne({ instanceId: id }),
      'the external task',
    );
    return id;
  };
  const fetch = (user: string, workerId: string, maxTasks = 10, lockDuration = 60_000) =>
    h.post(user, '/api/external-tasks/fetch-and-lock', {
      workerId,
      topics: [{ name: 'hotline-sync', lockDuration }],
      maxTasks,
    });
  const mine = async (user: string, workerId: string, instanceId: string) => {
    const res = await fetch(user, workerId);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const task = (res.body.items as any[]).find((t) => t.instanceId === instanceId);
    expect(task, 'the task of the case').to.not.equal(undefined);
    return task;
  };

  it('refuses an external service task without a topic at deploy, naming the element', async () => {
    const res = await h.post('admin', '/api/deployments', {
      bpmn: processXml(
        'extbad',
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'x')}<bpmn:serviceTask id="x" grid:type="external"/>
         ${flow('f1', 'x', 'e')}<bpmn:endEvent id="e"/>`,
      ),
    });
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: any) => [d.path, d.code])).to.deep.include([
      'x',
      'external-task.topic',
    ]);
  });

  it('fetch-lock-complete: the worker gets the listed variables, completes, the case goes on once', async () => {
    const id = await start();
    const task = await mine('ext1', 'w1', id);
    expect(task.variables).to.deep.equal({ venue: 'school', level: 2 });
    expect(task.lockExpiresAt).to.equal(h.t.clock.now() + 60_000);
    // locked: nobody else gets it
    expect(((await fetch('ext2', 'w2')).body.items as any[]).map((t) => t.id)).to.not.include(task.id);
    // another worker cannot complete it; a worker without the topic does not see it
    const other = await h.post('ext2', `/api/external-tasks/${task.id}/complete`, { workerId: 'w2' });
    expect([other.status, other.body.error.code]).to.deep.equal([409, 'external-task.not-lock-holder']);
    const outside = await h.post('ext3', `/api/external-tasks/${task.id}/complete`, { workerId: 'w1' });
    expect([outside.status, outside.body.error.code]).to.deep.equal([404, 'external-task.not-found']);
    const done = await h.post('ext1', `/api/external-tasks/${task.id}/complete`, {
      workerId: 'w1',
      variables: { ticket: 'RX-1' },
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(204);
    const s = await waitFor(async () => {
      const st = await h.t.engine.waitForIdle(id);
      return Object.values(st.tasks).some((t) => t.nodeId === 'check') && st;
    }, 'the next task');
    expect(s.variables.ticket).to.equal('RX-1');
    // the same complete again: 204, no second effect
    const again = await h.post('ext1', `/api/external-tasks/${task.id}/complete`, {
      workerId: 'w1',
      variables: { ticket: 'RX-2' },
    });
    expect(again.status).to.equal(204);
    const after = await h.t.engine.waitForIdle(id);
    expect(after.variables.ticket).to.equal('RX-1');
    expect(Object.values(after.tasks).filter((t) => t.nodeId === 'check')).to.have.length(1);
    const history = (await h.get('admin', `/api/instances/${id}/history?limit=500`)).body.items as any[];
    expect(history.filter((x) => x.action === 'service-completed')).to.have.length(1);
  });

  it('the same complete sent twice at once: both answer 204, the case goes on once', async () => {
    const id = await start();
    const task = await mine('ext1', 'w1', id);
    const body = { workerId: 'w1', variables: { ticket: 'RX-9' } };
    const [a, b] = await Promise.all([
      h.post('ext1', `/api/external-tasks/${task.id}/complete`, body),
      h.post('ext1', `/api/external-tasks/${task.id}/complete`, body),
    ]);
    expect([a.status, b.status]).to.deep.equal([204, 204]);
    const s = await waitFor(async () => {
      const st = await h.t.engine.waitForIdle(id);
      return Object.values(st.tasks).some((t) => t.nodeId === 'check') && st;
    }, 'the next task');
    expect(Object.values(s.tasks).filter((t) => t.nodeId === 'check')).to.have.length(1);
    const history = (await h.get('admin', `/api/instances/${id}/history?limit=500`)).body.items as any[];
    expect(history.filter((x) => x.action === 'service-completed')).to.have.length(1);
  });

  it('a worker gets the cases under the units of its role only', async () => {
    const id = await start();
    const theirs = await fetch('ext4', 'w4');
    expect(theirs.status).to.equal(200);
    expect((theirs.body.items as any[]).map((t) => t.instanceId)).to.not.include(id);
    const task = await mine('ext1', 'w1', id);
    const res = await h.post('ext4', `/api/external-tasks/${task.id}/complete`, { workerId: 'w1' });
    expect([res.status, res.body.error.code]).to.deep.equal([404, 'external-task.not-found']);
    expect(
      (await h.post('ext1', `/api/external-tasks/${task.id}/complete`, { workerId: 'w1' })).status,
    ).to.equal(204);
  });

  it('two concurrent fetchers never get the same task', async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5, 6].map(() => start()));
    const [a, b] = await Promise.all([fetch('ext1', 'wa', 4), fetch('ext2', 'wb', 4)]);
    const got = [...a.body.items, ...b.body.items].map((t: any) => t.id as string);
    expect(new Set(got).size, 'no task twice').to.equal(got.length);
    const ours = got.filter((_, i) => ids.includes([...a.body.items, ...b.body.items][i].instanceId));
    expect(ours.length).to.equal(6);
  });

  it('an expired lock makes the task fetchable again (test clock); the old holder is refused', async () => {
    const id = await start();
    const task = await mine('ext1', 'w1', id);
    h.t.clock.advance(60_001);
    const again = await mine('ext2', 'w2', id);
    expect(again.id).to.equal(task.id);
    const late = await h.post('ext1', `/api/external-tasks/${task.id}/complete`, { workerId: 'w1' });
    expect([late.status, late.body.error.code]).to.deep.equal([409, 'external-task.not-lock-holder']);
    const ext = await h.post('ext2', `/api/external-tasks/${task.id}/extend-lock`, {
      workerId: 'w2',
      newDuration: 120_000,
    });
    expect(ext.body.lockExpiresAt).to.equal(h.t.clock.now() + 120_000);
    h.t.clock.advance(60_001);
    expect(((await fetch('ext1', 'w1')).body.items as any[]).map((t) => t.id)).to.not.include(task.id);
  });

  it('failure with retries, then an incident at 0; the admin retry makes a new task with its retries', async () => {
    const id = await start();
    let task = await mine('ext1', 'w1', id);
    expect(task.retries).to.equal(2);
    const f1 = await h.post('ext1', `/api/external-tasks/${task.id}/failure`, {
      workerId: 'w1',
      errorMessage: '热线系统超时',
      retryTimeout: 5000,
    });
    expect(f1.body).to.deep.equal({ retries: 1, incident: false });
    expect(((await fetch('ext1', 'w1')).body.items as any[]).map((t) => t.id)).to.not.include(task.id);
    h.t.clock.advance(5000);
    task = await mine('ext1', 'w1', id);
    expect(task).to.include({ retries: 1, errorMessage: '热线系统超时' });
    const f2 = await h.post('ext1', `/api/external-tasks/${task.id}/failure`, {
      workerId: 'w1',
      errorMessage: '热线系统仍然超时',
    });
    expect(f2.body).to.deep.equal({ retries: 0, incident: true });
    const s = await waitFor(async () => {
      const st = await h.t.engine.waitForIdle(id);
      return Object.values(st.incidents).some((i) => i.status === 'open') && st;
    }, 'the incident');
    const incident = Object.values(s.incidents).find((i) => i.status === 'open')!;
    expect(incident).to.include({ nodeId: 'sync' });
    expect(incident.message).to.contain('热线系统仍然超时');
    const late = await h.post('ext1', `/api/external-tasks/${task.id}/complete`, { workerId: 'w1' });
    expect([late.status, late.body.error.code]).to.deep.equal([409, 'external-task.failed']);
    const retry = await h.post('admin', `/api/incidents/${id}/${incident.id}/retry`);
    expect(retry.status, JSON.stringify(retry.body)).to.equal(200);
    const fresh = await waitFor(async () => {
      const items = (await fetch('ext1', 'w1')).body.items as any[];
      return items.find((t) => t.instanceId === id);
    }, 'the new task');
    expect(fresh.id).to.not.equal(task.id);
    expect(fresh.retries).to.equal(2);
    expect(await h.t.engine.store.collection('externalTasks').findOne({ _id: task.id })).to.equal(null);
    expect(
      (await h.post('ext1', `/api/external-tasks/${fresh.id}/complete`, { workerId: 'w1' })).status,
    ).to.equal(204);
    await waitFor(async () => {
      const st = await h.t.engine.waitForIdle(id);
      return Object.values(st.tasks).some((t) => t.nodeId === 'check');
    }, 'the case going on');
  });

  it('a BPMN error from the worker is caught by the error boundary on the task', async () => {
    const id = await start();
    const task = await mine('ext1', 'w1', id);
    const res = await h.post('ext1', `/api/external-tasks/${task.id}/bpmn-error`, {
      workerId: 'w1',
      errorCode: 'NOT_OURS',
      variables: { belongsTo: '住建局' },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(204);
    const s = await waitFor(async () => {
      const st = await h.t.engine.waitForIdle(id);
      return Object.values(st.tasks).some((t) => t.nodeId === 'back') && st;
    }, 'the boundary path');
    expect(s.variables.belongsTo).to.equal('住建局');
    expect(Object.values(s.incidents)).to.deep.equal([]);
  });

  it('cancelling the case removes its external task; a late complete is 404 with a code', async () => {
    const id = await start();
    const task = await mine('ext1', 'w1', id);
    expect((await h.post('admin', `/api/instances/${id}/cancel`, { reason: '撤诉' })).status).to.equal(200);
    await waitFor(
      async () => (await h.t.engine.store.collection('externalTasks').findOne({ _id: task.id })) === null,
      'the task removed',
    );
    const late = await h.post('ext1', `/api/external-tasks/${task.id}/complete`, { workerId: 'w1' });
    expect([late.status, late.body.error.code]).to.deep.equal([404, 'external-task.not-found']);
  });

  it('long polling: a fetch waits for a task without holding the event loop', async () => {
    // nothing open now: the earlier cases' tasks are locked or done
    const polling = h.post('ext1', '/api/external-tasks/fetch-and-lock', {
      workerId: 'wlp',
      topics: [{ name: 'hotline-sync', lockDuration: 60_000 }],
      maxTasks: 1,
      asyncResponseTimeout: 10_000,
    });
    let answered = false;
    void polling.then(() => (answered = true));
    // the server answers other requests meanwhile (here: it starts the case the poll gets)
    const id = await start();
    const res = await polling;
    expect(answered).to.equal(true);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.items.map((t: any) => t.instanceId)).to.deep.equal([id]);
    // a poll with nothing to get answers an empty list when its time is up; other requests are answered first
    let emptyDone = false;
    const empty = h
      .post('ext3', '/api/external-tasks/fetch-and-lock', {
        workerId: 'w3',
        topics: [{ name: 'other-topic', lockDuration: 60_000 }],
        maxTasks: 1,
        asyncResponseTimeout: 1500,
      })
      .then((r) => ((emptyDone = true), r));
    const me = await h.get('ext1', '/api/me');
    expect(me.status).to.equal(200);
    expect(emptyDone, 'answered while the poll waits').to.equal(false);
    expect((await empty).body).to.deep.equal({ items: [] });
    const tooLong = await h.post('ext1', '/api/external-tasks/fetch-and-lock', {
      workerId: 'wlp',
      topics: [{ name: 'hotline-sync', lockDuration: 60_000 }],
      maxTasks: 1,
      asyncResponseTimeout: 60_000,
    });
    expect(tooLong.status).to.equal(400);
  });

  it('an interrupting timer boundary removes the external task of the activity it cancels', async () => {
    const xml = processXml(
      'extboundary',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sync')}
       <bpmn:serviceTask id="sync" grid:type="external" grid:topic="hotline-sync"/>${flow('f1', 'sync', 'e')}
       <bpmn:endEvent id="e"/>
       <bpmn:boundaryEvent id="late" attachedToRef="sync"><bpmn:timerEventDefinition>
         <bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       ${flow('fl', 'late', 'e2')}<bpmn:endEvent id="e2"/>`,
    );
    expect((await h.post('admin', '/api/deployments', { bpmn: xml })).status).to.equal(201);
    const res = await h.post('admin', '/api/instances', { definitionKey: 'extboundary', gridUnit: GRID1 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const id = res.body.id as string;
    const col = h.t.engine.store.collection('externalTasks');
    const task = await waitFor(async () => col.findOne({ instanceId: id }), 'the external task');
    h.t.clock.advance(3_600_000);
    const s = await fireUntil(h, id, (st) => st.status === 'completed');
    expect(s.status).to.equal('completed');
    await waitFor(async () => (await col.findOne({ _id: task._id })) === null, 'the task removed');
  });

  it('lists the routes in the OpenAPI document', async () => {
    const doc = (await h.get(null, '/api/openapi.json')).body;
    for (const path of [
      '/api/external-tasks/fetch-and-lock',
      '/api/external-tasks/{id}/complete',
      '/api/external-tasks/{id}/failure',
      '/api/external-tasks/{id}/bpmn-error',
      '/api/external-tasks/{id}/extend-lock',
      '/api/external-tasks',
    ])
      expect(doc.paths, path).to.have.property(path);
  });

  it('admins list the tasks of a topic; workers cannot; a non-worker cannot fetch', async () => {
    const list = await h.get('admin', '/api/external-tasks?topic=hotline-sync');
    expect(list.status).to.equal(200);
    expect(list.body.items.length).to.be.greaterThan(0);
    expect(list.body.items.every((t: any) => t.topic === 'hotline-sync')).to.equal(true);
    expect((await h.get('ext1', '/api/external-tasks')).status).to.equal(404);
    const nope = await h.post('wangwei', '/api/external-tasks/fetch-and-lock', {
      workerId: 'x',
      topics: [{ name: 'hotline-sync', lockDuration: 1000 }],
      maxTasks: 1,
    });
    expect([nope.status, nope.body.error.code]).to.deep.equal([404, 'external-task.not-a-worker']);
    const topic = await h.post('ext3', '/api/external-tasks/fetch-and-lock', {
      workerId: 'x',
      topics: [{ name: 'hotline-sync', lockDuration: 1000 }],
      maxTasks: 1,
    });
    expect([topic.status, topic.body.error.code]).to.deep.equal([404, 'external-task.topic-not-allowed']);
  });
});
