// The history of a case a page at a time (engine/queue/history.ts): the case view carries the newest
// records with a total and a cursor, GET /api/instances/:id/history pages back through the older ones.
import { expect } from 'chai';
import type { HistoryRecord } from '../../engine/runtime/types.js';
import { GRID1 } from '../helpers/engine.js';
import { harness, startCase, waitFor, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

/** a task done again and again until `done`: every round writes several history records */
const LOOP = processXml(
  'apiloop',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="整改" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f1', 'work', 'g')}
   <bpmn:exclusiveGateway id="g" default="again"/>
   ${flow('out', 'g', 'e', '=done = true')}
   ${flow('again', 'g', 'work')}
   <bpmn:endEvent id="e"/>`,
);

describe('API: case history in pages', function () {
  this.timeout(60000);
  let h: Harness;
  let id: string;
  let full: HistoryRecord[];
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(LOOP);
    ({
      instance: { _id: id },
    } = await startCase(h, 'wangwei', { definitionKey: 'apiloop', gridUnit: GRID1 }));
    for (let round = 0; round < 30; round++) {
      const task = await waitFor(async () => (await h.t.engine.openTasksOfCase(id))[0], 'open task');
      await h.t.engine.completeTask(task._id, 'wangwei', { round });
      await h.t.engine.waitForIdle(id);
    }
    full = await h.t.engine.history(id);
  });
  after(() => h.close());

  const ids = (records: Array<{ _id: string }>) => records.map((r) => r._id);

  it('the case view returns the newest 100 records, the total and a cursor, not the whole history', async () => {
    expect(full.length).to.be.greaterThan(150);
    const res = await h.get('wangwei', `/api/instances/${id}`);
    expect(res.status).to.equal(200);
    expect(res.body.history).to.have.length(100);
    expect(ids(res.body.history)).to.deep.equal(ids(full.slice(-100)));
    expect(res.body).to.include({ historyTotal: full.length, historyCursor: String(full.length - 100) });
  });

  it('pages back through the whole history with the cursor: every record once, in order', async () => {
    const first = await h.get('wangwei', `/api/instances/${id}/history?limit=37`);
    expect(first.status).to.equal(200);
    expect(first.body).to.include({ total: full.length, limit: 37 });
    expect(ids(first.body.items)).to.deep.equal(ids(full.slice(-37)));
    let seen: HistoryRecord[] = first.body.items;
    let cursor: string | null = first.body.cursor;
    let pages = 1;
    while (cursor !== null) {
      const page = await h.get('wangwei', `/api/instances/${id}/history?cursor=${cursor}&limit=37`);
      expect(page.status).to.equal(200);
      seen = [...page.body.items, ...seen];
      cursor = page.body.cursor;
      pages += 1;
    }
    expect(pages).to.equal(Math.ceil(full.length / 37));
    expect(ids(seen)).to.deep.equal(ids(full));
    // a page read later is the same, although the case went on writing records meanwhile
    const task = (await h.t.engine.openTasksOfCase(id))[0];
    await h.t.engine.completeTask(task._id, 'wangwei', { done: true });
    await h.t.engine.waitForIdle(id);
    const again = await h.get('wangwei', `/api/instances/${id}/history?cursor=74&limit=37`);
    expect(ids(again.body.items)).to.deep.equal(ids(full.slice(37, 74)));
    expect(again.body.cursor).to.equal('37');
    expect(again.body.total).to.be.greaterThan(full.length);
  });

  it('answers 400 naming the parameter for a bad limit or cursor, and 404 outside the jurisdiction', async () => {
    for (const [query, field] of [
      ['limit=501', 'limit'],
      ['limit=0', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=abc', 'cursor'],
      ['cursor=-1', 'cursor'],
    ]) {
      const res = await h.get('wangwei', `/api/instances/${id}/history?${query}`);
      expect(res.status, query).to.equal(400);
      expect(res.body.error.message).to.equal('invalid query parameters');
      expect(res.body.error.details[0], query).to.include({ path: `/${field}`, code: 'invalid-parameter' });
      expect(res.body.error.code).to.equal('http.invalid-query');
      expect(res.body.error.details[0].params).to.include({ field });
      expect(res.body.error.details[0].params.problem).to.match(/^field\./);
    }
    expect((await h.get('wangwei', `/api/instances/${id}/history?limit=500`)).body.items).to.have.length(
      Math.min(500, (await h.t.engine.history(id)).length),
    );
    expect((await h.get('zhengbo', `/api/instances/${id}/history`)).status).to.equal(404);
    expect((await h.get('admin', '/api/instances/nope/history')).status).to.equal(404);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await h.get(null, '/api/openapi.json')).body;
    const op = doc.paths['/api/instances/{id}/history'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).to.deep.equal(['id', 'cursor', 'limit']);
    expect(op.parameters[2].schema).to.include({ maximum: 500, default: 100 });
  });
});
