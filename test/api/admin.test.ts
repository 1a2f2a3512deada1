// Administration routes added for the admin pages and the modeler: disabling units, retiring and
// reactivating process definitions and versions (running cases go on, new starts are refused).
import { expect } from 'chai';
import { GRID1, MINGTIAN, ZONE_EAST } from '../helpers/engine.js';
import { harness, startCase, waitFor, type Harness } from './helpers.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deployBundledProcesses } from '../../engine/bundled.js';
import { processXml, SIMPLE } from './fixtures.js';

const SIMPLE_V2 = SIMPLE.replace('name="办理"', 'name="办理（第二版）"');

describe('API: administration (unit disable, definition retire)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(SIMPLE);
  });
  after(() => h.close());

  describe('units', () => {
    it('moves and disables a unit (admin only): no new case, unit or role there; re-enabled again', async () => {
      const zone = { code: 'ADM-Z', name: '测试片区', level: 'zone', parent: MINGTIAN };
      const grid = { code: 'ADM-G', name: '测试网格', level: 'grid', parent: 'ADM-Z' };
      expect((await h.post('admin', '/api/grid/units', zone)).status).to.equal(201);
      expect((await h.post('admin', '/api/grid/units', grid)).status).to.equal(201);
      // move the grid under another zone and back
      const moved = await h.patch('admin', '/api/grid/units/ADM-G', { parent: ZONE_EAST });
      expect(moved.status).to.equal(200);
      expect((await h.t.engine.org.chain('ADM-G')).map((u) => u.code)[1]).to.equal(ZONE_EAST);
      expect((await h.patch('admin', '/api/grid/units/ADM-G', { parent: 'ADM-Z' })).status).to.equal(200);

      // a supervisor of the subtree may not disable it
      expect((await h.patch('chenmin', '/api/grid/units/ADM-Z', { disabled: true })).status).to.equal(404);
      // a unit with active units below it cannot be disabled
      const busy = await h.patch('admin', '/api/grid/units/ADM-Z', { disabled: true });
      expect(busy.status).to.equal(409);
      expect(busy.body.error.code).to.equal('unit.active-children');
      expect(busy.body.error.params.children).to.deep.equal(['ADM-G']);

      expect((await h.patch('admin', '/api/grid/units/ADM-G', { disabled: true })).status).to.equal(200);
      expect((await h.t.engine.org.unit('ADM-G'))?.disabled).to.equal(true);
      const units = await h.get('admin', '/api/grid/units');
      expect(units.body.items.find((u: { code: string }) => u.code === 'ADM-G').disabled).to.equal(true);

      // no case opens at a disabled unit
      const start = await h.post('admin', '/api/instances', {
        definitionKey: 'apisimple',
        gridUnit: 'ADM-G',
        variables: {},
      });
      expect(start.status).to.equal(409);
      expect(start.body.error.code).to.equal('unit.disabled');
      // no new role is placed there
      const user = await h.post('admin', '/api/users', {
        username: 'adm-user',
        displayName: '测试用户',
        password: 'first-pass-1',
        roles: [{ role: 'handler', unit: 'ADM-G' }],
      });
      expect(user.status).to.equal(400);
      expect(user.body.error.details[0]).to.include({ path: '/roles/0/unit', code: 'unit.disabled' });
      // nor a new unit below it
      const child = await h.post('admin', '/api/grid/units', {
        code: 'ADM-B',
        name: '楼栋',
        level: 'grid',
        parent: 'ADM-G',
      });
      expect(child.status).to.equal(400);
      expect(child.body.error.details[0]).to.include({ path: '/parent', code: 'unit.disabled' });

      // now the zone can be disabled; the grid cannot come back while its parent is disabled
      expect((await h.patch('admin', '/api/grid/units/ADM-Z', { disabled: true })).status).to.equal(200);
      const orphan = await h.patch('admin', '/api/grid/units/ADM-G', { disabled: false });
      expect(orphan.status).to.equal(400);
      expect(orphan.body.error.details[0]).to.include({ path: '/disabled', code: 'unit.disabled' });
      expect((await h.patch('admin', '/api/grid/units/ADM-Z', { disabled: false })).status).to.equal(200);
      expect((await h.patch('admin', '/api/grid/units/ADM-G', { disabled: false })).status).to.equal(200);
      expect((await h.t.engine.org.unit('ADM-G'))?.disabled).to.equal(false);

      const trail = await h.get('admin', '/api/audit?targetType=unit&target=ADM-G');
      const actions = trail.body.items.map((a: { action: string }) => a.action);
      expect(actions).to.include.members(['unit-created', 'unit-updated', 'unit-disabled', 'unit-enabled']);
    });
  });

  describe('definitions', () => {
    const start = (user: string, version?: number) =>
      h.post(user, '/api/instances', {
        definitionKey: 'apisimple',
        gridUnit: GRID1,
        variables: {},
        ...(version ? { version } : {}),
      });
    const listed = async (user: string) =>
      ((await h.get(user, '/api/definitions')).body.items as Array<{ key: string; retired: boolean }>).find(
        (d) => d.key === 'apisimple',
      );

    it('retires a process: new starts refused (409), running cases continue; reactivation undoes it', async () => {
      const { instance, task } = await startCase(h, 'wangwei', {
        definitionKey: 'apisimple',
        gridUnit: GRID1,
      });
      expect((await h.post('wangwei', '/api/definitions/apisimple/retire', {})).status).to.equal(404);
      const retired = await h.post('admin', '/api/definitions/apisimple/retire', {});
      expect(retired.status).to.equal(200);
      expect(retired.body).to.deep.equal({ key: 'apisimple', retired: true });
      expect((await h.post('admin', '/api/definitions/nope/retire', {})).status).to.equal(404);

      const refused = await start('wangwei');
      expect(refused.status).to.equal(409);
      expect(refused.body.error).to.include({ code: 'definition.retired' });
      expect(refused.body.error.params).to.deep.equal({ key: 'apisimple' });
      // grid workers no longer see it; admins see it flagged
      expect(await listed('wangwei')).to.equal(undefined);
      expect(await listed('admin')).to.include({ retired: true });
      expect((await h.get('admin', '/api/definitions/apisimple')).body.retired).to.equal(true);

      // the running case goes on to its end
      const done = await h.post('wangwei', `/api/tasks/${task._id}/complete`, {});
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
      await waitFor(
        async () => (await h.t.engine.waitForIdle(instance._id)).status === 'completed',
        'the running case completes',
      );

      // a new deploy does not bring it back
      await h.t.engine.deploy(SIMPLE_V2, 'admin');
      expect((await start('wangwei')).status).to.equal(409);

      expect((await h.post('admin', '/api/definitions/apisimple/reactivate', {})).status).to.equal(200);
      expect(await listed('wangwei')).to.include({ retired: false });
      expect((await start('wangwei')).status).to.equal(201);
      const trail = await h.get('admin', '/api/audit?targetType=definition&target=apisimple');
      expect(trail.body.items.map((a: { action: string }) => a.action)).to.include.members([
        'definition-retired',
        'definition-reactivated',
      ]);
    });

    it('retires one version: a start without a version takes the latest active one', async () => {
      const latest = (await h.t.engine.definitions.latest('apisimple'))!.version;
      expect(latest).to.be.greaterThan(1);
      const r = await h.post('admin', `/api/definitions/apisimple/versions/${latest}/retire`, {});
      expect(r.status).to.equal(200);
      expect(r.body).to.deep.equal({ key: 'apisimple', version: latest, retired: true });
      expect((await h.post('admin', '/api/definitions/apisimple/versions/99/retire', {})).status).to.equal(
        404,
      );
      expect((await h.post('admin', '/api/definitions/apisimple/versions/x/retire', {})).status).to.equal(
        404,
      );
      expect((await h.post('chenmin', `/api/definitions/apisimple/versions/1/retire`, {})).status).to.equal(
        404,
      );

      const pinned = await start('wangwei', latest);
      expect(pinned.status).to.equal(409);
      expect(pinned.body.error.params).to.deep.equal({ key: 'apisimple', version: latest });
      const fallback = await start('wangwei');
      expect(fallback.status).to.equal(201);
      expect(
        fallback.body.definitionVersion ?? (await h.t.engine.waitForIdle(fallback.body.id)).definitionVersion,
      ).to.equal(latest - 1);
      const item = (await h.get('admin', '/api/definitions')).body.items.find(
        (d: { key: string }) => d.key === 'apisimple',
      );
      expect(item).to.include({ retired: false });
      expect(item.retiredVersions).to.deep.equal([latest]);
      const versions = (await h.get('admin', '/api/definitions/apisimple')).body.versions;
      expect(versions.find((v: { version: number }) => v.version === latest).retired).to.equal(true);

      // every version retired: the process is not startable and counts as retired
      for (let v = 1; v < latest; v++)
        expect(
          (await h.post('admin', `/api/definitions/apisimple/versions/${v}/retire`, {})).status,
        ).to.equal(200);
      expect((await start('wangwei')).body.error.code).to.equal('definition.retired');
      expect(await listed('wangwei')).to.equal(undefined);
      for (let v = 1; v <= latest; v++)
        expect(
          (await h.post('admin', `/api/definitions/apisimple/versions/${v}/reactivate`, {})).status,
        ).to.equal(200);
      expect((await start('wangwei', latest)).status).to.equal(201);
    });

    it('keeps a retired bundled process retired when its changed file is deployed again at start-up', async () => {
      const xml = processXml(
        'apibundle',
        `<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/><bpmn:endEvent id="e"/>`,
        '',
      );
      const dir = await mkdtemp(path.join(tmpdir(), 'bundled-'));
      try {
        await writeFile(path.join(dir, 'apibundle.bpmn'), xml);
        expect((await deployBundledProcesses(h.t.engine, dir))[0]).to.include({
          action: 'deployed',
          version: 1,
        });
        expect((await h.post('admin', '/api/definitions/apibundle/retire', {})).status).to.equal(200);
        // the shipped file changed: a restart deploys it as a new version, and the process stays retired
        await writeFile(
          path.join(dir, 'apibundle.bpmn'),
          xml.replace('<bpmn:endEvent id="e"/>', '<bpmn:endEvent id="e" name="结束"/>'),
        );
        expect((await deployBundledProcesses(h.t.engine, dir))[0]).to.include({
          action: 'deployed',
          version: 2,
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      expect((await h.t.engine.definitions.latest('apibundle'))!.version).to.equal(2);
      const res = await h.post('admin', '/api/instances', {
        definitionKey: 'apibundle',
        gridUnit: GRID1,
        variables: {},
      });
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('definition.retired');
    });

    it('refuses a process id longer than a key may be (400 process-key; other bad ids the XML parser refuses)', async () => {
      for (const id of [`p${'x'.repeat(64)}`, `_${'0'.repeat(70)}`]) {
        const xml = processXml('PLACEHOLDER', '<bpmn:startEvent id="s"/>', '').replace(
          'id="PLACEHOLDER"',
          `id="${id}"`,
        );
        const deployed = await h
          .http()
          .post('/api/definitions')
          .set('Authorization', `Bearer ${await h.token('admin')}`)
          .set('Content-Type', 'application/xml')
          .send(xml);
        expect(deployed.status, id).to.equal(400);
        expect(
          deployed.body.error.details.map((d: { code?: string }) => d.code),
          JSON.stringify(deployed.body),
        ).to.include('process-key');
      }
    });
  });
});
