import { expect } from 'chai';
import {
  compileDefinition,
  DEFAULT_LEVELS,
  inclusiveUpstream,
  summarize,
} from '../../engine/model/compile.js';
import type { CompiledProcess } from '../../engine/model/types.js';
import { bpmnXml, flow } from '../fixtures/bpmn.js';
import { around, fixture, timer, userTask } from './helpers.js';

describe('model: compiling BPMN into a CompiledProcess', () => {
  let full: CompiledProcess;
  before(async () => {
    full = await compileDefinition(fixture('full'));
  });

  it('takes key, name and start node from the process', () => {
    expect(full).to.include({ key: 'full', name: '消防隐患处置', startNode: 's' });
    expect(Object.keys(full.nodes)).to.have.length(29);
    expect(Object.keys(full.flows)).to.have.length(26);
  });

  it('maps every supported element to its node kind', () => {
    const kinds = Object.fromEntries(Object.values(full.nodes).map((n) => [n.id, n.kind]));
    expect(kinds).to.include({
      s: 'startEvent',
      check: 'userTask',
      remind: 'boundaryTimer',
      sms: 'serviceTask',
      e_kill: 'endEvent',
      decide: 'exclusiveGateway',
      fork: 'parallelGateway',
      wait: 'timerCatch',
      reply: 'messageCatch',
      split: 'inclusiveGateway',
      sub: 'subProcess',
      notify: 'escalationThrow',
      giveUp: 'endEvent',
      onInfo: 'boundaryEscalation',
    });
  });

  it('compiles the grid task config with its escalation ladder', () => {
    expect(full.nodes.check.grid).to.deep.equal({
      level: 'grid',
      candidateRoles: ['handler'],
      formKey: 'fire-check',
      sla: { duration: 'P3D', calendar: 'workday' },
      warnAt: 0.8,
      ladder: [
        { level: 'community', sla: { duration: 'P2D', calendar: 'workday' } },
        { level: 'street', sla: { duration: 'P2D', calendar: 'workday' } },
        { level: 'district', sla: { duration: 'PT24H', calendar: 'natural' } },
      ],
      supervisionCycle: 'P1D',
    });
    expect(full.nodes.review.grid).to.deep.equal({
      level: 'community',
      candidateRoles: ['reviewer', 'supervisor'],
      ladder: [],
    });
  });

  it('compiles service tasks with worker type and retries', () => {
    expect(full.nodes.sms).to.include({ workerType: 'sms', retries: 5, name: '短信提醒' });
  });

  it('compiles timers: cycle, duration, FEEL duration and date, each with its calendar', () => {
    expect(full.nodes.remind.timer).to.deep.equal({ kind: 'cycle', expr: 'R3/PT4H', calendar: 'workday' });
    expect(full.nodes.deadline.timer).to.deep.equal({ kind: 'duration', expr: 'P10D', calendar: 'natural' });
    expect(full.nodes.wait.timer).to.deep.equal({ kind: 'duration', expr: '=cooling', calendar: 'natural' });
    expect(full.nodes.until.timer).to.deep.equal({
      kind: 'date',
      expr: '2030-01-01T09:00:00+08:00',
      calendar: 'natural',
    });
  });

  it('attaches boundary events to their host (interrupting by default)', () => {
    expect(full.nodes.check.boundaries).to.deep.equal(['remind', 'deadline']);
    expect(full.nodes.remind).to.include({ attachedTo: 'check', cancelActivity: false });
    expect(full.nodes.deadline).to.include({ attachedTo: 'check', cancelActivity: true });
    expect(full.nodes.sub.boundaries).to.deep.equal(['onInfo', 'onAny', 'subTimeout']);
    expect(full.nodes.subTimeout).to.include({
      kind: 'boundaryTimer',
      attachedTo: 'sub',
      cancelActivity: true,
    });
    expect(full.nodes.remind.incoming).to.deep.equal([]);
  });

  it('compiles escalation codes: the escalation code, else the escalation id; none on a catch-all boundary', () => {
    expect(full.nodes.notify.escalationCode).to.equal('info');
    expect(full.nodes.giveUp).to.include({ kind: 'endEvent', escalationCode: 'esc_up' });
    expect(full.nodes.onInfo).to.include({ escalationCode: 'info', cancelActivity: false });
    expect(full.nodes.onAny).to.include({ kind: 'boundaryEscalation', cancelActivity: true });
    expect(full.nodes.onAny).not.to.have.property('escalationCode');
    expect(full.nodes.e_kill).to.include({ terminate: true });
    expect(full.nodes.e).not.to.have.property('terminate');
  });

  it('compiles a message catch with the message name and the correlation key without "="', () => {
    expect(full.nodes.reply.message).to.deep.equal({ name: 'reply', correlationKey: 'caseId' });
  });

  it('gives sub-process children their parent and the sub-process its start node', () => {
    expect(full.nodes.sub.startNode).to.equal('ss');
    for (const id of ['ss', 'review', 'subGw', 'notify', 'se', 'giveUp'])
      expect(full.nodes[id].parent, id).to.equal('sub');
    for (const id of ['s', 'sub', 'onInfo', 'merge'])
      expect(full.nodes[id], id).not.to.have.property('parent');
  });

  it('wires incoming/outgoing flows in document order, with default flows and conditions', () => {
    expect(full.nodes.split).to.deep.include({ outgoing: ['fX', 'fY', 'fNone'], defaultFlow: 'fNone' });
    expect(full.nodes.merge.incoming).to.deep.equal(['fNone', 'fY2', 'fTimeout', 'fS2']);
    expect(full.flows.fOk).to.deep.equal({
      id: 'fOk',
      source: 'decide',
      target: 'fork',
      condition: 'approved = true',
    });
    expect(full.flows.fX.condition).to.equal('count(items) > 0');
    expect(full.flows.fY.condition).to.equal('urgent');
    expect(full.flows.fReject).not.to.have.property('condition');
  });

  it('computes the upstream nodes of inclusive joins (boundary paths count, a sub-process is one node)', () => {
    expect(full.inclusiveUpstream).to.have.all.keys('merge'); // split has one incoming flow
    expect(full.inclusiveUpstream.merge).to.deep.equal([
      'check',
      'decide',
      'fork',
      'join',
      'reply',
      's',
      'split',
      'sub',
      'subTimeout', // its path leads to merge
      'until',
      'wait',
    ]); // not: remind/deadline/onInfo/onAny (they lead elsewhere), nor the sub-process's children
  });

  it('computes inclusive upstream inside a sub-process scope and through loops', () => {
    const nodes = {
      a: node('a', 'userTask', [], ['f1'], 'sub'),
      j: node('j', 'inclusiveGateway', ['f1', 'f2'], ['f3'], 'sub'),
      b: node('b', 'userTask', ['f3'], ['f2'], 'sub'),
    };
    const flows = {
      f1: { id: 'f1', source: 'a', target: 'j' },
      f2: { id: 'f2', source: 'b', target: 'j' },
      f3: { id: 'f3', source: 'j', target: 'b' },
    };
    expect(inclusiveUpstream(nodes, flows)).to.deep.equal({ j: ['a', 'b'] });
  });

  it('applies defaults: handler role, workday SLA calendar, 3 retries, natural timer calendar', async () => {
    const p = await compileDefinition(
      around(
        `${userTask('x', 'grid:sla="P2D"')}`,
        `<bpmn:boundaryEvent id="b" attachedToRef="x">${timer('timeDuration', 'PT1H')}</bpmn:boundaryEvent>${flow('fb', 'b', 'e')}` +
          `<bpmn:serviceTask id="svc" grid:workerType="noop"/>`,
      ).replace(flow('f1', 'x', 'e'), `${flow('f1', 'x', 'svc')}${flow('f2', 'svc', 'e')}`),
    );
    expect(p.nodes.x.grid).to.deep.equal({
      candidateRoles: ['handler'],
      sla: { duration: 'P2D', calendar: 'workday' },
      ladder: [],
    });
    expect(p.nodes.svc).to.include({ workerType: 'noop', retries: 3 });
    expect(p.nodes.b).to.include({ cancelActivity: true });
    expect(p.nodes.b.timer).to.deep.equal({ kind: 'duration', expr: 'PT1H', calendar: 'natural' });
    expect(p.name).to.equal(undefined);
  });

  it('accepts the correlation key as a grid:correlationKey attribute, with or without "="', async () => {
    for (const key of ['=caseNo', 'caseNo']) {
      const p = await compileDefinition(
        around(
          `<bpmn:intermediateCatchEvent id="x" grid:correlationKey="${key}"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>`,
          '',
          { root: '<bpmn:message id="m" name="补充材料"/>' },
        ),
      );
      expect(p.nodes.x.message).to.deep.equal({ name: '补充材料', correlationKey: 'caseNo' });
    }
  });

  it('takes the process of a single pool and ignores lanes, artifacts, data objects and the diagram', async () => {
    const p = await compileDefinition(fixture('pool'));
    expect(p.key).to.equal('mediation');
    expect(p.name).to.equal('矛盾纠纷调处'); // the pool's name, the process has none
    expect(Object.keys(p.nodes)).to.deep.equal(['s', 'talk', 'e']);
    expect(p.nodes.talk.grid!.candidateRoles).to.deep.equal(['mediator']);
  });

  it('knows custom grid levels', async () => {
    const xml = around(userTask('x', 'grid:level="village" grid:sla="P1D"', ladderOf('town')));
    const p = await compileDefinition(xml, { levels: ['village', 'town', 'county'] });
    expect(p.nodes.x.grid).to.deep.include({ level: 'village' });
    expect(p.nodes.x.grid!.ladder[0].level).to.equal('town');
    expect(DEFAULT_LEVELS).to.deep.equal(['grid', 'zone', 'community', 'street', 'district']);
  });

  it('summarizes a compiled process for the API', () => {
    const s = summarize(full);
    expect(s).to.include({ key: 'full', name: '消防隐患处置', flows: 26 });
    expect(s.nodes).to.have.length(29);
    expect(s.nodes.find((n) => n.id === 'check')).to.deep.equal({
      id: 'check',
      kind: 'userTask',
      name: '核查',
      level: 'grid',
      sla: { duration: 'P3D', calendar: 'workday' },
      formKey: 'fire-check',
      candidateRoles: ['handler'],
      ladder: full.nodes.check.grid!.ladder,
    });
    expect(s.nodes.find((n) => n.id === 'fork')).to.deep.equal({ id: 'fork', kind: 'parallelGateway' });
    expect(JSON.parse(JSON.stringify(s))).to.deep.equal(s);
  });

  it('is deterministic: the same XML compiles to the same structure', async () => {
    expect(await compileDefinition(fixture('full'))).to.deep.equal(full);
  });

  it('compiles the smallest process: start → end', async () => {
    const p = await compileDefinition(
      bpmnXml(`<bpmn:startEvent id="s"/>${flow('f', 's', 'e')}<bpmn:endEvent id="e"/>`),
    );
    expect(p.nodes).to.have.all.keys('s', 'e');
    expect(p.inclusiveUpstream).to.deep.equal({});
  });
});

const ladderOf = (level: string) =>
  `<bpmn:extensionElements><grid:escalation><grid:step level="${level}" sla="P1D"/></grid:escalation></bpmn:extensionElements>`;

function node(
  id: string,
  kind: 'userTask' | 'inclusiveGateway',
  incoming: string[],
  outgoing: string[],
  parent?: string,
) {
  return { id, kind, incoming, outgoing, parent, boundaries: [] as string[] };
}
