// Duplicate message correlation is idempotent: the same messageId twice (one after the other, and two
// deliveries racing each other), and the same message job delivered twice by the queue.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Engine } from '../../engine/engine.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { openTestStore } from '../helpers/store.js';
import type { Store } from '../../engine/store/types.js';
import { flow, processXml, userTask } from '../engine/fixtures.js';
import { GRID1, openFaultEngine, sleep } from './support.js';

// two consecutive catches of the same message and key: a duplicate that slipped through would be
// consumed by the second catch instead of vanishing
const TWO_REPLIES = processXml(
  'replies',
  `<bpmn:startEvent id="start"/>${flow('f0', 'start', 'first')}
   <bpmn:intermediateCatchEvent id="first" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
   ${flow('f1', 'first', 'second')}
   <bpmn:intermediateCatchEvent id="second" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
   ${flow('f2', 'second', 'check')}${userTask('check', 'grid:level="grid"')}${flow('f3', 'check', 'end')}<bpmn:endEvent id="end"/>`,
  '<bpmn:message id="m" name="partyReply"/>',
);

/** The embedded store, with the write of the `messages` record slowed down (a slow replica, a GC pause). */
function slowMessageLog(store: Store, delayMs: { value: number }): Store {
  return {
    ...store,
    kind: store.kind,
    collection(name) {
      const c = store.collection(name);
      if (name !== 'messages') return c;
      return Object.assign(Object.create(c), {
        insertManyIgnoreDuplicates: async (docs: any[]) => {
          await sleep(delayMs.value);
          return c.insertManyIgnoreDuplicates(docs);
        },
      });
    },
  } as Store;
}

describe('faults: duplicate message correlation', function () {
  this.timeout(30000);
  let engine: Engine;
  let dataDir: string;
  const delay = { value: 0 };

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'grid-msg-'));
    const prefix = `{msg${randomBytes(3).toString('hex')}}`;
    const store = slowMessageLog(await openTestStore(dataDir), delay);
    engine = await openFaultEngine({ dataDir, prefix, store, seed: true, workers: true });
    await engine.deploy(TWO_REPLIES);
  });
  after(async () => {
    await engine.stopWorkers();
    await engine.queues.obliterate();
    await engine.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function waiting(caseNo: string): Promise<InstanceState> {
    const s = await engine.start('replies', { gridUnit: GRID1, variables: { caseNo } }, 'wangwei');
    return engine.waitForIdle(s._id);
  }
  const received = async (id: string) =>
    (await engine.history(id)).filter((h) => h.action === 'message-received').map((h) => h.elementId);
  async function settle(id: string) {
    await sleep(300);
    return engine.waitForIdle(id);
  }

  it('the same messageId twice, one after the other: the second is recognised and changes nothing', async () => {
    const s = await waiting('C-1');
    expect(await engine.correlateMessage('partyReply', 'C-1', { reply: 'agree' }, 'msg-1')).to.deep.equal({
      correlated: 1,
      duplicate: false,
    });
    await settle(s._id);
    expect(await engine.correlateMessage('partyReply', 'C-1', { reply: 'changed' }, 'msg-1')).to.deep.equal({
      correlated: 1,
      duplicate: true,
    });
    const after = await settle(s._id);
    expect(await received(s._id)).to.deep.equal(['first']);
    expect(after.variables.reply).to.equal('agree');
    expect(Object.values(after.subscriptions).map((x) => x.nodeId)).to.deep.equal(['second']);
  });

  it('the same message job delivered twice (lost lock, redelivery): the second delivery is a no-op', async () => {
    const s = await waiting('C-2');
    await engine.stopWorkers();
    await engine.correlateMessage('partyReply', 'C-2', { reply: 'once' }, 'msg-2');
    const [job] = await engine.queues.steps.getJobs(['waiting']);
    expect(job.name).to.equal('message');
    await engine.queues.steps.add(job.name, job.data, { jobId: `${job.id}.again` });
    await engine.startWorkers();
    const first = await settle(s._id);
    // and once more after the first one was processed and removed (same job id again)
    await engine.queues.steps.add(job.name, job.data, { jobId: job.id });
    const after = await settle(s._id);
    expect(after.version).to.equal(first.version);
    expect(await received(s._id)).to.deep.equal(['first']);
    expect(Object.values(after.subscriptions).map((x) => x.nodeId)).to.deep.equal(['second']);
  });

  // Engine.correlateMessage claims the messageId in the messages log before it enqueues anything, so a second
  // delivery that arrives while the first is still being recorded finds the claim and is a duplicate.
  it('two deliveries of the same messageId racing each other consume one catch only', async () => {
    const s = await waiting('C-3');
    // the first call records the messageId slowly; by the time the second call looks, the first
    // delivery has already moved the instance on to the next catch of the same message
    delay.value = 600;
    const first = engine.correlateMessage('partyReply', 'C-3', { reply: 'first' }, 'msg-3');
    await sleep(300);
    const second = engine.correlateMessage('partyReply', 'C-3', { reply: 'second' }, 'msg-3');
    const results = await Promise.all([first, second]);
    delay.value = 0;
    const after = await settle(s._id);
    expect(await received(s._id), `results ${JSON.stringify(results)}`).to.deep.equal(['first']);
    expect(after.variables.reply).to.equal('first');
    expect(results.filter((r) => r.duplicate)).to.have.length(1);
  });
});
