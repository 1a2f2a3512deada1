// The scale benchmark's data copier (bench/scale/clone.ts) and its results (report.ts, args.ts): a copy must be
// a different case (ids, number, grid, time) whose documents still agree with each other, since the product
// is then measured on them.
import { expect } from 'chai';
import path from 'node:path';
import { FormRegistry } from '../../engine/model/forms.js';
import { PROCESSES_DIR } from '../../engine/engine.js';
import { createCalendar } from '../../engine/sla/calendar.js';
import { parseArgs } from '../../bench/scale/args.js';
import { compileTemplate, copyCase } from '../../bench/scale/clone.js';
import { formData } from '../../engine/samples/form-data.js';
import { seededRandom } from '../../engine/samples/random.js';
import { merge, table, type ScaleEntry } from '../../bench/scale/report.js';
import type { CaseTemplate } from '../../bench/scale/sample.js';

const I = 'i0123456789abcdef0123';
const T0 = Date.parse('2026-03-02T01:00:00Z');
const chain = [
  { code: '310117001001001', level: 'grid', name: '明天社区第1网格' },
  { code: '310117001001901', level: 'zone', name: '明天社区东片区' },
  { code: '310117001001', level: 'community', name: '明天社区' },
  { code: '310117001', level: 'street', name: '莘亭街道' },
  { code: '310117', level: 'district', name: '临江区' },
];
const target = [
  { code: '310117002001003', level: 'grid', name: '滨河社区第3网格' },
  { code: '310117002001902', level: 'zone', name: '滨河社区西片区' },
  { code: '310117002001', level: 'community', name: '滨河社区' },
  { code: '310117002', level: 'street', name: '江滨街道' },
  { code: '310117', level: 'district', name: '临江区' },
];

function template(): CaseTemplate {
  const path = chain.map((u) => u.code);
  return {
    definitionKey: 'fire_hazard',
    status: 'active',
    docs: {
      instances: [
        {
          _id: I,
          caseNo: '310117-2026-000009',
          gridUnit: chain[0].code,
          unitChain: chain,
          unitPath: path,
          startedAt: T0,
          tasks: { [`${I}_t2`]: { unit: chain[2].code, createdAt: T0 + 1000, dueAt: T0 + 86_400_000 } },
          timers: { x: { dueAt: T0 + 86_400_000 } },
          variables: { phone: '13800001111', count: 1234567890123456 },
        },
      ],
      tasks: [{ _id: `${I}_t2`, instanceId: I, unit: chain[2].code, unitPath: path, dueAt: T0 + 86_400_000 }],
      notifications: [{ _id: 'n-7f3a', text: `案件 310117-2026-000009 ${chain[0].name}`, at: T0 + 5 }],
      notificationItems: [{ _id: 'ni-1', notificationId: 'n-7f3a', at: T0 + 5 }],
    },
  };
}

