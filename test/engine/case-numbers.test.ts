// Case numbers and titles given at start (engine/cases): format, uniqueness under concurrency, sequences per
// district and per business year, the configurable pattern, the default title and grid:title.
import { expect } from 'chai';
import {
  allocateCaseNumber,
  checkCaseNumberPattern,
  DEFAULT_CASE_NUMBER_PATTERN,
} from '../../engine/cases/case-number.js';
import { caseTitle, defaultTitle } from '../../engine/cases/case-title.js';
import { GRID1, testEngine, type TestEngine } from '../helpers/engine.js';
import { fireHazardReport } from '../fixtures/forms.js';
import { flow, processXml, userTask } from './fixtures.js';

const ONE_TASK = (id: string, processAttrs = '', name = id) =>
  processXml(
    id,
    `<bpmn:startEvent id="start"/>
     ${flow('f1', 'start', 'report')}
     ${userTask('report', 'grid:level="grid" grid:candidateRoles="handler" grid:formKey="fire-hazard-report"')}
     ${flow('f2', 'report', 'end')}
     <bpmn:endEvent id="end"/>`,
    '',
    name,
  ).replace(`<bpmn:process id="${id}"`, `<bpmn:process id="${id}" ${processAttrs}`);

const REPORT = {
  location: '幸福路12号',
  venueName: '好运来小吃店',
  venueType: 'three_in_one',
  hazardTypes: ['blocked_exit', 'no_extinguisher'],
  severity: 'serious',
};

