import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { GRID1, MINGTIAN, testEngine, type TestEngine } from '../helpers/engine.js';
import { flow, processXml } from '../engine/fixtures.js';
import { withItems, type NotificationDoc } from '../../engine/queue/notifications.js';

const ONE_TASK = (level: string, roles: string, extra = '', inner = '') =>
  processXml(
    `one_${level}`,
    `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
     <bpmn:userTask id="work" name="办理" grid:level="${level}" grid:candidateRoles="${roles}" ${extra}>${inner}</bpmn:userTask>
     ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  );

describe('tasks: routing, claim, delegation, reassignment', () => {
  let t: TestEngine;
  before(async () => {
    t = await testEngine();
    await t.engine.deploy(ONE_TASK('grid', 'handler'));
    await t.engine.deploy(ONE_TASK('community', 'mediator,handler'));
  });
  after(() => t.close());

  async function openTask(key: string) {
    const inst = await t.engine.start(key, { gridUnit: GRID1 }, 'wangwei');
    await t.engine.waitForIdle(inst._id);
    return (await t.engine.openTasksOfCase(inst._id))[0];
  }

  it('binds the task to the unit of its level on the path from the case grid to the root', async () => {
    const task = await openTask('one_community');
    expect(task.unit).to.equal(MINGTIAN);
    expect(task.level).to.equal('community');
    expect(task.candidateRoles).to.deep.equal(['mediator', 'handler']);
    expect(task.gridUnit).to.equal(GRID1);
    // the people who may act on it: mediators or handlers at 明天社区
    expect(await t.engine.org.usersWithRoles(task.unit, task.candidateRoles)).to.deep.equal(['zhoujie']);
  });

  it('a completion answers once its step wrote the task here, not at the next poll', async () => {
    const task = await openTask('one_grid');
    await t.engine.claim(task._id, 'wangwei');
    const poll = t.engine.taskPollMs;
    // polling alone would look again only after a minute (past the test's timeout)
    t.engine.taskPollMs = 60_000;
    try {
      const t0 = Date.now();
      const done = await t.engine.completeTask(task._id, 'wangwei', {});
      expect(done?.status).to.equal('completed');
      expect(Date.now() - t0).to.be.below(10_000);
    } finally {
      t.engine.taskPollMs = poll;
    }
  });

  it('claim is exclusive; unclaim frees it; a second claimant gets a conflict', async () => {
    const task = await openTask('one_grid');
    expect((await t.engine.claim(task._id, 'wangwei')).assignee).to.equal('wangwei');
    const err = await t.engine.claim(task._id, 'lina').catch((e) => e);
    expect(err.code).to.equal('conflict');
    expect((await t.engine.unclaim(task._id, 'wangwei')).assignee).to.equal(undefined);
    expect((await t.engine.claim(task._id, 'lina')).assignee).to.equal('lina');
    const other = await t.engine.completeTask(task._id, 'wangwei', {}).catch((e) => e);
    expect(other.code).to.equal('conflict');
  });

  it('delegation hands the task over and returns it to the owner', async () => {
    const task = await openTask('one_grid');
    await t.engine.claim(task._id, 'wangwei');
    const delegated = await t.engine.delegate(task._id, 'wangwei', 'zhoujie');
    expect(delegated).to.include({ assignee: 'zhoujie', owner: 'wangwei' });
    const back = await t.engine.resolveDelegation(task._id, 'zhoujie');
    expect(back.assignee).to.equal('wangwei');
    expect(back.owner).to.equal(undefined);
    const h = await t.engine.history(task.instanceId);
    expect(h.map((r) => r.action)).to.include.members(['task-claimed', 'task-delegated', 'task-returned']);
    expect(h.find((r) => r.action === 'task-delegated')!.actor).to.equal('wangwei');
    await t.engine.pause(task._id, 'wangwei', '等待当事人');
    await t.engine.resume(task._id, 'wangwei');
    // each change of hands says from which state to which
    const moves = (await t.engine.history(task.instanceId))
      .filter((r) => r.action.startsWith('task-') && r.action !== 'task-created')
      .map((r) => `${r.action}: ${r.from} → ${r.to}`);
    expect(moves).to.deep.equal([
      'task-claimed: unassigned → assigned:wangwei',
      'task-delegated: assigned:wangwei → delegated:zhoujie',
      'task-returned: delegated:zhoujie → assigned:wangwei',
      'task-paused: assigned:wangwei → paused',
      'task-resumed: paused → assigned:wangwei',
    ]);
  });

  it('a supervisor reassignment keeps the previous assignee as a watcher', async () => {
    const task = await openTask('one_grid');
    await t.engine.claim(task._id, 'wangwei');
    const r = await t.engine.reassign(task._id, 'chenmin', 'lina');
    expect(r.assignee).to.equal('lina');
    expect(r.watchers).to.deep.equal(['wangwei']);
    const notes = await t.engine.store
      .collection('notifications')
      .find({ recipient: 'lina', kind: 'reassigned' });
    expect(notes.length).to.be.greaterThan(0);
  });
});

describe('notifications: batching, the webhook channel and other channels', () => {
  let t: TestEngine;
  let server: http.Server;
  const received: any[] = [];
  const memo: Array<{ key: string; itemCount: number }> = [];
  let failFirst = true;
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failFirst) {
          failFirst = false;
          res.writeHead(503).end();
          return;
        }
        received.push({ key: req.headers['idempotency-key'], body: JSON.parse(body) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    t = await testEngine({ config: { webhookUrl: url } });
    // a second channel beside the webhook (as an SMS or chat-bot channel would be registered)
    t.engine.channels.set('memo', {
      name: 'memo',
      deliver: async (n, key) => void memo.push({ key, itemCount: n.itemCount }),
    });
    await t.engine.deploy(
      ONE_TASK(
        'grid',
        'handler',
        'grid:sla="PT2H" grid:calendar="natural"',
        '<bpmn:extensionElements><grid:escalation><grid:step level="community" sla="P1D"/></grid:escalation></bpmn:extensionElements>',
      ),
    );
  });
  after(async () => {
    await t.close();
    server.close();
  });

  it('escalations due in the same second reach each supervisor as one notification, posted once to the webhook with retry', async function () {
    this.timeout(20000);
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await t.engine.start('one_grid', { gridUnit: GRID1 }, 'wangwei'))._id);
    for (const id of ids) await t.engine.waitForIdle(id);
    t.clock.advance(2 * 3600_000);
    await t.engine.fireDueTimers();
    const col = t.engine.store.collection<NotificationDoc>('notifications');
    let notes: Array<Awaited<ReturnType<typeof withItems>>> = [];
    for (let i = 0; i < 200; i++) {
      const docs = await col.find({ recipient: 'chenmin', kind: 'escalated' });
      notes = await Promise.all(docs.map((n) => withItems(t.engine.store, n)));
      if (notes.length === 1 && notes[0].itemCount === 3) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(notes).to.have.length(1);
    expect(notes[0].items.map((x) => x.instanceId).sort()).to.deep.equal([...ids].sort());
    expect(notes[0].read).to.equal(false);
    for (let i = 0; i < 400 && !received.some((r) => r.key === notes[0]._id); i++)
      await new Promise((r) => setTimeout(r, 25));
    const posted = received.filter((r) => r.key === notes[0]._id);
    expect(posted).to.have.length(1);
    expect(posted[0].body.items).to.have.length(3);
    expect(posted[0].body.itemCount).to.equal(3);
    // each channel is its own delivery job: the other one may come a moment after the webhook
    for (let i = 0; i < 400 && !memo.some((m) => m.key === notes[0]._id); i++)
      await new Promise((r) => setTimeout(r, 25));
    const other = memo.filter((m) => m.key === notes[0]._id);
    expect(other, 'the other channel got it once too').to.deep.equal([{ key: notes[0]._id, itemCount: 3 }]);
  });
});
