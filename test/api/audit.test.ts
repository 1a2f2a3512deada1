import { expect } from 'chai';
import { GRID1, MINGTIAN, TEST_PASSWORD } from '../helpers/engine.js';
import { harness, startCase, type Harness } from './helpers.js';
import { SIMPLE } from './fixtures.js';

interface AuditItem {
  id: string;
  at: number;
  actor: string;
  action: string;
  target: { type: string; id: string };
  details?: Record<string, any>;
}

describe('API: audit trail (users, units, passwords, supervision orders)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(SIMPLE);
  });
  after(() => h.close());

  const trail = async (q = '') => {
    const res = await h.get('admin', `/api/audit?pageSize=200${q}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.items as AuditItem[];
  };

  it('records who created, edited, disabled users and reset their passwords — never the password', async () => {
    const created = await h.post('admin', '/api/users', {
      username: 'audited',
      displayName: '审计对象',
      password: TEST_PASSWORD,
      roles: [{ role: 'handler', unit: GRID1 }],
    });
    expect(created.status).to.equal(201);
    await h.patch('admin', '/api/users/audited', {
      displayName: '审计对象（改名）',
      roles: [{ role: 'reviewer', unit: MINGTIAN }],
    });
    await h.patch('admin', '/api/users/audited', { password: 'a-new-secret-1' });
    await h.patch('admin', '/api/users/audited', { disabled: true });
    await h.patch('admin', '/api/users/audited', { disabled: false });
    const items = await trail('&target=audited');
    expect(items.map((a) => a.action)).to.deep.equal([
      'user-enabled',
      'user-disabled',
      'user-password-reset',
      'user-updated',
      'user-created',
    ]);
    expect(items.every((a) => a.actor === 'admin' && a.target.type === 'user')).to.equal(true);
    const updated = items.find((a) => a.action === 'user-updated')!;
    expect(updated.details!.displayName).to.deep.equal({ from: '审计对象', to: '审计对象（改名）' });
    expect(updated.details!.roles.to).to.deep.equal([{ role: 'reviewer', unit: MINGTIAN }]);
    expect(updated.details!.roles.from).to.deep.equal([{ role: 'handler', unit: GRID1 }]);
    expect(JSON.stringify(items)).to.not.match(/a-new-secret|passwordHash|scrypt/);
    // a user changing their own password is recorded with themselves as actor
    const self = await h.post('wangwei', '/api/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'wangwei-new-pass',
    });
    expect(self.status).to.equal(200);
    // the change ended wangwei's other sessions: go on with the token it returned
    h.useToken('wangwei', self.body.token as string);
    const own = await trail('&actor=wangwei');
    expect(own.map((a) => [a.action, a.target.id])).to.deep.equal([['password-changed', 'wangwei']]);
  });

  it('records unit creation and edits with the changed fields', async () => {
    const code = '310117001001099';
    expect(
      (
        await h.post('admin', '/api/grid/units', {
          code,
          name: '临时网格',
          level: 'grid',
          parent: MINGTIAN,
        })
      ).status,
    ).to.equal(201);
    expect((await h.patch('admin', `/api/grid/units/${code}`, { name: '第99网格' })).status).to.equal(200);
    const items = await trail(`&targetType=unit&target=${code}`);
    expect(items.map((a) => a.action)).to.deep.equal(['unit-updated', 'unit-created']);
    expect(items[0].details).to.deep.equal({ name: { from: '临时网格', to: '第99网格' } });
    expect(items[1]).to.deep.include({ actor: 'admin', target: { type: 'unit', id: code } });
    expect(items[1].details).to.include({ name: '临时网格', level: 'grid', parent: MINGTIAN });
  });

  it('records supervision orders issued and answered, by whom (also in the case history)', async () => {
    const { instance } = await startCase(h, 'lina', {
      definitionKey: 'apisimple',
      gridUnit: '310117001001002',
      businessKey: 'AUD-1',
    });
    const order = await h.post('chenmin', `/api/instances/${instance._id}/supervision-orders`, {
      kind: 'duban',
      to: 'handler@310117001001002',
      content: '请说明进展',
      replySla: 'P1D',
    });
    expect(order.status).to.equal(201);
    expect(
      (await h.post('lina', `/api/supervision-orders/${order.body.id}/reply`, { content: '已处理' })).status,
    ).to.equal(200);
    const items = await trail(`&targetType=supervision-order&target=${order.body.id}`);
    expect(items.map((a) => [a.action, a.actor])).to.deep.equal([
      ['order-replied', 'lina'],
      ['order-issued', 'chenmin'],
    ]);
    expect(items[0].details).to.include({ kind: 'duban', instanceId: instance._id, late: false });
    const history = await h.t.engine.history(instance._id);
    expect(
      history.filter((x) => x.action.startsWith('supervision-')).map((x) => [x.action, x.actor]),
    ).to.deep.equal([
      ['supervision-duban', 'chenmin'],
      ['supervision-duban-replied', 'lina'],
    ]);
  });

  it('is for admins only (404 otherwise), paginated, filterable by time, validated', async () => {
    for (const u of ['wangwei', 'chenmin', 'yangfan'])
      expect((await h.get(u, '/api/audit')).status, u).to.equal(404);
    expect((await h.http().get('/api/audit')).status).to.equal(401);
    const first = await h.get('admin', '/api/audit?page=1&pageSize=2');
    expect(first.body).to.include({ page: 1, pageSize: 2 });
    expect(first.body.items).to.have.length(2);
    expect(first.body.total).to.be.greaterThan(4);
    const second = await h.get('admin', '/api/audit?page=2&pageSize=2');
    expect(second.body.items.map((a: AuditItem) => a.id)).to.not.include.members(
      first.body.items.map((a: AuditItem) => a.id),
    );
    const now = h.t.clock.now();
    expect(await trail(`&since=${new Date(now + 1000).toISOString()}`)).to.deep.equal([]);
    expect((await trail(`&until=${new Date(now + 1000).toISOString()}`)).length).to.equal(first.body.total);
    const bad = await h.get('admin', '/api/audit?targetType=case&since=yesterday');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
      '/targetType',
      '/since',
    ]);
    const doc = await h.http().get('/api/openapi.json');
    expect(doc.body.paths['/api/audit'].get['x-admin-only']).to.equal(true);
    expect(
      doc.body.paths['/api/audit'].get.parameters.map((p: { name: string }) => p.name),
    ).to.include.members(['actor', 'action', 'targetType', 'target', 'since', 'until', 'page', 'pageSize']);
  });
});