describe('engine: case numbers', () => {
  let t: TestEngine;
  before(async () => {
    t = await testEngine();
    await t.engine.deploy(ONE_TASK('fire', '', '消防隐患'));
  });
  after(() => t.close());

  it('numbers a case {district}-{yyyy}-{seq:6} and gives its tasks the number and title', async () => {
    const s = await t.engine.start('fire', { gridUnit: GRID1, variables: REPORT }, 'wangwei');
    expect(s.caseNo).to.match(/^310117-2026-\d{6}$/);
    expect(s.title).to.be.a('string').and.not.equal('');
    await t.engine.waitForIdle(s._id);
    const [task] = await t.engine.tasksOfCase(s._id);
    expect(task).to.include({ caseNo: s.caseNo, caseTitle: s.title });
    expect((await t.engine.getInstance(s._id))!).to.include({ caseNo: s.caseNo, title: s.title });
  });

  it('gives 50 concurrent starts in one district 50 distinct consecutive numbers', async () => {
    const started = await Promise.all(
      Array.from({ length: 50 }, () => t.engine.start('fire', { gridUnit: GRID1 }, 'wangwei')),
    );
    const seqs = started.map((s) => Number(s.caseNo!.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(seqs).size).to.equal(50);
    expect(seqs[49] - seqs[0]).to.equal(49);
    // all stored, none lost
    expect(
      await t.engine.store.collection('instances').count({ caseNo: { $in: started.map((s) => s.caseNo) } }),
    ).to.equal(50);
  });

  it('keeps one sequence per district and per year of the business time zone', async () => {
    const store = t.engine.store;
    const chain = (district: string) => [
      { code: `${district}001`, level: 'street', name: '街道' },
      { code: district, level: 'district', name: '区' },
    ];
    const at = Date.parse('2026-06-01T04:00:00Z');
    const draw = (district: string, now = at) =>
      allocateCaseNumber(store, DEFAULT_CASE_NUMBER_PATTERN, chain(district), now, 'Asia/Shanghai');
    expect(await draw('900001')).to.equal('900001-2026-000001');
    expect(await draw('900001')).to.equal('900001-2026-000002');
    expect(await draw('900002')).to.equal('900002-2026-000001');
    // 2026-12-31 16:30 UTC is already 2027-01-01 in Shanghai: a new year, a new sequence
    expect(await draw('900001', Date.parse('2026-12-31T16:30:00Z'))).to.equal('900001-2027-000001');
    expect(await draw('900001', Date.parse('2026-12-31T15:30:00Z'))).to.equal('900001-2026-000003');
  });

  it('refuses a pattern without {seq} or with an unknown placeholder', () => {
    expect(() => checkCaseNumberPattern('{district}-{yyyy}')).to.throw(/\{seq\}/);
    expect(() => checkCaseNumberPattern('{city}-{seq:6}')).to.throw(/unknown placeholder \{city\}/);
    expect(() => checkCaseNumberPattern(DEFAULT_CASE_NUMBER_PATTERN)).not.to.throw();
  });
});

describe('engine: case number pattern from the configuration', () => {
  it('numbers by CASE_NUMBER_PATTERN, e.g. GD{yy}{mm}-{seq:4}', async () => {
    const t = await testEngine({ config: { caseNumberPattern: 'GD{yy}{mm}-{seq:4}' } });
    try {
      await t.engine.deploy(ONE_TASK('fire'));
      const a = await t.engine.start('fire', { gridUnit: GRID1 }, 'wangwei');
      const b = await t.engine.start('fire', { gridUnit: GRID1 }, 'wangwei');
      expect([a.caseNo, b.caseNo]).to.deep.equal(['GD2603-0001', 'GD2603-0002']);
    } finally {
      await t.close();
    }
  });

  it('does not open with a bad pattern', async () => {
    const err = await testEngine({ config: { caseNumberPattern: '{district}' }, workers: false }).catch(
      (e) => e,
    );
    expect(err).to.be.instanceOf(Error);
    expect(String(err.message)).to.match(/CASE_NUMBER_PATTERN/);
  });
});

describe('engine: case titles', () => {
  let t: TestEngine;
  before(async () => {
    t = await testEngine();
    await t.engine.deploy(ONE_TASK('fire', '', '消防隐患'));
    await t.engine.deploy(
      ONE_TASK('titled', 'grid:title="=venueName + &quot;（&quot; + location + &quot;）&quot;"', '有标题'),
    );
    await t.engine.deploy(ONE_TASK('untitled', 'grid:title="=missing.field"', '无标题流程'));
  });
  after(() => t.close());

  it('defaults to the category label and the address of the report', async () => {
    const s = await t.engine.start('fire', { gridUnit: GRID1, variables: REPORT }, 'wangwei');
    expect(s.title).to.match(/^.+等 · 幸福路12号$/);
    const schema = t.engine.forms.schema('fire-hazard-report');
    expect(defaultTitle({ hazardTypes: ['blocked_exit'], location: '幸福路12号' }, schema)).to.not.contain(
      'blocked_exit',
    );
    // the dispute and illegal-building reports
    expect(
      defaultTitle(
        { disputeType: 'neighbour', location: '明天路3号' },
        t.engine.forms.schema('dispute-intake'),
      ),
    ).to.equal('邻里纠纷 · 明天路3号');
    expect(
      defaultTitle(
        { structureType: 'rooftop', location: '杨湾村5组' },
        t.engine.forms.schema('illegal-discovery'),
      ),
    ).to.equal('屋顶加层/搭建 · 杨湾村5组');
  });

  it('falls back to the process name when the report has neither', async () => {
    const s = await t.engine.start('fire', { gridUnit: GRID1 }, 'wangwei');
    expect(s.title).to.equal('消防隐患');
  });

  it('is refreshed when a later step sets the fields it reads (the report filled in at the first task)', async () => {
    const s = await t.engine.start('fire', { gridUnit: GRID1 }, 'wangwei');
    expect(s.title).to.equal('消防隐患');
    await t.engine.waitForIdle(s._id);
    const [task] = await t.engine.openTasksOfCase(s._id);
    expect(task.caseTitle).to.equal('消防隐患');
    await t.engine.claim(task._id, 'wangwei');
    await t.engine.completeTask(task._id, 'wangwei', fireHazardReport({ location: '明天路88号' }));
    const done = await t.engine.waitForIdle(s._id);
    expect(done.title).to.equal('电气线路私拉乱接 · 明天路88号');
    expect(done.caseNo).to.equal(s.caseNo);
    expect((await t.engine.getTask(task._id))!.caseTitle).to.equal('电气线路私拉乱接 · 明天路88号');
  });

  it('uses grid:title on the process when it yields text, else the process name, never an incident', async () => {
    const s = await t.engine.start('titled', { gridUnit: GRID1, variables: REPORT }, 'wangwei');
    expect(s.title).to.equal('好运来小吃店（幸福路12号）');
    const none = await t.engine.start('untitled', { gridUnit: GRID1, variables: REPORT }, 'wangwei');
    expect(none.title).to.equal('无标题流程');
    const idle = await t.engine.waitForIdle(none._id);
    expect(Object.keys(idle.incidents)).to.have.length(0);
    expect(
      caseTitle({ expression: '=string length(1)', variables: {}, processName: 'P' }),
      'a failing expression',
    ).to.equal('P');
  });

  it('refuses a grid:title that is not FEEL at deploy', async () => {
    const err = await t.engine.deploy(ONE_TASK('badtitle', 'grid:title="=venueName +"')).catch((e) => e);
    expect(err.name).to.equal('DeploymentError');
    expect(err.message).to.contain('grid:title');
  });
});
