// Retention of intake records (engine/intake/retention.ts): past INTAKE_RETENTION_DAYS the reporter of a
// report whose case is over (or that never became one) is blanked and its stray photos deleted, with the
// daily cleanup; a report whose case is still open, and a recent one, keep theirs; the receipt still answers.
import { expect } from 'chai';
import sharp from 'sharp';
import { intakePhotoOwner } from '../../engine/intake/photos.js';
import { testEngine, type TestEngine } from '../helpers/engine.js';
import { flow, processXml } from '../api/fixtures.js';

const DAY = 86_400_000;
const FLOW = processXml(
  'xretain',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="处置" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
);
const report = (phone: string) => ({
  channel: '12345' as const,
  reporter: { name: '王五', phone },
  category: 'fire',
  description: '楼道堆放杂物',
  location: { lat: 27.72, lng: 111.969 },
});

describe('retention of intake records', () => {
  let t: TestEngine;
  before(async () => {
    t = await testEngine({ config: { intakeProcesses: { fire: 'xretain' }, intakeRetentionDays: 30 } });
    await t.engine.deploy(FLOW);
  });
  after(() => t.close());

  it('blanks the reporter of old reports whose case is over, keeps open cases and recent reports', async () => {
    const intake = t.engine.intake;
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#00f' } })
      .png()
      .toBuffer();
    // a rejected public report with a photo that never reached a case
    const rejected = (await intake.register(report('13700000001'), 'public')).entry;
    await t.engine.attachments.upload(intakePhotoOwner(rejected.receipt), 'public', {
      data: png,
      name: 'p.png',
    });
    await intake.reject(rejected, '非本辖区事项', 'sunqing');
    // a case that closed, and one still open
    const closed = await intake.register(report('13700000002'), 'operator', 'sunqing', true);
    const open = await intake.register(report('13700000003'), 'operator', 'sunqing', true);
    await t.engine.waitForIdle(closed.instance!._id);
    await t.engine.cancelInstance(closed.instance!._id, 'sunqing', '已处理');
    t.clock.advance(31 * DAY);
    const recent = (await intake.register(report('13700000004'), 'public')).entry;

    const report1 = await t.engine.retention.runCleanup('test');
    expect(report1.intakeAnonymised).to.equal(2);
    const get = (r: string) => intake.entries.get(r);
    for (const r of [rejected.receipt, closed.entry.receipt]) {
      const e = (await get(r))!;
      expect(e.reporter).to.deep.equal({ name: '', phone: '' });
      expect(e.anonymisedAt).to.be.a('number');
      expect(e).not.to.have.property('photoToken');
    }
    expect((await get(open.entry.receipt))!.reporter.phone).to.equal('13700000003');
    expect((await get(recent.receipt))!.reporter.phone).to.equal('13700000004');
    expect(await t.engine.attachments.count(intakePhotoOwner(rejected.receipt), 10)).to.equal(0);
    // the receipt still tells its state
    expect((await intake.receiptState(rejected.receipt))!.state).to.equal('rejected');
    // a second run has nothing more to do; once the open case ends, its reporter goes too
    expect((await t.engine.retention.runCleanup('test')).intakeAnonymised).to.equal(0);
    await t.engine.cancelInstance(open.instance!._id, 'sunqing', '已处理');
    expect((await t.engine.retention.runCleanup('test')).intakeAnonymised).to.equal(1);
    expect((await get(open.entry.receipt))!.reporter.phone).to.equal('');
  });
});
