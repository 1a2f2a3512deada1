// Timer and message start events and buffered messages end to end: deployed through the HTTP API, run on
// Redis with the test clock (engine/starts). A timer start opens a case at each occurrence and only once,
// whatever re-arms it; a new version replaces the schedule, retiring stops it. A message start opens a case
// at the unit the message names; a message waited for by a case goes to the case (Camunda's order); a
// buffered message is received by a receive task entered later, once.
import { expect } from 'chai';
import { GRID1, MONDAY_9AM } from '../helpers/engine.js';
import { harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml, START_FORM } from './fixtures.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { startJobId } from '../../engine/starts/timer-starts.js';

const HOUR = 3600_000;
const task = (id: string) =>
  `<bpmn:userTask id="${id}" name="巡查" grid:level="grid" grid:candidateRoles="handler"/>`;
const timerFlow = (key: string, cycle: string, attrs = `grid:startUnit="${GRID1}"`) =>
  processXml(
    key,
    `<bpmn:startEvent id="ts" name="每个工作日" ${attrs}>
       <bpmn:timerEventDefinition grid:calendar="workday"><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition>
     </bpmn:startEvent>${flow('f0', 'ts', 'u')}${task('u')}${flow('f1', 'u', 'e')}<bpmn:endEvent id="e"/>`,
    '',
    '消防巡查',
  );

