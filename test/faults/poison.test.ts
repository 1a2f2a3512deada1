// A poisoned service task in a separate worker process: the handler throws on every call, the job is
// retried with exponential backoff, then an incident is raised (visible on the instance and in the
// incidents collection) while other instances keep flowing; after the fix, engine.retryIncident resumes
// the instance and it completes exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { CommandError } from '../../engine/runtime/transition.js';
import { flow, processXml, userTask } from '../engine/fixtures.js';
import { drainOutboxes, GRID1, openFaultEngine, problemsOf, spawnChild } from './support.js';

const POISONED = processXml(
  'poisoned',
  `<bpmn:startEvent id="start"/>${flow('f0', 'start', 'archive')}
   <bpmn:serviceTask id="archive" grid:workerType="archive" grid:retries="3"/>${flow('f1', 'archive', 'review')}
   ${userTask('review', 'grid:level="grid"')}${flow('f2', 'review', 'end')}<bpmn:endEvent id="end"/>`,
);
const HEALTHY = processXml(
  'healthy',
  `<bpmn:startEvent id="start"/>${flow('f0', 'start', 'work')}
   <bpmn:serviceTask id="work" grid:workerType="work"/>${flow('f1', 'work', 'check')}
   ${userTask('check', 'grid:level="grid"')}${flow('f2', 'check', 'end')}<bpmn:endEvent id="end"/>`,
);

describe('faults: a poisoned service task in a worker process', function () {
  this.timeout(60000);

  it('retries with backoff, raises an incident, keeps other work flowing, and resumes after the fix', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'grid-poison-'));
    const prefix = `{poison${randomBytes(3).toString('hex')}}`;
    const env = { FAULT_DATA_DIR: dataDir, FAULT_PREFIX: prefix };
    try {
      let engine = await openFaultEngine({ dataDir, prefix, seed: true });
      await engine.deploy(POISONED);
      await engine.deploy(HEALTHY);
      const bad = await engine.start('poisoned', { gridUnit: GRID1, businessKey: 'P-1' }, 'wangwei');
      const good = await Promise.all(
        [1, 2, 3].map((i) => engine.start('healthy', { gridUnit: GRID1, businessKey: `H-${i}` }, 'wangwei')),
      );
      await engine.close();

      // worker process with the poisoned handler; it completes user tasks too
      const sick = spawnChild('engine-child.ts', {
        ...env,
        FAULT_SERVICES: 'poison',
        FAULT_DRIVE: '1',
        FAULT_REPORT: 'incidents',
      });
      const incident = (await sick.next((m) => !!m.incident, 30000)).incident;
      await sick.next((m) => m.progress === good.length, 15000); // the healthy ones were not held up
      sick.proc.send({ cmd: 'close' });
      expect((await sick.exited).code).to.equal(0);
      const attempts = sick.messages.filter((m) => m.attempt).map((m) => m.attempt as number);
      expect(attempts, 'one call per attempt').to.have.length(3);
      const gaps = attempts.slice(1).map((t, i) => t - attempts[i]);
      // BullMQ exponential backoff, 500 ms base: ~500 ms, then ~1000 ms
      expect(gaps[0]).to.be.within(400, 5000);
      expect(gaps[1]).to.be.greaterThan(gaps[0] * 1.5);

      engine = await openFaultEngine({ dataDir, prefix });
      const stuck = (await engine.getInstance(bad._id))!;
      expect(stuck.status).to.equal('active');
      const inc = Object.values(stuck.incidents);
      expect(inc).to.have.length(1);
      expect(inc[0]).to.include({ nodeId: 'archive', status: 'open', phase: 'execute' });
      expect(inc[0].message).to.contain('poisoned payload');
      expect(stuck.tokens[inc[0].tokenId].status).to.equal('incident');
      expect(incident).to.include({ instanceId: bad._id, nodeId: 'archive', status: 'open' });
      const listed = await engine.store.collection('incidents').find({ instanceId: bad._id, status: 'open' });
      expect(listed.map((d) => d._id)).to.deep.equal([incident._id]);
      expect(stuck.history.filter((h) => h.action === 'incident')).to.have.length(1);
      for (const g of good) expect((await engine.getInstance(g._id))!.status).to.equal('completed');

      // the fix is deployed: resume the instance; a second retry of the same incident is refused
      await engine.retryIncident(bad._id, inc[0].id, 'admin');
      const again = await engine.retryIncident(bad._id, inc[0].id, 'admin').catch((e) => e);
      expect(again).to.be.instanceOf(CommandError);
      await engine.close();

      const healed = spawnChild('engine-child.ts', { ...env, FAULT_SERVICES: 'fixed', FAULT_DRIVE: '1' });
      await healed.next((m) => m.progress === good.length + 1, 20000);
      healed.proc.send({ cmd: 'close' });
      expect((await healed.exited).code).to.equal(0);
      expect(healed.messages.some((m) => m.attempt)).to.equal(false);

      engine = await openFaultEngine({ dataDir, prefix });
      await drainOutboxes(engine);
      const done = (await engine.getInstance(bad._id))!;
      expect(done.variables.archived).to.equal(true);
      expect(Object.values(done.incidents).map((i) => i.status)).to.deep.equal(['resolved']);
      expect((await engine.store.collection('incidents').findOne({ _id: incident._id }))!.status).to.equal(
        'resolved',
      );
      const problems = await problemsOf(engine, bad._id, {
        actions: {
          'instance-completed': 1,
          incident: 1,
          'incident-resolved': 1,
          'service-completed': 1,
          'task-created': 1,
          'task-completed': 1,
        },
        leaves: ['start', 'archive', 'review'],
        tasks: ['review'],
      });
      expect(problems).to.deep.equal([]);
      await engine.queues.obliterate();
      await engine.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
