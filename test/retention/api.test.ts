import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import { harness, startCase, type Harness } from '../api/helpers.js';
import { retentionProcess } from './fixtures.js';

const DAY = 86_400_000;

describe('retention: API', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(
      retentionProcess('ret_lean', 'grid:historyLevel="activity" grid:historyTimeToLive="P7D"'),
    );
    await h.t.engine.deploy(retentionProcess('ret_audit', 'grid:historyLevel="audit"'));
  });
  after(() => h.close());

  it('records supervision orders in the history from the audit level up, not at activity', async () => {
    const order = { kind: 'duban', to: GRID1, content: '请反馈进展', replySla: 'P1D' };
    const actions = async (key: string) => {
      const { instance } = await startCase(h, 'wangwei', { definitionKey: key, gridUnit: GRID1 });
      const res = await h.post('chenmin', `/api/instances/${instance._id}/supervision-orders`, order);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      const detail = await h.get('chenmin', `/api/instances/${instance._id}`);
      expect(detail.body.supervisionOrders).to.have.length(1);
      return (detail.body.history as Array<{ action: string }>).map((x) => x.action);
    };
    expect(await actions('ret_audit')).to.include('supervision-duban');
    const lean = await actions('ret_lean');
    expect(lean).to.include('task-created');
    expect(lean).to.not.include('supervision-duban');
  });

  it('lets only admins run the cleanup now, answering its counts and auditing it', async () => {
    const { instance, task } = await startCase(h, 'wangwei', { definitionKey: 'ret_lean', gridUnit: GRID1 });
    await h.t.engine.claim(task._id, 'wangwei');
    await h.t.engine.completeTask(task._id, 'wangwei', { result: 'ok' });
    await h.t.engine.waitForIdle(instance._id);
    await h.t.engine.recovery.sweepOutboxes(0);
    const view = await h.get('wangwei', `/api/instances/${instance._id}`);
    expect(view.body.removalAt).to.equal(view.body.endedAt + 7 * DAY);
    expect((await h.post('wangwei', '/api/admin/history-cleanup')).status).to.equal(404);
    expect((await h.post(null, '/api/admin/history-cleanup')).status).to.equal(401);
    const early = await h.post('admin', '/api/admin/history-cleanup');
    expect(early.status).to.equal(200);
    expect(early.body).to.include({ cases: 0, batches: 0 });
    h.t.clock.advance(8 * DAY);
    const res = await h.post('admin', '/api/admin/history-cleanup');
    expect(res.status).to.equal(200);
    expect(res.body.cases).to.equal(1);
    expect(res.body.removed.instances).to.equal(1);
    expect(res.body.removed.history).to.be.greaterThan(0);
    expect(res.body.removed.tasks).to.equal(1);
    expect(res.body.archives).to.have.length(1);
    expect(res.body.archives[0]).to.match(/^history-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}-0001\.jsonl\.gz$/);
    expect((await h.get('admin', `/api/instances/${instance._id}`)).status).to.equal(404);
    const trail = await h.get('admin', '/api/audit?action=history-cleanup');
    expect(trail.body.items[0]).to.deep.include({ actor: 'admin', action: 'history-cleanup' });
    expect(trail.body.items[0].details).to.include({ cases: 1 });
  });
});