describe('bench:scale copies of a case template', () => {
  const compiled = compileTemplate(template());
  const shift = -90 * 86_400_000;
  const copy = Object.fromEntries(
    copyCase(compiled, {
      instanceId: 'iaaaaaaaa000000000001',
      idSuffix: '-c1',
      caseNo: '310117-2025-000042',
      chain: target,
      shiftMs: shift,
    }),
  );

  it('gives the case a new id, number, grid chain and time, everywhere it appears', () => {
    const [inst] = copy.instances;
    expect(inst._id).to.equal('iaaaaaaaa000000000001');
    expect(inst.caseNo).to.equal('310117-2025-000042');
    expect(inst.gridUnit).to.equal(target[0].code);
    expect(inst.unitChain).to.deep.equal(target);
    expect(inst.unitPath).to.deep.equal(target.map((u) => u.code));
    expect(inst.startedAt).to.equal(T0 + shift);
    expect(Object.keys(inst.tasks)).to.deep.equal(['iaaaaaaaa000000000001_t2']);
    const [task] = copy.tasks;
    expect(task).to.deep.equal({
      _id: 'iaaaaaaaa000000000001_t2',
      instanceId: 'iaaaaaaaa000000000001',
      unit: target[2].code,
      unitPath: target.map((u) => u.code),
      dueAt: T0 + 86_400_000 + shift,
    });
    expect(inst.tasks['iaaaaaaaa000000000001_t2'].unit).to.equal(target[2].code);
  });

  it('keeps references between documents whose ids do not embed the case id', () => {
    expect(copy.notifications[0]._id).to.equal('n-7f3a-c1');
    expect(copy.notificationItems[0]).to.deep.include({ _id: 'ni-1-c1', notificationId: 'n-7f3a-c1' });
    expect(copy.notifications[0].text).to.equal('案件 310117-2025-000042 滨河社区第3网格');
  });

  it('leaves numbers that are not timestamps and strings of digits alone', () => {
    expect(copy.instances[0].variables).to.deep.equal({ phone: '13800001111', count: 1234567890123456 });
  });

  it('records the shape, the time span and the next timer of the template', () => {
    expect(compiled.shape).to.equal('grid/zone/community/street/district');
    expect(compiled.startedAt).to.equal(T0);
    expect(compiled.lastAt).to.equal(T0 + 86_400_000);
    expect(compiled.nextTimerAt).to.equal(T0 + 86_400_000);
  });
});

describe('bench:scale form data', () => {
  it('draws data every bundled form accepts', async () => {
    const forms = new FormRegistry();
    await forms.loadDir(path.join(PROCESSES_DIR, 'forms'));
    // as the engine wires it: working days and daytime of the business calendar (a demolition's date)
    const calendar = createCalendar({ timezone: 'Asia/Shanghai' });
    forms.useCalendar({ isWorkday: (ms) => calendar.isWorkday(ms), timezone: 'Asia/Shanghai' });
    const rnd = seededRandom(3);
    // photo and file fields hold ids of the case's attachments: the driver uploads one per case
    const photos = ['a0123456789abcdef0123'];
    for (const key of forms.keys()) {
      const data = formData(forms, key, rnd, T0, 60, photos);
      expect(data, key).to.be.an('object');
      expect(forms.validate(key, structuredClone(data)), key).to.deep.equal([]);
    }
  });
});

describe('bench:scale results', () => {
  const entry = (store: string, closed: number, inbox: number): ScaleEntry => ({
    store,
    closed,
    open: 10,
    readyMs: 1000,
    rssMb: 200,
    inboxP95Ms: inbox,
    inboxSupervisorP95Ms: 10,
    searchP95Ms: 10,
    statsMonthP95Ms: 10,
    statsYearP95Ms: 10,
    completeP95Ms: 10,
    maxStallMs: 10,
    machine: 'm',
    at: 'now',
  });

  it('replaces the entry of the same store and size, keeps the others', () => {
    const merged = merge([entry('sqlite', 100, 1), entry('sqlite', 300, 2)], [entry('sqlite', 100, 5)]);
    expect(merged.map((e) => [e.closed, e.inboxP95Ms])).to.deep.equal([
      [100, 5],
      [300, 2],
    ]);
  });

  it('fails a measure over its target and a growth of more than 2× across sizes', () => {
    const text = table([entry('sqlite', 100, 20), entry('sqlite', 300, 45)]);
    expect(text).to.match(/\| inbox p95 \(grid worker\) \| ≤ 50 ms \| 20 PASS \| 45 PASS \| 2\.25× FAIL \|/);
    expect(table([entry('sqlite', 100, 60)])).to.match(/grid worker\) \| ≤ 50 ms \| 60 FAIL \| n\/a \|/);
  });

  it('refuses an unknown store or a size that is not a number', () => {
    expect(() => parseArgs(['--store', 'mongo'])).to.throw(/--store must be one of/);
    expect(() => parseArgs(['--closed', '30k'])).to.throw(/whole number/);
    expect(parseArgs(['--store', 'postgres', '--closed', '2000,5000', '--open', '500'])).to.deep.include({
      store: 'postgres',
      closed: [2000, 5000],
      open: 500,
    });
  });
});
