import { expect } from 'chai';
import { DISTRICT, GRID1, GRID2, MINGTIAN, STREET_XT, ZONE_EAST } from '../helpers/engine.js';
import { harness, startCase, type Harness } from './helpers.js';
import { SIMPLE } from './fixtures.js';

type UnitItem = { code: string; ancestorOnly: boolean; children?: UnitItem[] };

describe('API: grid units and users', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(SIMPLE);
  });
  after(() => h.close());

  const codes = async (user: string) => {
    const res = await h.get(user, '/api/grid/units');
    expect(res.status).to.equal(200);
    return new Map((res.body.items as UnitItem[]).map((u) => [u.code, u]));
  };

  describe('units', () => {
    it('shows a handler their unit in full and the units above by name only', async () => {
      const m = await codes('wangwei');
      expect(m.get(GRID1)?.ancestorOnly).to.equal(false);
      for (const a of [ZONE_EAST, MINGTIAN, STREET_XT, DISTRICT])
        expect(m.get(a)?.ancestorOnly, a).to.equal(true);
      expect(m.has(GRID2)).to.equal(false);
      expect(m.size).to.equal(5);
      expect(m.get(MINGTIAN)).to.not.have.property('info');
    });

    it('shows a supervisor their whole subtree, and an admin everything (also as a tree)', async () => {
      const m = await codes('chenmin');
      expect(m.get(GRID2)?.ancestorOnly).to.equal(false);
      expect(m.get(MINGTIAN)?.ancestorOnly).to.equal(false);
      expect(m.get(STREET_XT)?.ancestorOnly).to.equal(true);
      expect(m.has('310117001002')).to.equal(false); // 春晖社区
      expect([...m.values()].filter((u) => !u.ancestorOnly)).to.have.length(1 + 3 + 20);
      const all = await codes('admin');
      expect(all.size).to.equal(43);
      const tree = await h.get('admin', '/api/grid/units?format=tree');
      expect(tree.body.items).to.have.length(1);
      expect(tree.body.items[0].code).to.equal(DISTRICT);
      expect(tree.body.items[0].children.map((c: UnitItem) => c.code)).to.deep.equal([
        '310117001',
        '310117002',
      ]);
      expect((await h.get('admin', '/api/grid/units?format=graph')).status).to.equal(400);
    });

    it('returns a unit with chain, children and people inside the jurisdiction (404 outside)', async () => {
      const res = await h.get('chenmin', `/api/grid/units/${MINGTIAN}`);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ code: MINGTIAN, name: '明天社区', level: 'community' });
      expect(res.body.chain.map((u: { code: string }) => u.code)).to.deep.equal([
        MINGTIAN,
        STREET_XT,
        DISTRICT,
      ]);
      expect(res.body.children).to.have.length(3 + 5);
      const people = new Map(
        res.body.people.map((p: { username: string; roles: unknown }) => [p.username, p.roles]),
      );
      expect(people.get('chenmin')).to.deep.equal([{ role: 'supervisor', roleName: '督办领导' }]);
      expect(people.has('zhoujie')).to.equal(true);
      expect(people.has('wangwei')).to.equal(false);
      expect(
        (await h.get('wangwei', `/api/grid/units/${GRID1}`)).body.people.map(
          (p: { username: string }) => p.username,
        ),
      ).to.include('wangwei');
      expect((await h.get('wangwei', `/api/grid/units/${MINGTIAN}`)).status).to.equal(404);
      expect((await h.get('zhengbo', `/api/grid/units/${MINGTIAN}`)).status).to.equal(404);
      expect((await h.get('admin', '/api/grid/units/000')).status).to.equal(404);
    });

    it('lets admins create and edit units (validated; invalidates the org cache); others get 404', async () => {
      const body = {
        code: '310117001001021',
        name: '明天社区第21网格',
        level: 'grid',
        parent: ZONE_EAST,
        info: { households: 100 },
      };
      expect((await h.post('chenmin', '/api/grid/units', body)).status).to.equal(404);
      const res = await h.post('admin', '/api/grid/units', body);
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ code: body.code, parent: ZONE_EAST });
      expect((await h.post('admin', '/api/grid/units', body)).status).to.equal(409);
      const chain = await h.t.engine.org.chain(body.code);
      expect(chain.map((u) => u.code)).to.deep.equal([body.code, ZONE_EAST, MINGTIAN, STREET_XT, DISTRICT]);
      const bad = await h.post('admin', '/api/grid/units', {
        code: 'x y',
        name: '',
        level: 'planet',
        parent: '000',
      });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
        '/code',
        '/name',
      ]);
      const badRef = await h.post('admin', '/api/grid/units', {
        code: 'X1',
        name: 'x',
        level: 'planet',
        parent: '000',
      });
      expect(badRef.status).to.equal(400);
      expect(badRef.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal([
        '/level',
        '/parent',
      ]);

      const renamed = await h.patch('admin', `/api/grid/units/${body.code}`, { name: '明天社区新建网格' });
      expect(renamed.status).to.equal(200);
      expect(renamed.body.name).to.equal('明天社区新建网格');
      expect((await h.t.engine.org.unit(body.code))?.name).to.equal('明天社区新建网格');
      const cycle = await h.patch('admin', `/api/grid/units/${MINGTIAN}`, { parent: GRID1 });
      expect(cycle.status).to.equal(400);
      expect(cycle.body.error.details).to.deep.equal([
        {
          path: '/parent',
          message: 'would create a cycle',
          code: 'field.cycle',
          params: { field: 'parent' },
        },
      ]);
      expect((await h.patch('admin', `/api/grid/units/${MINGTIAN}`, {})).status).to.equal(400);
      expect((await h.patch('admin', '/api/grid/units/000', { name: 'x' })).status).to.equal(404);
      expect((await h.patch('chenmin', `/api/grid/units/${body.code}`, { name: 'x' })).status).to.equal(404);
    });
  });

  describe('users', () => {
    it('lists users for admins without password hashes; 404 for others', async () => {
      const res = await h.get('admin', '/api/users?pageSize=100');
      expect(res.status).to.equal(200);
      expect(res.body.total).to.be.at.least(19);
      for (const u of res.body.items) expect(u).to.not.have.property('passwordHash');
      const byUnit = await h.get('admin', `/api/users?unit=${GRID1}`);
      expect(byUnit.body.items.map((u: { username: string }) => u.username)).to.deep.equal(['wangwei']);
      const byRole = await h.get('admin', `/api/users?role=supervisor&unit=${MINGTIAN}`);
      expect(byRole.body.items.map((u: { username: string }) => u.username)).to.deep.equal(['chenmin']);
      expect((await h.get('chenmin', '/api/users')).status).to.equal(404);
    });

    it('creates a user whose roles take effect at once (roleKeys kept in sync)', async () => {
      const body = {
        username: 'liqiang',
        displayName: '李强（明天社区第2网格协管员）',
        password: 'strong-pass-1',
        roles: [{ role: 'handler', unit: GRID2 }],
        phone: '13800000000',
      };
      const res = await h.post('admin', '/api/users', body);
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ username: 'liqiang', disabled: false });
      expect(res.body.roleKeys).to.deep.equal([`handler@${GRID2}`]);
      expect(res.body).to.not.have.property('passwordHash');
      expect((await h.post('admin', '/api/users', body)).status).to.equal(409);
      expect(await h.t.engine.org.usersWithRoles(GRID2, ['handler'])).to.include('liqiang');
      const login = await h
        .http()
        .post('/api/auth/login')
        .send({ username: 'liqiang', password: 'strong-pass-1' });
      expect(login.status).to.equal(200);

      const { task } = await startCase(h, 'lina', { definitionKey: 'apisimple', gridUnit: GRID2 });
      const seen = await h
        .http()
        .get(`/api/tasks/${task._id}`)
        .set('Authorization', `Bearer ${login.body.token}`);
      expect(seen.status).to.equal(200);

      // moving liqiang to grid 1 takes the grid 2 task away and roleKeys follow
      const moved = await h.patch('admin', '/api/users/liqiang', {
        roles: [
          { role: 'handler', unit: GRID1 },
          { role: 'handler', unit: GRID1 },
        ],
      });
      expect(moved.status).to.equal(200);
      expect(moved.body.roleKeys).to.deep.equal([`handler@${GRID1}`]);
      const gone = await h
        .http()
        .get(`/api/tasks/${task._id}`)
        .set('Authorization', `Bearer ${login.body.token}`);
      expect(gone.status).to.equal(404);
    });

    it('validates users: weak password, unknown role or unit, self-disable', async () => {
      const res = await h.post('admin', '/api/users', {
        username: 'bad user',
        displayName: 'x',
        password: 'short',
        roles: [{ role: 'wizard', unit: '000' }],
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
        '/username',
        '/password',
      ]);
      const roles = await h.post('admin', '/api/users', {
        username: 'baduser',
        displayName: 'x',
        password: 'long-enough-1',
        roles: [{ role: 'wizard', unit: '000' }],
      });
      expect(roles.status).to.equal(400);
      expect(roles.body.error.details).to.deep.equal([
        {
          path: '/roles/0/role',
          message: 'unknown role',
          code: 'field.unknown-role',
          params: { field: 'roles/0/role' },
        },
        {
          path: '/roles/0/unit',
          message: 'unknown unit',
          code: 'field.unknown-unit',
          params: { field: 'roles/0/unit' },
        },
      ]);
      const self = await h.patch('admin', '/api/users/admin', { disabled: true });
      expect(self.status).to.equal(400);
      expect((await h.patch('admin', '/api/users/ghost', { disabled: true })).status).to.equal(404);
      expect((await h.patch('chenmin', '/api/users/lina', { disabled: true })).status).to.equal(404);
    });
  });
});
