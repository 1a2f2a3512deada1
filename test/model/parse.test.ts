import { expect } from 'chai';
import { compileDefinition } from '../../engine/model/compile.js';
import { createModdle, elementAt, GRID_NS, gridDescriptor, parseBpmn } from '../../engine/model/parse.js';
import { DeploymentError, type DeployError } from '../../engine/model/types.js';
import { bpmnXml, flow, NAMESPACES } from '../fixtures/bpmn.js';
import { around, errorsOf, expectDetail, expectRejected, fixture } from './helpers.js';

async function parseErrors(xml: string): Promise<DeployError[]> {
  try {
    await parseBpmn(xml);
  } catch (err) {
    expect(err).to.be.instanceOf(DeploymentError);
    return (err as DeploymentError).details;
  }
  throw new Error('expected parseBpmn to throw');
}

describe('model: parsing BPMN XML (bpmn-moddle + grid extension)', () => {
  describe('documents that cannot be read', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['an empty string', '', /empty document/],
      ['only whitespace', ' \n\t ', /empty document/],
      ['malformed XML (unclosed tag)', '<bpmn:definitions><unclosed', /malformed XML.*line 1/],
      [
        'malformed XML (mismatched closing tag)',
        `<bpmn:definitions ${NAMESPACES} id="d"><bpmn:process id="p"></bpmn:definitions>`,
        /malformed XML.*closing tag mismatch/,
      ],
      [
        'a truncated document',
        `<bpmn:definitions ${NAMESPACES} id="d"><bpmn:process id="p">`,
        /malformed XML.*end of file/,
      ],
      ['plain text', 'hello, world', /malformed XML/],
      [
        'XML that is not BPMN',
        '<?xml version="1.0"?><html><body>hello</body></html>',
        /not a BPMN 2.0 document.*found <html>/,
      ],
      [
        'BPMN elements without the BPMN namespace',
        '<definitions id="d"><process id="p"/></definitions>',
        /not a BPMN 2.0 document/,
      ],
      [
        'a BPMN process as the root element',
        `<bpmn:process ${NAMESPACES} id="p"/>`,
        /not a BPMN 2.0 document.*found <bpmn:process>/,
      ],
    ];
    for (const [what, xml, message] of cases) {
      it(`rejects ${what} with one error on 'definitions'`, async () => {
        const fromParse = await parseErrors(xml);
        expect(fromParse).to.have.length(1);
        expectDetail(fromParse, 'definitions', message);
        const fromCompile = await errorsOf(xml);
        expect(fromCompile).to.deep.equal(fromParse);
      });
    }

    it('rejects a value that is not a string', async () => {
      expectDetail(await parseErrors(undefined as unknown as string), 'definitions', /empty document/);
    });
  });

  describe('moddle warnings become details naming the element', () => {
    it('returns the definitions and no warnings for a clean document', async () => {
      const r = await parseBpmn(fixture('full'));
      expect(r.definitions.$type).to.equal('bpmn:Definitions');
      expect(r.definitions.rootElements.map((e: { id: string }) => e.id)).to.include('full');
      expect(r).to.deep.include({ warnings: [], problems: [], incomplete: false });
    });

    it('unknown grid attribute → error on the element, as text in warnings too', async () => {
      const xml = around('<bpmn:userTask id="x" grid:slaa="P1D"/>');
      const r = await parseBpmn(xml);
      expect(r.problems).to.deep.equal([
        {
          elementId: 'x',
          message: 'unknown attribute grid:slaa on bpmn:UserTask',
          code: 'attribute.unknown',
          params: { name: 'grid:slaa', bpmnType: 'bpmn:UserTask' },
        },
      ]);
      expect(r.warnings).to.deep.equal(['x: unknown attribute grid:slaa on bpmn:UserTask']);
      expect(r.incomplete).to.equal(false);
      await expectRejected(xml, 'x', /unknown attribute grid:slaa/);
    });

    it('unknown attribute without a namespace → error on the element', async () => {
      await expectRejected(
        around('<bpmn:userTask id="x" priority="high"/>'),
        'x',
        /unknown attribute priority/,
      );
    });

    it('unknown element in the BPMN namespace → error naming its id', async () => {
      const details = await expectRejected(
        bpmnXml(`<bpmn:startEvent id="s"/>${flow('f0', 's', 'x')}\n  <bpmn:fooTask id="x"/>`),
        'x',
        /unknown element <bpmn:fooTask> \(line \d+, column \d+\)/,
      );
      // the graph is incomplete: no follow-up noise about the dangling flow's neighbours
      expect(details.map((d) => d.elementId)).not.to.include('s');
    });

    it('unknown grid element inside a task → error naming the enclosing task', async () => {
      await expectRejected(
        around(
          '<bpmn:userTask id="x" grid:sla="P1D"><bpmn:extensionElements><grid:ladder/></bpmn:extensionElements></bpmn:userTask>',
        ),
        'x',
        /unknown element <grid:ladder>/,
      );
    });

    it('unresolved reference → error naming the referencing element and the reference', async () => {
      const details = await expectRejected(
        bpmnXml(`<bpmn:startEvent id="s"/>${flow('f0', 's', 'ghost')}<bpmn:endEvent id="e"/>`),
        'f0',
        /unresolved reference "ghost" in bpmn:targetRef/,
      );
      expect(details.filter((d) => d.elementId === 'f0')).to.have.length(1);
    });

    it('duplicate id → error naming the id', async () => {
      await expectRejected(around('<bpmn:userTask id="x"/><bpmn:userTask id="x"/>'), 'x', /duplicate id "x"/);
    });

    // found by the deploy fuzz test (seed 1265141319): a duplicated <bpmn:definitions id=""> inside a process
    // was refused naming the empty id, i.e. no element at all
    it('unexpected element with an empty id → error naming the enclosing element', async () => {
      const details = await expectRejected(
        around('<bpmn:userTask id="x"/>\n<bpmn:definitions id="" targetNamespace="t"></bpmn:definitions>'),
        'p',
        /unexpected element <bpmn:definitions> \(line \d+, column \d+\)/,
      );
      for (const d of details) expect(d.elementId).to.be.a('string').and.not.equal('');
    });

    it('text where none is allowed → error naming the element', async () => {
      await expectRejected(
        around('<bpmn:userTask id="x">oops</bpmn:userTask>'),
        'x',
        /unexpected text "oops"/,
      );
    });

    const camunda = (xml: string) =>
      xml.replace('xmlns:xsi=', 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi=');

    it("refuses other engines' attributes and extension elements instead of silently ignoring them", async () => {
      const xml = camunda(
        around(
          '<bpmn:userTask id="x" camunda:assignee="demo"><bpmn:extensionElements><camunda:taskListener event="create"/></bpmn:extensionElements></bpmn:userTask>',
        ),
      );
      const details = await errorsOf(xml);
      expectDetail(details, 'x', /unsupported attribute camunda:assignee .*camunda\.org/);
      expectDetail(details, 'x', /unsupported extension element <camunda:taskListener>/);
      expect(details).to.have.length(2);
    });

    it('names the nearest element with an id for foreign content on an inner element', async () => {
      const xml = camunda(
        around(
          '<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition camunda:dueDateVariable="d"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
        ),
      );
      await expectRejected(xml, 'x', /unsupported attribute camunda:dueDateVariable/);
    });

    it('accepts diagram-only attributes (bpmn-js colours) and modeler metadata on <definitions>', async () => {
      const xml = around('<bpmn:userTask id="x"/>')
        .replace(
          'xmlns:xsi=',
          'xmlns:bioc="http://bpmn.io/schema/bpmn/biocolor/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" modeler:executionPlatform="x" xmlns:xsi=',
        )
        .replace(
          '</bpmn:definitions>',
          '<bpmndi:BPMNDiagram id="dia" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"><bpmndi:BPMNPlane id="pl" bpmnElement="p"><bpmndi:BPMNShape id="x_di" bpmnElement="x" bioc:stroke="#e53935"><dc:Bounds x="0" y="0" width="100" height="80"/></bpmndi:BPMNShape></bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>',
        );
      const p = await compileDefinition(xml);
      expect(p.nodes.x.kind).to.equal('userTask');
    });
  });

  describe('locating elements by position', () => {
    const xml = '<a id="root">\n  <b>\n    <c id="inner"/><d/>\n  </b>\n</a>';
    it('finds the element starting at a 0-based line/column with its id', () => {
      expect(elementAt(xml, 2, 4)).to.deep.equal({ tag: '<c>', id: 'inner', ancestorId: 'root' });
    });
    it('treats an empty id as none', () => {
      expect(elementAt('<a id="root">\n  <b id="">\n    <c id=""/>\n  </b>\n</a>', 2, 4)).to.deep.equal({
        tag: '<c>',
        id: undefined,
        ancestorId: 'root',
      });
    });
    it('falls back to the nearest enclosing element with an id', () => {
      expect(elementAt(xml, 2, 19)).to.deep.equal({ tag: '<d>', id: undefined, ancestorId: 'root' });
    });
  });

  describe('the grid moddle descriptor', () => {
    it('is a plain JSON moddle package with prefix grid and lower-case tags', () => {
      expect(gridDescriptor).to.include({ prefix: 'grid', uri: 'http://grid-engine.cn/schema/bpmn/grid' });
      expect(GRID_NS).to.equal(gridDescriptor.uri);
      expect(gridDescriptor.xml).to.deep.equal({ tagAlias: 'lowerCase' });
      expect(gridDescriptor.types.map((t) => t.name)).to.include.members([
        'TaskConfig',
        'TimerConfig',
        'CatchConfig',
        'Escalation',
        'Step',
        'Subscription',
      ]);
    });

    it('round-trips the grid attributes and extension elements (as the browser modeler writes them)', async () => {
      const moddle = createModdle();
      const { rootElement } = await moddle.fromXML(fixture('full'), 'bpmn:Definitions');
      const { xml } = await moddle.toXML(rootElement);
      for (const text of [
        'grid:level="grid"',
        'grid:candidateRoles="handler"',
        'grid:formKey="fire-check"',
        'grid:sla="P3D"',
        'grid:calendar="workday"',
        'grid:warnAt="0.8"',
        'grid:workerType="sms"',
        'grid:retries="5"',
        '<grid:escalation supervisionCycle="P1D">',
        '<grid:step level="community" sla="P2D" calendar="workday" />',
        '<grid:subscription correlationKey="=caseId" />',
      ])
        expect(xml).to.include(text);
      const again = await compileDefinition(xml);
      expect(again).to.deep.equal(await compileDefinition(fixture('full')));
    });

    it('lets the modeler create grid elements', async () => {
      const moddle = createModdle();
      const task = moddle.create('bpmn:UserTask', { id: 't', sla: 'P1D', warnAt: 0.5 });
      const step = moddle.create('grid:Step', { level: 'street', sla: 'P2D' });
      const esc = moddle.create('grid:Escalation', { steps: [step] });
      task.extensionElements = moddle.create('bpmn:ExtensionElements', { values: [esc] });
      const process = moddle.create('bpmn:Process', { id: 'p', flowElements: [task] });
      const { xml } = await moddle.toXML(moddle.create('bpmn:Definitions', { rootElements: [process] }));
      expect(xml).to.include('grid:sla="P1D"').and.include('<grid:step level="street" sla="P2D" />');
    });
  });
});
