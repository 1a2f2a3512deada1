// "我经手的" (GET /api/instances?involved=true): the cases the caller opened or handled, with who holds them
// now — also after the case moved up out of the caller's unit — and a notification to everyone involved
// when the case closes.
import { expect } from 'chai';
import type { NotificationDoc } from '../../engine/queue/notifications.js';
import { GRID1, GRID2 } from '../helpers/engine.js';
import { flow, processXml } from './fixtures.js';
import { harness, waitFor, type Harness } from './helpers.js';

/** start → 登记上报 (grid handler) → 社区复核 (community reviewer) → end */
const FLOW = processXml(
  'invcase',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'report')}
   <bpmn:userTask id="report" name="登记上报" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f1', 'report', 'review')}
   <bpmn:userTask id="review" name="社区复核" grid:level="community" grid:candidateRoles="reviewer"/>
   ${flow('f2', 'review', 'e')}
   <bpmn:endEvent id="e"/>`,
  '',
  '经手测试',
);

interface Summary {
  id: string;
  status: string;
  holders: Array<{ taskId: string; name: string; unit: string; unitName?: string; assignee: string | null }>;
}

describe('API: cases I handled (我经手的)', () => {
  let h: Harness;
  const task = (id: string, nodeId: string) =>
    waitFor(async () => (await h.t.engine.openTasksOfCase(id, { nodeId }))[0], `${nodeId} of ${id}`);
  /** opens a case at `gridUnit` as `user`, who claims its first step */
  const open = async (user: string, gridUnit: string) => {
    const res = await h.post(user, '/api/instances', { definitionKey: 'invcase', gridUnit });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const first = await task(res.body.id, 'report');
    expect((await h.post(user, `/api/tasks/${first._id}/claim`)).status).to.equal(200);
    return { id: res.body.id as string, firstTask: { id: first._id } };
  };
  const involved = async (user: string) => {
    const res = await h.get(user, '/api/instances?involved=true&pageSize=50');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.items as Summary[];
  };

  before(async () => {
    h = await harness();
    await h.t.engine.deploy(FLOW);
  });
  after(() => h.close());

  it('lists the cases the caller opened or handled, with their current holder, after they moved up', async () => {
    const mine = await open('wangwei', GRID1);
    const other = await open('lina', GRID2);
    // a case at wangwei's grid he never touched: visible to him, but not one he handled
    const seen = await h.post('zhoujie', '/api/instances', { definitionKey: 'invcase', gridUnit: GRID1 });
    expect(seen.status).to.equal(201);
    await h.t.engine.waitForIdle(seen.body.id);

    expect((await involved('wangwei')).map((c) => c.id)).to.deep.equal([mine.id]);
    const all = await h.get('wangwei', '/api/instances?pageSize=50');
    expect(all.body.items.map((c: Summary) => c.id)).to.include(seen.body.id);

    // wangwei reports; the case moves up to the community, where 周杰 claims the review
    const done = await h.post('wangwei', `/api/tasks/${mine.firstTask.id}/complete`, { data: {} });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    const review = await task(mine.id, 'review');
    expect((await h.post('zhoujie', `/api/tasks/${review._id}/claim`)).status).to.equal(200);

    const [c] = await involved('wangwei');
    expect(c.id).to.equal(mine.id);
    expect(c.status).to.equal('active');
    expect(c.holders).to.deep.equal([
      {
        taskId: review._id,
        name: '社区复核',
        unit: review.unit,
        unitName: '明天社区',
        level: 'community',
        assignee: 'zhoujie',
      },
    ]);
    // the reviewer now handled it too; lina only her own
    expect((await involved('zhoujie')).map((x) => x.id)).to.include(mine.id);
    expect((await involved('lina')).map((x) => x.id)).to.deep.equal([other.id]);
  });

  it('tells everyone involved when the case closes (not the one who closed it)', async () => {
    const c = await open('wangwei', GRID1);
    await h.post('wangwei', `/api/tasks/${c.firstTask.id}/complete`, { data: {} });
    const review = await task(c.id, 'review');
    await h.post('zhoujie', `/api/tasks/${review._id}/claim`);
    const res = await h.post('zhoujie', `/api/tasks/${review._id}/complete`, { data: {} });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const s = await h.t.engine.waitForIdle(c.id);
    expect(s.status).to.equal('completed');
    const closedNote = (user: string) =>
      h.t.engine.store
        .collection<NotificationDoc>('notifications')
        .find({ recipient: user })
        .then((ns) =>
          ns.filter((n) => n.title.startsWith('案件已办结') && n.title.includes(s.caseNo ?? c.id)),
        );
    await waitFor(async () => (await closedNote('wangwei')).length === 1, 'closing notice to the reporter');
    expect(await closedNote('zhoujie')).to.deep.equal([]);
    const [listed] = (await involved('wangwei')).filter((x) => x.id === c.id);
    expect(listed.status).to.equal('completed');
    expect(listed.holders).to.deep.equal([]);
  });
});
