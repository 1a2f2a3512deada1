// The domain services the API calls instead of the store (engine/cases, engine/sla/escalation-log.ts,
// engine/audit, engine/grid, engine/notifications): each answers in domain terms — scopes, periods,
// filters — and the store query it builds is its own business.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { AuditLog } from '../../engine/audit/audit-log.js';
import { CaseRecords } from '../../engine/cases/case-records.js';
import { UserAccounts } from '../../engine/grid/accounts.js';
import { OrgDirectory, type User } from '../../engine/grid/org.js';
import { RevokedTokens } from '../../engine/grid/sessions.js';
import { NotificationInbox } from '../../engine/notifications/inbox.js';
import { EscalationLog, escalationQuery } from '../../engine/sla/escalation-log.js';
import { openStore } from '../../engine/store/index.js';
import type { Store } from '../../engine/store/types.js';

describe('domain services over the store', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-services-'));
    store = await openStore({ dataDir: dir });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const all = { skip: 0, limit: 50 };

  describe('escalation log', () => {
    const esc = (id: string, toUnit: string, extra: Record<string, unknown> = {}) => ({
      _id: id,
      instanceId: 'i1',
      toUnit,
      toLevel: 'community',
      candidateRoles: ['handler'],
      firedAt: Number(id.slice(1)),
      ...extra,
    });
    beforeEach(async () => {
      const col = store.collection('escalations');
      await col.insert(esc('e1', 'c1'));
      await col.insert(esc('e2', 'c2'));
      await col.insert(esc('e3', 's1', { toLevel: 'street', candidateRoles: ['police'] }));
      await col.insert(esc('e4', 'c1', { supervised: true, toLevel: 'district' }));
    });
    const ids = (page: { items: Array<{ _id: string }> }) => page.items.map((e) => e._id);

    it('shows a supervisor what went into their subtree, newest first; an admin everything', async () => {
      const log = new EscalationLog(store);
      const page = await log.page({ supervisedUnits: ['c1', 's1'], handles: {} }, {}, all);
      expect(ids(page)).to.deep.equal(['e4', 'e3', 'e1']);
      expect(page.total).to.equal(3);
      expect(ids(await log.page(null, {}, all))).to.deep.equal(['e4', 'e3', 'e2', 'e1']);
    });

    it("shows a handler only escalations of their roles' tasks at their units; nobody else anything", async () => {
      const log = new EscalationLog(store);
      expect(
        ids(await log.page({ supervisedUnits: [], handles: { s1: ['handler'] } }, {}, all)),
      ).to.deep.equal([]);
      expect(
        ids(await log.page({ supervisedUnits: [], handles: { s1: ['police'] } }, {}, all)),
      ).to.deep.equal(['e3']);
      expect(escalationQuery({ supervisedUnits: [], handles: {} })).to.deep.equal({ _id: { $in: [] } });
      expect(ids(await log.page({ supervisedUnits: [], handles: {} }, {}, all))).to.deep.equal([]);
    });

    it('narrows to a period of firing and to a level (or to those taken under supervision)', async () => {
      const log = new EscalationLog(store);
      expect(ids(await log.page(null, { firedAt: { from: 2, to: 4 } }, all))).to.deep.equal(['e3', 'e2']);
      expect(ids(await log.page(null, { firedAt: { from: 3 } }, all))).to.deep.equal(['e4', 'e3']);
      expect(ids(await log.page(null, { level: 'community' }, all))).to.deep.equal(['e2', 'e1']);
      expect(ids(await log.page(null, { level: 'district' }, all))).to.deep.equal([]);
      expect(ids(await log.page(null, { level: 'supervised' }, all))).to.deep.equal(['e4']);
      expect((await log.ofCase('i1')).map((e) => e._id)).to.deep.equal(['e1', 'e2', 'e3', 'e4']);
    });
  });

  it('audit log: records acts with sortable ids and pages them newest first by filter', async () => {
    const log = new AuditLog(store);
    await log.record(1000, 'admin', 'user-created', { type: 'user', id: 'u1' }, { roles: [] });
    await log.record(2000, 'admin', 'unit-created', { type: 'unit', id: 'c1' }, {});
    await log.record(2000, 'sup', 'order-issued', { type: 'supervision-order', id: 'so1' });
    const page = await log.page({}, all);
    expect(page.items.map((a) => a.action)).to.deep.equal(['order-issued', 'unit-created', 'user-created']);
    expect(page.items[1]).to.not.have.property('details'); // empty details are left out
    expect(
      (await log.page({ actor: 'admin', at: { from: 1500 } }, all)).items.map((a) => a.action),
    ).to.deep.equal(['unit-created']);
    expect((await log.page({ targetType: 'user', target: 'u1' }, all)).total).to.equal(1);
    expect((await log.page({ at: { to: 1000 } }, all)).total).to.equal(0);
  });

  it('user accounts: an edit that ends sessions bumps the session generation; listings filter by unit/role', async () => {
    const org = new OrgDirectory(store);
    const accounts = new UserAccounts(store, org);
    const user = (id: string, role: string, unit: string): User => ({
      _id: id,
      username: id,
      displayName: id,
      roles: [{ role, unit }],
      roleKeys: [`${role}@${unit}`],
    });
    await accounts.create(user('a', 'handler', 'c1'));
    await accounts.create(user('b', 'supervisor', 'c1'));
    await accounts.create(user('c', 'handler', 'c2'));
    expect(await org.usersWithRoles('c1', ['handler'])).to.deep.equal(['a']);
    expect(await accounts.update('a', { disabled: true }, { endSessions: true })).to.equal(true);
    expect(await accounts.update('nobody', { disabled: true })).to.equal(false);
    // the org directory's cached holders were dropped with the edit
    expect(await org.usersWithRoles('c1', ['handler'])).to.deep.equal([]);
    expect((await accounts.get('a')) as User & { sessionGen?: number }).to.include({
      sessionGen: 1,
      disabled: true,
    });
    await accounts.update('a', { displayName: 'A' });
    expect(((await accounts.get('a')) as User & { sessionGen?: number }).sessionGen).to.equal(1);
    expect(await accounts.changePassword('a', 'hash')).to.equal(true);
    expect((await accounts.get('a')) as User & { sessionGen?: number }).to.include({
      sessionGen: 2,
      passwordHash: 'hash',
      mustChangePassword: false,
    });
    expect((await accounts.page({ unit: 'c1' }, all)).items.map((u) => u._id)).to.deep.equal(['a', 'b']);
    expect((await accounts.page({ role: 'handler' }, all)).items.map((u) => u._id)).to.deep.equal(['a', 'c']);
    expect((await accounts.page({ role: 'handler', unit: 'c2' }, all)).total).to.equal(1);
    expect((await accounts.atUnit('c1')).map((u) => u._id)).to.deep.equal(['a', 'b']);
  });

  it('revoked tokens: a sign-out holds until expiry; expired records are dropped at the next one', async () => {
    const tokens = new RevokedTokens(store);
    await tokens.revoke('t1', 'a', 1000, 500);
    await tokens.revoke('t1', 'a', 1000, 500); // a repeat changes nothing
    expect(await tokens.isRevoked('t1')).to.equal(true);
    expect(await tokens.isRevoked('t2')).to.equal(false);
    await tokens.revoke('t2', 'a', 5000, 2000);
    expect(await tokens.isRevoked('t1')).to.equal(false);
    expect(await tokens.isRevoked('t2')).to.equal(true);
  });

  it("notification inbox: only the recipient's own, with items; marking read", async () => {
    const inbox = new NotificationInbox(store);
    const note = (id: string, recipient: string, at: number) => ({
      _id: id,
      recipient,
      kind: 'info' as const,
      title: id,
      read: false,
      at,
    });
    await store.collection('notifications').insert(note('n1', 'a', 1));
    await store.collection('notifications').insert(note('n2', 'a', 2));
    await store.collection('notifications').insert(note('n3', 'b', 3));
    await store
      .collection('notificationItems')
      .insert({ _id: 'n1#x', notificationId: 'n1', instanceId: 'i1', title: 't', effectId: 'x', at: 1 });
    const page = await inbox.page('a', { unreadOnly: false, skip: 0, limit: 10 });
    expect(page.items.map((n) => [n._id, n.itemCount])).to.deep.equal([
      ['n2', 0],
      ['n1', 1],
    ]);
    expect(page.unread).to.equal(2);
    expect(await inbox.markRead('a', 'n3')).to.equal(null); // not theirs
    expect(await inbox.markRead('a', 'n1')).to.include({ _id: 'n1', read: true });
    expect(
      (await inbox.page('a', { unreadOnly: true, skip: 0, limit: 10 })).items.map((n) => n._id),
    ).to.deep.equal(['n2']);
    expect(await inbox.markAllRead('a')).to.equal(1);
    expect((await inbox.page('b', { unreadOnly: true, skip: 0, limit: 10 })).unread).to.equal(1);
  });

  it('case records: a task the viewer may see admits to the case; open and overdue counts', async () => {
    const cases = new CaseRecords(store);
    const tasks = store.collection('tasks');
    const task = (id: string, instanceId: string, status: string, unit: string, createdAt: number) => ({
      _id: id,
      instanceId,
      status,
      unit,
      unitPath: [unit, 's1'],
      candidateRoles: ['handler'],
      createdAt,
    });
    await tasks.insert({ ...task('t1', 'i1', 'open', 'c1', 2), dueAt: 100 });
    await tasks.insert(task('t2', 'i1', 'completed', 'c2', 1));
    await tasks.insert({ ...task('t3', 'i2', 'open', 'c2', 3), dueAt: 300 });
    const viewer = (handles: Record<string, string[]>, supervises: string[] = []) => ({
      username: 'v',
      admin: false,
      supervises,
      handles,
    });
    // a handler at c2 sees the case through its completed task there, not a case with tasks at c1 only
    expect(await cases.hasTaskVisibleTo('i1', viewer({ c2: ['handler'] }))).to.equal(true);
    expect(await cases.hasTaskVisibleTo('i2', viewer({ c1: ['handler'] }))).to.equal(false);
    expect(await cases.hasTaskVisibleTo('i2', viewer({ c2: ['police'] }))).to.equal(false);
    expect(await cases.hasTaskVisibleTo('i2', viewer({}, ['s1']))).to.equal(true);
    expect(await cases.hasTaskVisibleTo('i2', { ...viewer({}), admin: true })).to.equal(true);
    expect((await cases.tasksOf('i1')).map((t) => t._id)).to.deep.equal(['t2', 't1']);
    expect(await cases.openTaskCount()).to.equal(2);
    expect(await cases.openTaskCount(200)).to.equal(1);
    expect(await cases.instance('i1')).to.equal(null);
  });
});
