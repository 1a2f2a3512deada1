// The contract of the case search (engine/cases/case-list.ts CaseSearch) that every store adapter passes:
// asked with a viewer and domain criteria, it answers exactly the cases the access rules of the API
// (engine/api/access.ts, pure functions) and the criteria's definitions admit — checked against an oracle in
// JavaScript over the same generated cases, for many combinations — isolates scopes (a handler their units,
// a supervisor their subtree, an outsider nothing), and pages an export stably while cases are written.
// The inbox's counterpart (TaskRepository.inbox) is held to the same access rules. Stores that can explain
// their queries check the plan too (`plans`).
import { expect } from 'chai';
import { canSeeInstanceDirectly, canSeeTask, principalOf, type Principal } from '../../engine/api/access.js';
import { accessKeysOf, userKey } from '../../engine/cases/access-keys.js';
import { normalizeSearchText, bigrams, withCaseIndex } from '../../engine/cases/case-index.js';
import { CaseSearch, type CaseCriteria, type CaseSort } from '../../engine/cases/case-list.js';
import { InstanceRepository } from '../../engine/cases/instance-repository.js';
import { openKeysOf } from '../../engine/cases/task-keys.js';
import type { Viewer } from '../../engine/cases/viewer.js';
import type { InboxCriteria } from '../../engine/queue/inbox-conditions.js';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import { TaskRepository } from '../../engine/queue/task-repository.js';
import type { InstanceState, TaskState } from '../../engine/runtime/types.js';
import type { Store } from '../../engine/store/types.js';

/** What a store that can explain its queries lets the suite check: the plan of a search. */
export interface PlanProbe {
  /** the plan lines of the store's query for the search (after the store has analysed its data) */
  plan(store: Store, viewer: Viewer, criteria: CaseCriteria, sort: CaseSort, now: number): Promise<string[]>;
  /** lines of `plan` that read a whole table */
  fullScans(lines: string[]): string[];
  /** the plan lines of the store's capped count of the search */
  countPlan?(store: Store, viewer: Viewer, criteria: CaseCriteria, now: number): Promise<string[]>;
}

const NOW = Date.parse('2026-05-01T00:00:00Z');
const H = 3_600_000;

// district D; streets S1 (communities C1: grids G1, G2) and S2 (C2: grid G3)
const PATHS: Record<string, string[]> = {
  G1: ['G1', 'C1', 'S1', 'D'],
  G2: ['G2', 'C1', 'S1', 'D'],
  G3: ['G3', 'C2', 'S2', 'D'],
  C1: ['C1', 'S1', 'D'],
  C2: ['C2', 'S2', 'D'],
};
const LEVEL: Record<string, string> = { G: 'grid', C: 'community', S: 'street', D: 'district' };
const TITLES = ['井盖破损', '占道经营', '噪音扰民', '垃圾堆放', '井盖缺失'];
const STATUSES = ['active', 'active', 'completed', 'terminated', 'cancelled'] as const;
const PEOPLE = ['ann', 'bob', 'cat'];

const principal = (username: string, roles: Array<[string, string]>): Principal =>
  principalOf({ _id: username, displayName: username, roles: roles.map(([unit, role]) => ({ unit, role })) });

export const VIEWERS: Principal[] = [
  principal('ann', [['G1', 'gridWorker']]),
  principal('bob', [['G3', 'gridWorker']]),
  principal('cat', [['C1', 'mediator']]),
  principal('sue', [['S1', 'supervisor']]),
  principal('dan', [['C2', 'supervisor']]),
  principal('zed', [['G9', 'gridWorker']]),
  principal('root', [['D', 'admin']]),
];

