// Reports sent from a device (POST /api/reports): a case per draft, however often and however
// concurrently the same draft is sent; the checks of POST /instances.
import { expect } from 'chai';
import type { InstanceState } from '../../engine/runtime/types.js';
import { GRID1, GRID2 } from '../helpers/engine.js';
import { fireHazardReport } from '../fixtures/forms.js';
import { harness, type Harness } from './helpers.js';
import { deployBundled } from '../../engine/bootstrap.js';

describe('API: reports sent from a device (drafts)', () => {
  let h: Harness;
  const cases = (businessKey: string) =>
    h.t.engine.store.collection<InstanceState>('instances').count({ businessKey });
  before(async () => {
    h = await harness();
    await deployBundled(h.t.engine);
  });
  after(() => h.close());

  const body = (draftId: string, businessKey: string) => ({
    draftId,
    definitionKey: 'fire_hazard',
    gridUnit: GRID1,
    businessKey,
    variables: fireHazardReport(),
    claimFirstTask: true,
  });

  it('opens the case once: a repeat answers the same case (200, duplicate)', async () => {
    const first = await h.post('wangwei', '/api/reports', body('d-0001', 'DRAFT-1'));
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body.firstTask).to.include({ assignee: 'wangwei', status: 'open' });
    const again = await h.post('wangwei', '/api/reports', body('d-0001', 'DRAFT-1'));
    expect(again.status).to.equal(200);
    expect(again.body).to.include({ id: first.body.id, duplicate: true, caseNo: first.body.caseNo });
    expect(await cases('DRAFT-1')).to.equal(1);
    // another draft is another case; the same draft id of another user is theirs
    const other = await h.post('wangwei', '/api/reports', body('d-0002', 'DRAFT-1'));
    expect(other.status).to.equal(201);
    expect(other.body.id).to.not.equal(first.body.id);
  });

  it('opens one case when the same draft arrives several times at once', async () => {
    const sends = await Promise.all(
      Array.from({ length: 5 }, () => h.post('wangwei', '/api/reports', body('d-race', 'DRAFT-RACE'))),
    );
    expect(sends.map((r) => r.status).sort()).to.deep.equal([200, 200, 200, 200, 201]);
    expect(new Set(sends.map((r) => r.body.id)).size).to.equal(1);
    expect(await cases('DRAFT-RACE')).to.equal(1);
  });

  it('checks like POST /instances: start-form fields only, a unit of the caller, a draft id', async () => {
    const bad = await h.post('wangwei', '/api/reports', {
      ...body('d-bad', 'DRAFT-BAD'),
      variables: { ...fireHazardReport(), timeLimits: {} },
    });
    expect(bad.status).to.equal(400);
    const away = await h.post('wangwei', '/api/reports', {
      ...body('d-away', 'DRAFT-AWAY'),
      gridUnit: GRID2,
    });
    expect(away.status).to.equal(404);
    const { draftId: _omit, ...noId } = body('x', 'DRAFT-NOID');
    expect((await h.post('wangwei', '/api/reports', noId)).status).to.equal(400);
    expect(await cases('DRAFT-BAD')).to.equal(0);
    expect(await cases('DRAFT-AWAY')).to.equal(0);
  });
});