describe('API: timer and message start events, buffered messages', () => {
  let h: Harness;
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
  const cases = (key: string) =>
    h.t.engine.store
      .collection<InstanceState>('instances')
      .find({ definitionKey: key }, { sort: { startedAt: 1 } });
  const fire = async () => {
    await h.t.engine.fireDueTimers();
    // the start job runs on the starts queue: wait until nothing is left due
    await waitFor(
      async () =>
        (await h.t.engine.queues.starts.getJobCounts('waiting', 'active')).active === 0 &&
        (await h.t.engine.queues.starts.getJobCounts('waiting')).waiting === 0,
      'the start jobs',
    );
  };

  it('a timer start opens a case at each working-day occurrence, once, and follows versions and retirement', async () => {
    const deployed = await deploy(timerFlow('patrolstart', 'R/2026-03-02T10:00:00+08:00/P1D'));
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);
    const [schedule] = await h.t.engine.timerStarts.ofProcess('patrolstart');
    expect(schedule).to.include({ version: 1, nodeId: 'ts', nextAt: MONDAY_9AM + HOUR });

    // before its time nothing starts; at 10:00 one case, however often the due timers are fired
    await fire();
    expect(await cases('patrolstart')).to.have.length(0);
    h.t.clock.set(MONDAY_9AM + HOUR);
    await Promise.all([fire(), fire()]);
    await waitFor(async () => (await cases('patrolstart')).length === 1, 'the first timer case');
    await h.t.engine.recovery.reconcile(); // a restart re-arms every schedule from the store
    await fire();
    const [first] = await cases('patrolstart');
    expect(first).to.include({ gridUnit: GRID1, startedBy: 'timer', definitionVersion: 1 });
    await h.t.engine.waitForIdle(first._id);
    expect((await h.t.engine.openTasksOfCase(first._id)).map((t) => t.nodeId)).to.deep.equal(['u']);
    expect(await cases('patrolstart')).to.have.length(1);
    const [after1] = await h.t.engine.timerStarts.ofProcess('patrolstart');
    expect(after1.nextAt).to.equal(MONDAY_9AM + 25 * HOUR); // Tuesday 10:00

    // Redis lost the job of the next occurrence: the recovery's rebuild adds it again from the store
    const jobId = startJobId(after1._id, after1.nextAt!);
    expect(await h.t.engine.queues.starts.getJob(jobId)).to.not.equal(undefined);
    await h.t.engine.queues.starts.remove(jobId);
    expect(await h.t.engine.queues.starts.getJob(jobId)).to.equal(undefined);
    await h.t.engine.recovery.reconcile();
    expect((await h.t.engine.queues.starts.getJob(jobId))?.data).to.deep.equal({
      scheduleId: after1._id,
      at: after1.nextAt,
    });

    // the definition shows its schedule; the list says it opens no case by hand
    const shown = await h.get('admin', '/api/definitions/patrolstart');
    expect(shown.body.timerSchedules).to.deep.equal([
      { version: 1, nodeId: 'ts', nextAt: MONDAY_9AM + 25 * HOUR, lastAt: MONDAY_9AM + HOUR, stopped: false },
    ]);
    expect(shown.body.summary).to.deep.include({
      manualStart: false,
      eventStarts: [
        {
          id: 'ts',
          kind: 'timer',
          timer: { kind: 'cycle', expr: 'R/2026-03-02T10:00:00+08:00/P1D', calendar: 'workday' },
          startUnit: GRID1,
        },
      ],
    });
    const listed = (await h.get('admin', '/api/definitions')).body.items as any[];
    expect(listed.find((d) => d.key === 'patrolstart')).to.include({ manualStart: false });

    // a case by hand is refused: the process has no none start event
    const byHand = await h.post('admin', '/api/instances', { definitionKey: 'patrolstart', gridUnit: GRID1 });
    expect(byHand.status).to.equal(400);
    expect(byHand.body.error.code).to.equal('definition.no-none-start');

    // version 2 (every working day at 11:00) replaces the schedule of version 1
    expect((await deploy(timerFlow('patrolstart', 'R/2026-03-03T11:00:00+08:00/P1D'))).status).to.equal(201);
    const v2 = await h.t.engine.timerStarts.ofProcess('patrolstart');
    expect(v2.map((s) => [s.version, s.nextAt])).to.deep.equal([[2, MONDAY_9AM + 26 * HOUR]]);
    h.t.clock.set(MONDAY_9AM + 25 * HOUR); // Tuesday 10:00: version 1's time, nothing
    await fire();
    expect(await cases('patrolstart')).to.have.length(1);
    h.t.clock.set(MONDAY_9AM + 26 * HOUR);
    await fire();
    await waitFor(async () => (await cases('patrolstart')).length === 2, 'the case of version 2');
    expect((await cases('patrolstart'))[1].definitionVersion).to.equal(2);

    // retired: Wednesday 11:00 passes without a case; reactivated: Thursday 11:00 starts one again
    expect((await h.post('admin', '/api/definitions/patrolstart/retire')).status).to.equal(200);
    h.t.clock.set(MONDAY_9AM + 50 * HOUR);
    await fire();
    expect(await cases('patrolstart')).to.have.length(2);
    h.t.clock.set(MONDAY_9AM + 51 * HOUR);
    expect((await h.post('admin', '/api/definitions/patrolstart/reactivate')).status).to.equal(200);
    const resumed = await h.t.engine.timerStarts.ofProcess('patrolstart');
    expect(resumed[0].nextAt).to.equal(MONDAY_9AM + 74 * HOUR);
    h.t.clock.set(MONDAY_9AM + 74 * HOUR);
    await fire();
    await waitFor(async () => (await cases('patrolstart')).length === 3, 'the case after reactivation');
  });

  it('two processes running the same occurrence at once open one case', async () => {
    h.t.clock.set(MONDAY_9AM);
    expect((await deploy(timerFlow('racestart', 'R/PT1H'))).status).to.equal(201);
    const [s] = await h.t.engine.timerStarts.ofProcess('racestart');
    const occurrence = { scheduleId: s._id, at: s.nextAt! };
    h.t.clock.set(s.nextAt!);
    const outcomes = await Promise.all([
      h.t.engine.timerStarts.fire(occurrence),
      h.t.engine.timerStarts.fire(occurrence),
      h.t.engine.timerStarts.fire(occurrence),
    ]);
    expect(outcomes.filter((o) => o === 'started')).to.have.length(1);
    expect(outcomes.filter((o) => o !== 'started')).to.satisfy((rest: string[]) =>
      rest.every((o) => o === 'stale' || o === 'duplicate'),
    );
    expect(await cases('racestart')).to.have.length(1);
    const [moved] = await h.t.engine.timerStarts.ofProcess('racestart');
    expect(moved).to.include({ nextAt: s.nextAt! + HOUR, index: 1, lastAt: s.nextAt });

    // a deploy whose schedule was never stored (its sync failed): the recovery's rebuild creates it
    await h.t.engine.store.collection('startTimers').deleteMany({ key: 'racestart' });
    await h.t.engine.recovery.reconcile();
    const rebuilt = await h.t.engine.timerStarts.ofProcess('racestart');
    expect(rebuilt.map((x) => [x._id, x.nextAt])).to.deep.equal([[s._id, s.nextAt! + HOUR]]);
  });

  it('refuses timer starts without a usable unit or timer, coded and naming the element', async () => {
    const noUnit = await deploy(timerFlow('badstart1', 'R/P1D', ''));
    expect(noUnit.status).to.equal(400);
    expect(noUnit.body.error.details.map((d: any) => [d.path, d.code])).to.deep.equal([
      ['ts', 'start-timer.unit'],
    ]);
    const unknown = await deploy(timerFlow('badstart2', 'R/P1D', 'grid:startUnit="999"'));
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.details.map((d: any) => [d.path, d.code])).to.deep.equal([
      ['ts', 'start-timer.unit-unknown'],
    ]);
    const cron = await deploy(timerFlow('badstart3', '0 9 31 2 *'));
    expect(cron.body.error.details.map((d: any) => [d.path, d.code])).to.deep.equal([
      ['ts', 'start-timer.invalid'],
    ]);
    expect(await h.t.engine.timerStarts.ofProcess('badstart1')).to.deep.equal([]);
  });

  const MESSAGE = '<bpmn:message id="m1" name="fire-report"/><bpmn:message id="m2" name="property-reply"/>';
  const messageFlow = processXml(
    'firereport',
    `<bpmn:startEvent id="ms" name="收到火情上报"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent>
     ${flow('f0', 'ms', 'u')}${task('u')}${flow('f1', 'u', 'e')}<bpmn:endEvent id="e"/>`,
    MESSAGE,
  );
  const waitingFlow = processXml(
    'replywait',
    `<bpmn:startEvent id="s" grid:formKey="api-start"/>${flow('f0', 's', 'r')}
     <bpmn:receiveTask id="r" name="等待回复" messageRef="m2" grid:correlationKey="=caseNo"/>
     ${flow('f1', 'r', 'u')}${task('u')}${flow('f2', 'u', 'e')}<bpmn:endEvent id="e"/>`,
    MESSAGE,
  );

  it('a message start opens a case at the unit the message names; a repeated messageId opens none', async () => {
    expect((await deploy(messageFlow)).status).to.equal(201);
    const noUnit = await h.post('admin', '/api/messages', { name: 'fire-report', correlationKey: 'FR-0' });
    expect(noUnit.status).to.equal(400);
    expect(noUnit.body.error.code).to.equal('message.start-unit');
    const body = {
      name: 'fire-report',
      correlationKey: 'FR-1',
      gridUnit: GRID1,
      variables: { place: '明天小区3号楼' },
      messageId: 'fr-msg-1',
    };
    const res = await h.post('admin', '/api/messages', body);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ correlated: 0, duplicate: false });
    expect(res.body.started).to.have.length(1);
    const again = await h.post('admin', '/api/messages', body);
    expect(again.body).to.deep.equal({ correlated: 0, duplicate: true, started: res.body.started });
    const s = await h.t.engine.waitForIdle(res.body.started[0]);
    expect(s).to.include({
      businessKey: 'FR-1',
      gridUnit: GRID1,
      startedBy: 'admin',
      definitionKey: 'firereport',
    });
    expect(s.variables.place).to.equal('明天小区3号楼');
    expect(await cases('firereport')).to.have.length(1);

    // no unit named: the grid the message's location lies in (明天社区第1网格's first cell)
    const located = await h.post('admin', '/api/messages', {
      name: 'fire-report',
      correlationKey: 'FR-2',
      variables: { location: { lat: 27.72, lng: 111.969 } },
    });
    expect(located.status, JSON.stringify(located.body)).to.equal(200);
    expect((await h.t.engine.waitForIdle(located.body.started[0])).gridUnit).to.equal(GRID1);
    // a handler may not open a case outside their units
    const foreign = await h.post('chenmin', '/api/messages', {
      name: 'fire-report',
      correlationKey: 'FR-3',
      gridUnit: '310117002001001',
    });
    expect(foreign.status).to.equal(404);
    expect(foreign.body.error.code).to.equal('unit.not-found');

    // a second process cannot start on the same message name
    const taken = await deploy(
      processXml(
        'firereport2',
        `<bpmn:startEvent id="ms2"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent>${flow('f0', 'ms2', 'e')}<bpmn:endEvent id="e"/>`,
        MESSAGE,
      ),
    );
    expect(taken.status).to.equal(400);
    expect(taken.body.error.details.map((d: any) => [d.path, d.code])).to.deep.equal([
      ['ms2', 'message-start.taken'],
    ]);
  });

  it('a message a waiting case and a start event both match goes to the waiting case (no new case)', async () => {
    const waits = processXml(
      'firewait',
      `<bpmn:startEvent id="s" grid:formKey="api-start"/>${flow('f0', 's', 'r')}
       <bpmn:receiveTask id="r" messageRef="m1" grid:correlationKey="=caseNo"/>${flow('f1', 'r', 'e')}<bpmn:endEvent id="e"/>`,
      MESSAGE,
    );
    expect((await deploy(waits)).status).to.equal(201);
    const started = await h.post('wangwei', '/api/instances', {
      definitionKey: 'firewait',
      gridUnit: GRID1,
      variables: { caseNo: 'FR-9' },
    });
    const id = started.body.id as string;
    await waitFor(
      async () => (await h.t.engine.store.collection('subscriptions').count({ instanceId: id })) > 0,
      'the subscription',
    );
    const res = await h.post('admin', '/api/messages', {
      name: 'fire-report',
      correlationKey: 'FR-9',
      gridUnit: GRID1,
    });
    expect(res.body).to.deep.equal({ correlated: 1, duplicate: false });
    await waitFor(async () => (await h.t.engine.waitForIdle(id)).status === 'completed', 'the waiting case');
    expect((await cases('firereport')).map((c) => c.businessKey)).to.deep.equal(['FR-1', 'FR-2']);
  });

  it('a buffered message is received by a receive task entered later, once; an expired one by none', async () => {
    expect((await deploy(waitingFlow)).status).to.equal(201);
    const tooLong = await h.post('admin', '/api/messages', {
      name: 'property-reply',
      correlationKey: 'BUF-1',
      ttl: 365 * 24 * 3600,
    });
    expect(tooLong.status).to.equal(400);
    expect(tooLong.body.error.code).to.equal('message.ttl');
    const kept = await h.post('admin', '/api/messages', {
      name: 'property-reply',
      correlationKey: 'BUF-1',
      variables: { answer: '已整改' },
      ttl: 600,
    });
    expect(kept.body).to.include({ correlated: 0, duplicate: false });
    expect(kept.body.buffered.expiresAt).to.equal(h.t.clock.now() + 600_000);
    await h.post('admin', '/api/messages', { name: 'property-reply', correlationKey: 'BUF-2', ttl: 1 });

    const open = async (caseNo: string) => {
      const res = await h.post('wangwei', '/api/instances', {
        definitionKey: 'replywait',
        gridUnit: GRID1,
        variables: { caseNo },
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return res.body.id as string;
    };
    const openTask = (id: string) =>
      waitFor(async () => (await h.t.engine.openTasksOfCase(id))[0], `task of ${id}`);
    // the first case of BUF-1 takes the message and moves on; the second finds none left and waits
    const a = await open('BUF-1');
    expect((await openTask(a)).nodeId).to.equal('u');
    expect((await h.t.engine.waitForIdle(a)).variables.answer).to.equal('已整改');
    const b = await open('BUF-1');
    await waitFor(
      async () => (await h.t.engine.store.collection('subscriptions').count({ instanceId: b })) > 0,
      'the second subscription',
    );
    h.t.clock.set(h.t.clock.now() + 2000); // BUF-2 has expired
    const c = await open('BUF-2');
    await waitFor(
      async () => (await h.t.engine.store.collection('subscriptions').count({ instanceId: c })) > 0,
      'the subscription of BUF-2',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.t.engine.waitForIdle(b)).tokens).to.satisfy((t: object) =>
      Object.values(t).some((x: any) => x.nodeId === 'r' && x.status === 'waiting'),
    );
    expect(Object.values((await h.t.engine.waitForIdle(c)).tokens).map((x: any) => x.nodeId)).to.deep.equal([
      'r',
    ]);
    // a supervisor's buffered message reaches cases of their subtree only (as a correlated one would)
    const other = await h.post('zhengbo', '/api/messages', {
      name: 'property-reply',
      correlationKey: 'BUF-3',
      ttl: 600,
    });
    expect(other.body.buffered).to.be.an('object');
    const mine = await h.post('chenmin', '/api/messages', {
      name: 'property-reply',
      correlationKey: 'BUF-4',
      variables: { answer: '社区已核实' },
      ttl: 600,
    });
    expect(mine.body.buffered).to.be.an('object');
    const d = await open('BUF-3');
    const e = await open('BUF-4');
    expect((await openTask(e)).nodeId).to.equal('u');
    expect((await h.t.engine.waitForIdle(e)).variables.answer).to.equal('社区已核实');
    await waitFor(
      async () => (await h.t.engine.store.collection('subscriptions').count({ instanceId: d })) > 0,
      'the subscription of BUF-3',
    );
    expect(Object.values((await h.t.engine.waitForIdle(d)).tokens).map((x: any) => x.nodeId)).to.deep.equal([
      'r',
    ]);

    // the sweeper purges the expired message; the delivered one is kept (claimed) until it expires
    const buffered = h.t.engine.store.collection('bufferedMessages');
    await waitFor(async () => (await buffered.count({ correlationKey: 'BUF-2' })) === 0, 'the purge');
    expect((await buffered.find({ correlationKey: 'BUF-1' })).map((m) => m.claimedBy)).to.deep.equal([
      `sub-t2@${a}`,
    ]);
  });
});