function task(id: string, unit: string, open: boolean, i: number, extra: Partial<TaskState> = {}): TaskState {
  return {
    id,
    nodeId: 'handle',
    tokenId: `tok-${id}`,
    status: open ? 'open' : 'completed',
    level: LEVEL[unit[0]],
    unit,
    unitPath: PATHS[unit],
    candidateRoles: unit.startsWith('C') ? ['mediator'] : ['gridWorker'],
    createdAt: NOW - (200 - i) * H,
    slaState: 'ontime',
    ladderStep: 0,
    watchers: [],
    escalations: [],
    ...extra,
  } as TaskState;
}

/** Case `i` as the runner writes it: the state, its case-index fields and access keys stamped. */
export function caseOf(i: number, over: Partial<InstanceState> = {}): InstanceState {
  const grid = ['G1', 'G2', 'G3'][i % 3];
  const status = STATUSES[i % 5];
  const active = status === 'active';
  const startedAt = NOW - (200 - i) * H;
  const tasks: Record<string, TaskState> = {};
  // the grid task: open while active (due in the past for every third), assigned to someone for some
  tasks[`t${i}a`] = task(`t${i}a`, grid, active && i % 4 !== 1, i, {
    ...(i % 6 === 0 ? { assignee: PEOPLE[i % 3] } : {}),
    ...(i % 4 !== 1 ? { dueAt: NOW + (i % 3 === 0 ? -2 : 5) * H } : {}),
  });
  // every fourth escalated to its community (an open task there while active)
  if (i % 4 === 1) {
    const community = PATHS[grid][1];
    tasks[`t${i}b`] = task(`t${i}b`, community, active, i, {
      dueAt: NOW + 10 * H,
      watchers: [PEOPLE[(i + 1) % 3]],
      escalations: [
        {
          fromLevel: 'grid',
          toLevel: 'community',
          fromUnit: grid,
          toUnit: community,
          dueAt: NOW - 20 * H,
          firedAt: NOW - 19 * H,
          latenessMs: H,
        },
      ],
    });
  }
  const s = {
    _id: `case${String(i).padStart(4, '0')}`,
    version: 1,
    definitionKey: i % 2 ? 'dispute' : 'report',
    definitionVersion: 1,
    businessKey: `BK${i % 7}`,
    caseNo: `D-2026-${String(i).padStart(6, '0')}`,
    title: `${TITLES[i % TITLES.length]}${i}号`,
    gridUnit: grid,
    unitChain: PATHS[grid].map((code) => ({ code, level: LEVEL[code[0]], name: code })),
    unitPath: PATHS[grid],
    status,
    variables: { address: `${['滨河路', '江滨大道', '明天路'][i % 3]}${i}弄` },
    tokens: {},
    scopes: {},
    tasks,
    timers: {},
    subscriptions: {},
    joins: {},
    incidents: i % 10 === 0 && active ? { x: { status: 'open' } } : {},
    supervised: i % 8 === 0,
    seq: 0,
    startedAt,
    startedBy: ['r1', 'r2', 'ann'][i % 3],
    ...(active ? {} : { endedAt: startedAt + (i % 9) * H }),
    ...over,
  } as unknown as InstanceState;
  return { ...withCaseIndex(s), accessKeys: accessKeysOf(s) };
}

/** Whether the API's rules let `p` see the case: directly, or through one of its tasks (views.ts). */
function visible(p: Principal, s: InstanceState): boolean {
  return canSeeInstanceDirectly(p, s) || Object.values(s.tasks).some((t) => canSeeTask(p, t));
}

const inPeriod = (v: number | undefined, p?: { from?: number; to?: number }) =>
  !p || (v !== undefined && (p.from === undefined || v >= p.from) && (p.to === undefined || v < p.to));

