import { expect } from 'chai';
import { GRID1, testEngine, type TestEngine } from '../helpers/engine.js';
import { flow, processXml, userTask } from './fixtures.js';

const v1 = processXml(
  'ver',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'a')}${userTask('a')}${flow('f1', 'a', 'e')}<bpmn:endEvent id="e"/>`,
);
const v2 = processXml(
  'ver',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'a')}${userTask('a')}${flow('f1', 'a', 'b')}${userTask('b')}${flow('f2', 'b', 'e')}<bpmn:endEvent id="e"/>`,
);

describe('engine: definition versioning', () => {
  let t: TestEngine;
  before(async () => (t = await testEngine()));
  after(() => t.close());

  it('creates version n+1 for changed XML, keeps the version for identical XML, and running instances stay on theirs', async () => {
    expect(await t.engine.deploy(v1)).to.include({ key: 'ver', version: 1, created: true });
    expect(await t.engine.deploy(v1)).to.include({ key: 'ver', version: 1, created: false });
    const old = await t.engine.start('ver', { gridUnit: GRID1 }, 'wangwei');
    expect(await t.engine.deploy(v2)).to.include({ key: 'ver', version: 2, created: true });
    const fresh = await t.engine.start('ver', { gridUnit: GRID1 }, 'wangwei');
    expect(old.definitionVersion).to.equal(1);
    expect(fresh.definitionVersion).to.equal(2);
    for (const inst of [old, fresh]) {
      await t.engine.waitForIdle(inst._id);
      const [task] = await t.engine.openTasksOfCase(inst._id);
      await t.engine.completeTask(task._id, 'wangwei');
    }
    expect((await t.engine.waitForIdle(old._id)).status).to.equal('completed');
    const s = await t.engine.waitForIdle(fresh._id);
    expect(s.status).to.equal('active');
    expect(
      Object.values(s.tasks)
        .filter((x) => x.status === 'open')
        .map((x) => x.nodeId),
    ).to.deep.equal(['b']);
    expect(await t.engine.definitions.versions('ver')).to.deep.equal([1, 2]);
  });

  it('keeps the version when the same document is only re-serialised (as the modeler saves it)', async () => {
    const xml = processXml(
      'reser',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'a')}${userTask('a', 'grid:sla="P1D" grid:level="grid"')}${flow('f1', 'a', 'e')}<bpmn:endEvent id="e"/>`,
    );
    expect(await t.engine.deploy(xml)).to.include({ key: 'reser', version: 1, created: true });
    // re-indented, attributes reordered, other quotes, self-closing tags expanded: the same document
    const reserialised = xml
      .replace(/>\s*</g, '>\n    <')
      .replace('grid:sla="P1D" grid:level="grid"', "grid:level='grid' grid:sla='P1D'")
      .replace('<bpmn:endEvent id="e"/>', '<bpmn:endEvent id="e"></bpmn:endEvent>');
    expect(reserialised).not.to.equal(xml);
    expect(await t.engine.deploy(reserialised)).to.include({ key: 'reser', version: 1, created: false });
    // a changed attribute is a new version
    const changed = xml.replace('grid:sla="P1D"', 'grid:sla="P2D"');
    expect(await t.engine.deploy(changed)).to.include({ key: 'reser', version: 2, created: true });
    expect(await t.engine.deploy(changed.replace(/\n\s*/g, ''))).to.include({
      key: 'reser',
      version: 2,
      created: false,
    });
  });
});