/** The criteria's definitions (the API documentation of GET /instances) in JavaScript. */
function meets(p: Principal, s: InstanceState, c: CaseCriteria, now: number): boolean {
  if (c.q) {
    const q = c.q.trim();
    const byNumber = !!s.caseNo && s.caseNo.startsWith(q);
    // eslint-disable-next-line no-control-regex
    const ascii = /^[\x00-\x7f]*$/.test(normalizeSearchText(q));
    const text = normalizeSearchText(`${s.title} ${s.variables.address as string}`);
    const byText = !ascii && bigrams(q).every((b) => text.includes(b));
    if (!byNumber && !byText) return false;
  }
  if (c.definitionKey && s.definitionKey !== c.definitionKey) return false;
  if (c.status) {
    const ok =
      {
        open: s.status === 'active',
        closed: s.status === 'completed' || s.status === 'terminated',
        incident: s.status === 'active' && !!s.incident,
      }[c.status] ?? s.status === c.status;
    if (!ok) return false;
  }
  if (c.unit && !s.unitPath.includes(c.unit)) return false;
  if (c.level && !(s.openLevels ?? []).includes(c.level)) return false;
  const breached = s.breachAt !== undefined && s.breachAt < now;
  if (c.overdue === true && !breached) return false;
  if (c.overdue === false && (s.status !== 'active' || breached)) return false;
  if (c.escalated !== undefined && !!s.escalated !== c.escalated) return false;
  if (c.listed !== undefined && s.supervised !== c.listed) return false;
  if (c.reporter && s.startedBy !== c.reporter) return false;
  if (c.businessKey && s.businessKey !== c.businessKey) return false;
  if (!inPeriod(s.startedAt, c.reported) || !inPeriod(s.dueAt, c.due) || !inPeriod(s.endedAt, c.closed))
    return false;
  if (c.involved && !(s.accessKeys ?? []).includes(userKey(p.username))) return false;
  return true;
}

export const CRITERIA: CaseCriteria[] = [
  {},
  { status: 'open' },
  { status: 'closed' },
  { status: 'cancelled' },
  { status: 'incident' },
  { unit: 'C1' },
  { unit: 'G3', status: 'open' },
  { level: 'community' },
  { overdue: true },
  { overdue: false },
  { escalated: true },
  { escalated: false, status: 'open' },
  { listed: true },
  { reporter: 'r2' },
  { businessKey: 'BK3' },
  { definitionKey: 'dispute', status: 'closed' },
  { q: '井盖' },
  { q: '滨河路 井盖' },
  { q: 'D-2026-00001' },
  { q: '噪音', unit: 'S1' },
  { reported: { from: NOW - 150 * H, to: NOW - 100 * H } },
  { due: { from: NOW - 3 * H } },
  { closed: { to: NOW - 120 * H } },
  { involved: true },
  { involved: true, status: 'open', overdue: true },
  { definitionKey: 'report', unit: 'G1', level: 'grid', overdue: true, escalated: false },
];

const BY_STARTED: CaseSort = { field: 'startedAt', dir: -1 };

export function caseSearchContract(
  name: string,
  open: () => Promise<Store>,
  cleanup: () => Promise<void> = async () => {},
  plans?: PlanProbe,
) {
  describe(`case search and inbox repositories: ${name}`, function () {
    this.timeout(60_000);
    let store: Store;
    let search: CaseSearch;
    const cases = Array.from({ length: 120 }, (_, i) => caseOf(i));
    before(async () => {
      store = await open();
      search = new CaseSearch(store);
      const repo = new InstanceRepository(store);
      for (const s of cases) await repo.insert(s);
      // the task read model of the same cases, as the outbox projects it
      const tasks = new TaskRepository(store);
      for (const s of cases)
        for (const t of Object.values(s.tasks)) {
          const doc = {
            _id: t.id,
            instanceId: s._id,
            instanceVersion: s.version,
            status: t.status,
            unit: t.unit,
            unitPath: t.unitPath,
            candidateRoles: t.candidateRoles,
            ...(t.assignee ? { assignee: t.assignee } : {}),
            watchers: t.watchers,
            level: t.level,
            gridUnit: s.gridUnit,
            definitionKey: s.definitionKey,
            createdAt: t.createdAt,
            ...(t.dueAt !== undefined ? { dueAt: t.dueAt } : {}),
          } as unknown as TaskDoc;
          await tasks.project({ ...doc, openKeys: openKeysOf(doc) } as TaskDoc);
        }
    });
    after(async () => {
      await store?.close();
      await cleanup();
    });

    const ids = (xs: Array<{ _id: string }>) => xs.map((x) => x._id);

    it('answers every criterion and combination for every viewer as the access rules and definitions do', async () => {
      let nonEmpty = 0;
      for (const p of VIEWERS)
        for (const c of CRITERIA) {
          const expected = cases
            .filter((s) => visible(p, s) && meets(p, s, c, NOW))
            .sort((a, b) => b.startedAt - a.startedAt);
          const what = `${p.username} ${JSON.stringify(c)}`;
          const page = await search.page(p, c, BY_STARTED, { skip: 0, limit: 500 }, NOW);
          expect(ids(page.items), what).to.deep.equal(ids(expected));
          expect(page.total, what).to.equal(expected.length);
          expect(await search.count(p, c, 1000, NOW), what).to.equal(expected.length);
          if (expected.length) nonEmpty++;
        }
      // the oracle is not trivially empty: most combinations find something
      expect(nonEmpty).to.be.greaterThan((VIEWERS.length * CRITERIA.length) / 2);
    });

    it('counts a total up to the cap and answers "more than" past it, exact at the cap', async () => {
      for (const [p, c] of [
        [VIEWERS[3], { q: '井盖' }],
        [VIEWERS[6], { q: '井盖' }],
        [VIEWERS[0], { status: 'open' }],
      ] as Array<[Principal, CaseCriteria]>) {
        const expected = cases.filter((s) => visible(p, s) && meets(p, s, c, NOW)).length;
        const what = `${p.username} ${JSON.stringify(c)}`;
        expect(expected, what).to.be.greaterThan(3);
        const at = async (cap: number) =>
          new CaseSearch(store, cap).page(p, c, BY_STARTED, { skip: 0, limit: 2 }, NOW);
        expect(await at(expected - 1), what).to.deep.include({ total: expected - 1, totalCapped: true });
        expect(await at(3), what).to.deep.include({ total: 3, totalCapped: true });
        for (const cap of [expected, expected + 1]) {
          const page = await at(cap);
          expect(page.total, what).to.equal(expected);
          expect(page, what).not.to.have.property('totalCapped');
        }
        // the page itself is not cut by the cap
        const capped = await at(3);
        expect(ids(capped.items), what).to.deep.equal(ids((await at(expected)).items));
      }
    });

    it('isolates scopes: a handler sees their units, a supervisor their subtree, an outsider nothing', async () => {
      const [ann, bob, , sue, dan, zed, root] = VIEWERS;
      const all = async (p: Principal, c: CaseCriteria = {}) =>
        ids((await search.page(p, c, BY_STARTED, { skip: 0, limit: 500 }, NOW)).items);
      const caseAt = (grid: string) => cases.filter((s) => s.gridUnit === grid).map((s) => s._id);
      // a supervisor: exactly the subtree (S1 holds G1 and G2, C2 holds G3)
      expect((await all(sue)).sort()).to.deep.equal([...caseAt('G1'), ...caseAt('G2')].sort());
      expect((await all(dan)).sort()).to.deep.equal(caseAt('G3').sort());
      // a grid worker: their grid, and elsewhere only what they started or handled
      const annSees = await all(ann);
      for (const id of caseAt('G1')) expect(annSees).to.include(id);
      for (const id of annSees.filter((x) => !caseAt('G1').includes(x))) {
        const s = cases.find((x) => x._id === id)!;
        expect(s.startedBy === 'ann' || s.accessKeys!.includes('u:ann'), id).to.equal(true);
      }
      expect((await all(bob)).filter((id) => caseAt('G1').includes(id)).sort()).to.deep.equal(
        cases
          .filter((s) => s.gridUnit === 'G1' && s.accessKeys!.includes('u:bob'))
          .map((s) => s._id)
          .sort(),
      );
      // an outsider: nothing, whatever the criteria, in a page, a count, an export and the map's lookup
      expect(await all(zed)).to.deep.equal([]);
      expect(await all(zed, { q: '井盖' })).to.deep.equal([]);
      expect(await search.count(zed, {}, 1000, NOW)).to.equal(0);
      const exported: string[] = [];
      for await (const page of search.pages(zed, {}, BY_STARTED, 1000, NOW, 10)) exported.push(...ids(page));
      expect(exported).to.deep.equal([]);
      expect(await search.among(zed, ids(cases), {}, ['status'], NOW)).to.deep.equal([]);
      // the admin: everything
      expect((await all(root)).length).to.equal(cases.length);
      // the map's lookup keeps only the cases the viewer may see, with the criteria, and only the fields asked
      const some = ids(cases.slice(0, 30));
      const mapped = await search.among(dan, some, { status: 'open' }, ['status', 'caseNo'], NOW);
      expect(ids(mapped).sort()).to.deep.equal(
        cases
          .slice(0, 30)
          .filter((s) => s.gridUnit === 'G3' && s.status === 'active')
          .map((s) => s._id),
      );
      expect(Object.keys(mapped[0]).sort()).to.deep.equal(['_id', 'caseNo', 'status']);
    });

    it('pages by offset as the whole list does, for every sort', async () => {
      const p = VIEWERS[3];
      for (const field of ['startedAt', 'dueAt', 'endedAt', 'caseNo'] as const)
        for (const dir of [1, -1] as const) {
          const whole = ids((await search.page(p, {}, { field, dir }, { skip: 0, limit: 500 }, NOW)).items);
          const paged: string[] = [];
          // keyset export pages of 7: every case once, in the order of the whole list's sort field
          for await (const page of search.pages(p, {}, { field, dir }, 1000, NOW, 7))
            paged.push(...ids(page));
          expect([...paged].sort(), `${field} ${dir}`).to.deep.equal([...whole].sort());
          expect(new Set(paged).size).to.equal(paged.length);
        }
    });

    it('keeps an export stable while cases are written: every case once, none repeated or skipped', async () => {
      const p = VIEWERS[3]; // sue, S1's supervisor
      const repo = new InstanceRepository(store);
      const before = ids((await search.page(p, {}, BY_STARTED, { skip: 0, limit: 500 }, NOW)).items);
      const seen: string[] = [];
      let n = 0;
      for await (const page of search.pages(p, {}, BY_STARTED, 1000, NOW, 9)) {
        seen.push(...ids(page));
        // newer cases arrive in the viewer's subtree (before the cursor) and older ones (after it) meanwhile
        await repo.insert(caseOf(1000 + n * 3, { startedAt: NOW + n * H } as Partial<InstanceState>));
        await repo.insert(
          caseOf(2001 + n * 3, { startedAt: NOW - 10_000 * H - n } as Partial<InstanceState>),
        );
        n++;
      }
      expect(new Set(seen).size, 'no case twice').to.equal(seen.length);
      for (const id of before) expect(seen, id).to.include(id);
      // the older cases written while exporting lie after the cursor: they come too
      expect(seen.filter((id) => id >= 'case2000').length).to.be.greaterThan(0);
      expect(seen.filter((id) => id >= 'case1000' && id < 'case2000')).to.deep.equal([]);
    });

    it("gives each viewer the inbox of the tasks they may see, with the criteria, and no one else's", async () => {
      const tasks = new TaskRepository(store);
      const docs = cases.flatMap((s) =>
        Object.values(s.tasks).map((t) => ({ ...t, instanceId: s._id, gridUnit: s.gridUnit, s })),
      );
      const criteria: Array<[InboxCriteria, (t: (typeof docs)[number]) => boolean]> = [
        [{}, (t) => t.status === 'open'],
        [{ status: 'all' }, () => true],
        [{ status: 'completed' }, (t) => t.status === 'completed'],
        [{ level: 'community' }, (t) => t.status === 'open' && t.level === 'community'],
        [{ gridUnits: ['G1', 'G3'] }, (t) => t.status === 'open' && ['G1', 'G3'].includes(t.gridUnit)],
        [{ dueBefore: NOW }, (t) => t.status === 'open' && t.dueAt !== undefined && t.dueAt < NOW],
        [{ instanceId: 'case0001', status: 'all' }, (t) => t.instanceId === 'case0001'],
        [{ definitionKey: 'dispute' }, (t) => t.status === 'open' && t.s.definitionKey === 'dispute'],
      ];
      for (const p of VIEWERS)
        for (const [c, keep] of criteria) {
          const expected = docs
            .filter((t) => canSeeTask(p, t) && keep(t))
            .map((t) => t.id)
            .sort();
          const got = await tasks.inbox(p, c, { sort: 'createdAt', skip: 0, limit: 500 });
          expect(got.items.map((t) => t._id).sort(), `${p.username} ${JSON.stringify(c)}`).to.deep.equal(
            expected,
          );
          expect(got.total).to.equal(expected.length);
        }
      const mine = await tasks.inbox(VIEWERS[0], { mine: true }, { skip: 0, limit: 500 });
      expect(mine.items.every((t) => t.assignee === 'ann')).to.equal(true);
      expect(mine.total).to.be.greaterThan(0);
      // "has a task the viewer may see": through a task at C1 for the mediator, never for the outsider
      const escalated = cases.find((s) => s.gridUnit === 'G1' && Object.keys(s.tasks).length === 2)!;
      expect(await tasks.anyVisibleOfCase(escalated._id, VIEWERS[2])).to.equal(true);
      expect(await tasks.anyVisibleOfCase(escalated._id, VIEWERS[5])).to.equal(false);
      expect(await tasks.anyVisibleOfCase(escalated._id, VIEWERS[4])).to.equal(false);
    });

    it('decides pending requests only for the units the viewer decides for', async () => {
      const tasks = new TaskRepository(store);
      const base = {
        instanceVersion: 1,
        status: 'open',
        candidateRoles: ['gridWorker'],
        watchers: [],
        createdAt: 1,
      };
      const request = (id: string, unit: string, requestKind: string) => {
        const t = { ...base, _id: id, instanceId: `x${id}`, unit, unitPath: PATHS[unit], requestKind };
        return { ...t, openKeys: openKeysOf(t as unknown as TaskDoc) } as unknown as TaskDoc;
      };
      await tasks.project(request('rq1', 'G1', 'extension'));
      await tasks.project(request('rq2', 'G3', 'backlog'));
      // an extension asked at C2 itself: C2's own supervisor does not decide it (one level up does)
      await tasks.project(request('rq3', 'C2', 'extension'));
      const decide = async (p: Principal, d: InboxCriteria['decidable']) =>
        (await tasks.inbox(p, { decidable: d }, { skip: 0, limit: 50 })).items.map((t) => t._id).sort();
      const [, , , sue, dan, , root] = VIEWERS;
      expect(await decide(sue, { extension: ['S1'], backlog: ['S1'] })).to.deep.equal(['rq1']);
      expect(await decide(dan, { extension: ['C2'], backlog: ['C2'] })).to.deep.equal(['rq2']);
      expect(await decide(dan, { extension: ['S2'] })).to.deep.equal(['rq3']);
      expect(await decide(sue, { extension: [], backlog: [] })).to.deep.equal([]);
      expect(await decide(VIEWERS[0], {})).to.deep.equal([]);
      expect(await decide(root, { extension: 'any', backlog: 'any' })).to.deep.equal(['rq1', 'rq2', 'rq3']);
      expect(await decide(root, { backlog: 'any' })).to.deep.equal(['rq2']);
    });

    if (plans?.countPlan)
      it("counts a word search from the word's index entries, the viewer's scope probed per row", async () => {
        // a district supervisor: their subtree's cases are never listed whole to count the word's matches
        // (that list grows with every case the district ever had)
        const lines = await plans.countPlan!(store, VIEWERS[3], { q: '井盖' }, NOW);
        const text = lines.join('\n');
        expect(text).to.match(/SEARCH instances__searchTerms USING PRIMARY KEY \(value=\?\)/);
        expect(text).to.match(/SEARCH s USING PRIMARY KEY \(value=\? AND id=\?\)/);
        expect(text, text).not.to.match(/instances__unitPath USING PRIMARY KEY \(value=\?\)$/m);
        expect(plans.fullScans(lines), text).to.deep.equal([]);
        // a grid worker: their grid's cases and those they started are read from those indexes once (a list
        // of rows), not by parsing each found case's document
        const worker = (await plans.countPlan!(store, VIEWERS[0], { q: '井盖' }, NOW)).join('\n');
        expect(worker, worker).to.match(/USING COVERING INDEX instances__gridUnit_startedAt \(<expr>=\?\)/);
        expect(worker, worker).to.match(/USING COVERING INDEX instances__startedBy \(<expr>=\?\)/);
      });

    if (plans)
      it('keeps the plan of a search when closed cases pile up, and reads no table whole', async () => {
        const asked: Array<[Principal, CaseCriteria, CaseSort]> = [
          [VIEWERS[0], { status: 'open' }, BY_STARTED],
          [VIEWERS[3], { status: 'open' }, BY_STARTED],
          [VIEWERS[3], { status: 'open', overdue: true }, { field: 'dueAt', dir: 1 }],
          [VIEWERS[0], { involved: true, status: 'open' }, BY_STARTED],
          [VIEWERS[3], { q: '井盖' }, BY_STARTED],
          // words no case holds: found (not) by their bigrams' index entries, not by walking every case
          [VIEWERS[3], { q: '罕见字眼' }, BY_STARTED],
          [VIEWERS[6], { q: '罕见字眼', status: 'closed' }, { field: 'endedAt', dir: -1 }],
          [VIEWERS[6], { status: 'open' }, BY_STARTED],
        ];
        const plansNow = async () => {
          const out: string[][] = [];
          for (const [p, c, sort] of asked) out.push(await plans.plan(store, p, c, sort, NOW));
          return out;
        };
        const small = await plansNow();
        for (const lines of small) expect(plans.fullScans(lines), lines.join('\n')).to.deep.equal([]);
        // years of closed cases in the same grids, handled by the same people (their access keys stay)
        const repo = new InstanceRepository(store);
        let next = 0;
        const pile = async (n: number) => {
          for (let i = 0; i < n; i++, next++)
            await repo.insert(
              caseOf(5000 + next * 5 + 2, {
                startedAt: NOW - (400 + next) * H,
                title: `${TITLES[next % TITLES.length]}${next}号`,
              } as Partial<InstanceState>),
            );
        };
        await pile(2000);
        const once = await plansNow();
        await pile(2000);
        const twice = await plansNow();
        if (process.env.PRINT_PLANS)
          for (const [i, [p, c]] of asked.entries())
            console.log(`${p.username} ${JSON.stringify(c)}\n  ${twice[i].join('\n  ')}`);
        for (const [i, [p, c]] of asked.entries()) {
          const what = `${p.username} ${JSON.stringify(c)}`;
          expect(plans.fullScans(twice[i]), `${what}\n${twice[i].join('\n')}`).to.deep.equal([]);
          expect(twice[i], `${what}\nwith 2000 closed:\n${once[i].join('\n')}`).to.deep.equal(once[i]);
          if (c.q === '罕见字眼') expect(twice[i].join('\n'), what).not.to.match(/^SCAN instances\b/m);
        }
      });
  });
}
