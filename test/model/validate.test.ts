import { expect } from 'chai';
import { compileDefinition } from '../../engine/model/compile.js';
import { DeploymentError } from '../../engine/model/types.js';
import {
  checkCycle,
  checkDateTime,
  checkDuration,
  checkFeel,
  checkLadder,
  parseCandidateRoles,
  stripFeelMarker,
} from '../../engine/model/validate.js';
import { classifyElement } from '../../engine/elements/registry.js';
import { bpmnXml, flow, NAMESPACES } from '../fixtures/bpmn.js';
import {
  around,
  errorsOf,
  expectDetail,
  expectRejected,
  fixture,
  ladder,
  timer,
  userTask,
} from './helpers.js';

type Case = [what: string, xml: string, elementId: string, message: RegExp];

function rejects(cases: Case[]): void {
  for (const [what, xml, elementId, message] of cases) {
    it(`rejects ${what}`, async () => {
      await expectRejected(xml, elementId, message);
    });
  }
}

const catchEvent = (inner: string, attrs = '') =>
  `<bpmn:intermediateCatchEvent id="x"${attrs}>${inner}</bpmn:intermediateCatchEvent>`;
const boundary = (id: string, host: string, inner: string, interrupting = true) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${host}"${interrupting ? '' : ' cancelActivity="false"'}>${inner}</bpmn:boundaryEvent>${flow(`f_${id}`, id, 'e')}`;
const gateway = (kind: 'exclusive' | 'inclusive' | 'parallel', attrs: string, flows: string) =>
  bpmnXml(
    `<bpmn:startEvent id="s"/>${flow('f0', 's', 'g')}<bpmn:${kind}Gateway id="g" ${attrs}/>${flows}<bpmn:endEvent id="e"/>`,
  );
const message = '<bpmn:message id="m" name="reply"/>';
const messageCatch = (attrs: string, inner = '') =>
  around(catchEvent(`${inner}<bpmn:messageEventDefinition messageRef="m"/>`, attrs), '', { root: message });
const subProcess = (id: string, body: string) => `<bpmn:subProcess id="${id}">${body}</bpmn:subProcess>`;

describe('model: deploy-time validation rules (each error names its element)', () => {
  describe('one executable process per file', () => {
    rejects([
      [
        'more than one process',
        bpmnXml(`<bpmn:startEvent id="s"/>${flow('f', 's', 'e')}<bpmn:endEvent id="e"/>`).replace(
          '</bpmn:definitions>',
          '<bpmn:process id="q" isExecutable="true"/></bpmn:definitions>',
        ),
        'definitions',
        /2 executable processes \(p, q\): deploy the document to deploy each/,
      ],
      [
        'a file without a process',
        `<bpmn:definitions ${NAMESPACES} id="d"><bpmn:message id="m" name="x"/></bpmn:definitions>`,
        'definitions',
        /no process found/,
      ],
      [
        'a process marked isExecutable="false"',
        around(userTask('x'), '', { executable: false }),
        'p',
        /not executable/,
      ],
    ]);

    it('accepts a collaboration whose other pool is a black box (the citizen): its one process compiles', async () => {
      const xml = bpmnXml(`<bpmn:startEvent id="s"/>${flow('f', 's', 'e')}<bpmn:endEvent id="e"/>`, {
        root: '<bpmn:collaboration id="c"><bpmn:participant id="a" name="街道" processRef="p"/><bpmn:participant id="citizen"/></bpmn:collaboration>',
      });
      const p = await compileDefinition(xml);
      expect(p.key).to.equal('p');
    });

    it('accepts a process without isExecutable, and a process in a single pool', async () => {
      expect((await compileDefinition(around(userTask('x'), '', { executable: null }))).key).to.equal('p');
      expect((await compileDefinition(around(userTask('x'), '', { pool: 'pool' }))).key).to.equal('p');
    });
  });

  describe('supported elements only', () => {
    const unsupported: Array<[string, string, string, RegExp]> = [
      ['a script task', '<bpmn:scriptTask id="x"/>', 'x', /^unsupported element bpmn:ScriptTask$/],
      [
        'a call activity without its called element',
        '<bpmn:callActivity id="x"/>',
        'x',
        /^call activity needs calledElement: the key of the process it starts$/,
      ],
      ['a complex gateway', '<bpmn:complexGateway id="x"/>', 'x', /bpmn:ComplexGateway/],
      ['a transaction', '<bpmn:transaction id="x"/>', 'x', /^unsupported element bpmn:Transaction$/],
      ['an ad-hoc sub-process', '<bpmn:adHocSubProcess id="x"/>', 'x', /bpmn:AdHocSubProcess/],
      [
        'a conditional catch event',
        catchEvent('<bpmn:conditionalEventDefinition/>'),
        'x',
        /bpmn:ConditionalEventDefinition/,
      ],
      [
        'a link catch event',
        catchEvent('<bpmn:linkEventDefinition name="l"/>'),
        'x',
        /bpmn:LinkEventDefinition/,
      ],
      [
        'a catch event with two definitions',
        catchEvent(`${timer('timeDuration', 'PT1H')}<bpmn:signalEventDefinition/>`),
        'x',
        /with multiple event definitions/,
      ],
      [
        'a compensation end event',
        '<bpmn:endEvent id="x"><bpmn:compensateEventDefinition/></bpmn:endEvent>',
        'x',
        /bpmn:EndEvent with bpmn:CompensateEventDefinition/,
      ],
      [
        'a message end event',
        '<bpmn:endEvent id="x"><bpmn:messageEventDefinition/></bpmn:endEvent>',
        'x',
        /bpmn:EndEvent with bpmn:MessageEventDefinition/,
      ],
      [
        // multi-instance runs on activities that wait and sub-processes (test/elements/multi-instance.test.ts)
        'a multi-instance plain task',
        '<bpmn:task id="x"><bpmn:multiInstanceLoopCharacteristics isSequential="true"/></bpmn:task>',
        'x',
        /^unsupported element bpmn:MultiInstanceLoopCharacteristics on bpmn:Task/,
      ],
      [
        'a looping service task',
        '<bpmn:serviceTask id="x" grid:workerType="w"><bpmn:standardLoopCharacteristics/></bpmn:serviceTask>',
        'x',
        /bpmn:StandardLoopCharacteristics on bpmn:ServiceTask/,
      ],
      [
        'a multi-instance sub-process with neither a collection nor a cardinality',
        '<bpmn:subProcess id="x"><bpmn:multiInstanceLoopCharacteristics/><bpmn:startEvent id="x_s"/><bpmn:sequenceFlow id="x_f" sourceRef="x_s" targetRef="x_e"/><bpmn:endEvent id="x_e"/></bpmn:subProcess>',
        'x',
        /^multi-instance activity needs grid:collection/,
      ],
    ];
    for (const [what, node, elementId, msg] of unsupported) {
      it(`rejects ${what}, without follow-up errors on its neighbours`, async () => {
        const details = await expectRejected(around(node), elementId, msg);
        expect(details, JSON.stringify(details)).to.have.length(1);
      });
    }

    rejects([
      [
        'a message start event without a message',
        bpmnXml(
          `<bpmn:startEvent id="s"><bpmn:messageEventDefinition/></bpmn:startEvent>${flow('f', 's', 'e')}<bpmn:endEvent id="e"/>`,
        ),
        's',
        /^a message start event needs a messageRef to a message with a name$/,
      ],
      [
        'a timer start event without the unit of its cases',
        bpmnXml(
          `<bpmn:startEvent id="s">${timer('timeDuration', 'PT1H')}</bpmn:startEvent>${flow('f', 's', 'e')}<bpmn:endEvent id="e"/>`,
        ),
        's',
        /^a timer start event needs grid:startUnit/,
      ],
      [
        'an error boundary event on a user task (nothing raises errors there)',
        around(userTask('x'), boundary('b', 'x', '<bpmn:errorEventDefinition/>')),
        'b',
        /^error boundary events attach to service tasks, call activities or sub-processes, not to userTask$/,
      ],
    ]);

    it('rejects an event sub-process started by a signal, naming only its start event', async () => {
      const details = await expectRejected(
        around(
          userTask('x'),
          `<bpmn:subProcess id="ev" triggeredByEvent="true"><bpmn:startEvent id="es"><bpmn:signalEventDefinition/></bpmn:startEvent>${flow('g', 'es', 'ee')}<bpmn:endEvent id="ee"/></bpmn:subProcess>`,
        ),
        'es',
        /unsupported element bpmn:StartEvent with bpmn:SignalEventDefinition/,
      );
      expect(details).to.have.length(1);
    });
  });

  describe('structure', () => {
    rejects([
      [
        'a flow that crosses a sub-process boundary',
        around(
          subProcess(
            'x',
            `<bpmn:startEvent id="ss"/>${flow('g1', 'ss', 'st')}${userTask('st')}<bpmn:endEvent id="se"/>`,
          ),
          flow('fx', 'st', 'e'),
        ),
        'fx',
        /sequence flow crosses a sub-process boundary/,
      ],
      [
        'a flow into something that is not a flow node',
        around(userTask('x'), `<bpmn:dataObjectReference id="d"/>${flow('fd', 'x', 'd')}`),
        'fd',
        /sequence flow target "d" is not a flow node of this process/,
      ],
      [
        'a process without a start event',
        bpmnXml(`${userTask('x')}${flow('f', 'x', 'e')}<bpmn:endEvent id="e"/>`),
        'p',
        /a process needs exactly one none start event \(found 0\)/,
      ],
      [
        'a process with two start events',
        around(userTask('x'), `<bpmn:startEvent id="s2"/>${flow('f2', 's2', 'x')}`),
        'p',
        /a process needs exactly one none start event \(found 2\)/,
      ],
      [
        'a sub-process without a start event',
        around(subProcess('x', `${userTask('st')}${flow('g', 'st', 'se')}<bpmn:endEvent id="se"/>`)),
        'x',
        /a sub-process needs exactly one none start event \(found 0\)/,
      ],
      [
        'a sub-process with two start events',
        around(
          subProcess(
            'x',
            `<bpmn:startEvent id="s1"/><bpmn:startEvent id="s2"/>${flow('g1', 's1', 'se')}${flow('g2', 's2', 'se')}<bpmn:endEvent id="se"/>`,
          ),
        ),
        'x',
        /a sub-process needs exactly one none start event \(found 2\)/,
      ],
      [
        'a start event with an incoming flow',
        around(userTask('x'), flow('back', 'x', 's')),
        's',
        /a start event cannot have incoming flows/,
      ],
      [
        'an end event with an outgoing flow',
        around(userTask('x'), flow('again', 'e', 'x')),
        'e',
        /an end event cannot have outgoing flows/,
      ],
      [
        'a start event without an outgoing flow',
        bpmnXml('<bpmn:startEvent id="s"/>'),
        's',
        /start event has no outgoing flow/,
      ],
      [
        'an unreachable node',
        around(
          userTask('x'),
          `${userTask('u1')}${userTask('u2')}${flow('l1', 'u1', 'u2')}${flow('l2', 'u2', 'u1')}`,
        ),
        'u1',
        /^unreachable node$/,
      ],
      [
        'an unreachable node inside a sub-process',
        around(
          subProcess(
            'x',
            `<bpmn:startEvent id="ss"/>${flow('g1', 'ss', 'se')}<bpmn:endEvent id="se"/>${userTask('lost')}${flow('g2', 'lost', 'se')}${flow('g3', 'lost', 'lost')}`,
          ),
        ),
        'lost',
        /^unreachable node$/,
      ],
      [
        'an activity without an outgoing flow',
        bpmnXml(`<bpmn:startEvent id="s"/>${flow('f0', 's', 'x')}${userTask('x')}`),
        'x',
        /userTask has no outgoing flow/,
      ],
      [
        'an activity without an incoming flow',
        around(userTask('x'), `${userTask('o')}${flow('fo', 'o', 'e')}`),
        'o',
        /userTask has no incoming flow/,
      ],
      [
        'a gateway without an outgoing flow',
        bpmnXml(`<bpmn:startEvent id="s"/>${flow('f0', 's', 'g')}<bpmn:parallelGateway id="g"/>`),
        'g',
        /parallelGateway has no outgoing flow/,
      ],
      [
        'an end event without an incoming flow',
        bpmnXml(
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'e')}<bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>`,
        ),
        'e2',
        /end event has no incoming flow/,
      ],
      [
        'a boundary event with an incoming flow',
        around(userTask('x'), `${boundary('b', 'x', timer('timeDuration', 'PT1H'))}${flow('fin', 's', 'b')}`),
        'b',
        /a boundary event cannot have incoming flows/,
      ],
      [
        'a boundary event without an outgoing flow',
        around(
          userTask('x'),
          `<bpmn:boundaryEvent id="b" attachedToRef="x">${timer('timeDuration', 'PT1H')}</bpmn:boundaryEvent>`,
        ),
        'b',
        /boundary event has no outgoing flow/,
      ],
      [
        'a boundary event attached to nothing',
        around(
          userTask('x'),
          `<bpmn:boundaryEvent id="b">${timer('timeDuration', 'PT1H')}</bpmn:boundaryEvent>${flow('fb', 'b', 'e')}`,
        ),
        'b',
        /boundary event is not attached to an activity/,
      ],
      [
        'a timer boundary event on a gateway',
        around('<bpmn:exclusiveGateway id="x"/>', boundary('b', 'x', timer('timeDuration', 'PT1H'))),
        'b',
        /timer boundary events attach to tasks that wait \(user, service, receive\) or sub-processes, not to exclusiveGateway/,
      ],
      [
        'an escalation boundary event on a user task',
        around(userTask('x'), boundary('b', 'x', '<bpmn:escalationEventDefinition/>')),
        'b',
        /escalation boundary events are supported on sub-processes only/,
      ],
    ]);

    it('counts boundary events as reachable through their host, and reports them when the host is not', async () => {
      await compileDefinition(around(userTask('x'), boundary('b', 'x', timer('timeDuration', 'PT1H'))));
      const details = await errorsOf(
        around(
          userTask('x'),
          `${userTask('u')}${flow('l1', 'u', 'u')}${flow('l2', 'u', 'e')}${boundary('b', 'u', timer('timeDuration', 'PT1H'))}`,
        ),
      );
      expectDetail(details, 'u', /^unreachable node$/);
      expectDetail(details, 'b', /unreachable node/);
    });

    it('reports an unresolved attachedToRef once (from the parser)', async () => {
      const details = await expectRejected(
        around(userTask('x'), boundary('b', 'ghost', timer('timeDuration', 'PT1H'))),
        'b',
        /unresolved reference "ghost" in bpmn:attachedToRef/,
      );
      expect(details.filter((d) => d.elementId === 'b')).to.have.length(1);
    });
  });

  describe('gateways and default flows', () => {
    rejects([
      [
        'an exclusive gateway without default and without conditions',
        gateway('exclusive', '', `${flow('f1', 'g', 'e')}${flow('f2', 'g', 'e')}`),
        'g',
        /^gateway without default and without conditions$/,
      ],
      [
        'an inclusive gateway with some conditions and no default',
        gateway('inclusive', '', `${flow('f1', 'g', 'e', '=a')}${flow('f2', 'g', 'e')}`),
        'g',
        /^gateway without default and without conditions on every outgoing flow \(none on f2\)$/,
      ],
      [
        'a default flow that does not leave the gateway',
        gateway('exclusive', 'default="f0"', `${flow('f1', 'g', 'e', '=a')}${flow('f2', 'g', 'e', '=b')}`),
        'g',
        /default flow "f0" is not an outgoing flow of this element/,
      ],
      [
        'a default flow with a condition',
        gateway('exclusive', 'default="f2"', `${flow('f1', 'g', 'e', '=a')}${flow('f2', 'g', 'e', '=b')}`),
        'f2',
        /a default flow must not carry a condition/,
      ],
      [
        'an unconditioned flow next to a default flow (it would always win)',
        gateway('exclusive', 'default="f2"', `${flow('f1', 'g', 'e')}${flow('f2', 'g', 'e')}`),
        'f1',
        /flow leaving gateway "g" needs a condition/,
      ],
      [
        'a condition on a flow leaving a parallel gateway',
        gateway('parallel', '', `${flow('f1', 'g', 'e', '=a')}${flow('f2', 'g', 'e')}`),
        'f1',
        /a flow leaving a parallel gateway cannot carry a condition/,
      ],
    ]);

    it('accepts conditions on every flow without a default, a single unconditioned flow, and an empty condition', async () => {
      await compileDefinition(
        gateway('exclusive', '', `${flow('f1', 'g', 'e', '=a')}${flow('f2', 'g', 'e', 'not(a)')}`),
      );
      await compileDefinition(gateway('exclusive', '', flow('f1', 'g', 'e')));
      const p = await compileDefinition(
        gateway('exclusive', 'default="f2"', `${flow('f1', 'g', 'e', '=a')}${flow('f2', 'g', 'e', '  ')}`),
      );
      expect(p.flows.f2).not.to.have.property('condition');
    });
  });

  describe('conditions are FEEL', () => {
    const xor = (cond: string) =>
      gateway('exclusive', 'default="f2"', `${flow('f1', 'g', 'e', cond)}${flow('f2', 'g', 'e')}`);
    rejects([
      [
        'a JUEL condition',
        xor('${approved}'),
        'f1',
        /JUEL expression "\$\{approved\}" is not supported: use FEEL/,
      ],
      ['a JUEL condition with "=" and #{}', xor('=#{a > 1}'), 'f1', /JUEL/],
      ['a FEEL syntax error', xor('=a >'), 'f1', /FEEL syntax error in "a >"/],
      ['an unbalanced FEEL call', xor('sum([1, 2]'), 'f1', /FEEL syntax error in "sum\(\[1, 2\]"/],
      ['a bare "="', xor('='), 'f1', /empty FEEL expression/],
      [
        'a condition in another language',
        gateway(
          'exclusive',
          'default="f2"',
          `<bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="e"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">a</bpmn:conditionExpression></bpmn:sequenceFlow>${flow('f2', 'g', 'e')}`,
        ),
        'f1',
        /unsupported expression language "javascript"/,
      ],
    ]);

    it('stores conditions without the leading "="', async () => {
      const p = await compileDefinition(xor('= status = "done" and count(items) >= 2'));
      expect(p.flows.f1.condition).to.equal('status = "done" and count(items) >= 2');
    });
  });

  describe('timers', () => {
    const timerCatch = (kind: 'timeDuration' | 'timeDate' | 'timeCycle', expr: string, calendar?: string) =>
      around(catchEvent(timer(kind, expr, calendar)));
    rejects([
      ['a bad ISO-8601 duration', timerCatch('timeDuration', 'P3X'), 'x', /bad ISO-8601 duration "P3X"/],
      ['a duration in words', timerCatch('timeDuration', '5 days'), 'x', /bad ISO-8601 duration "5 days"/],
      [
        'a negative duration',
        timerCatch('timeDuration', '-P1D'),
        'x',
        /bad ISO-8601 duration "-P1D" \(negative/,
      ],
      ['a duration without components', timerCatch('timeDuration', 'PT'), 'x', /bad ISO-8601 duration "PT"/],
      ['an empty duration', timerCatch('timeDuration', ' '), 'x', /empty timeDuration/],
      [
        'a timer without time',
        around(catchEvent('<bpmn:timerEventDefinition/>')),
        'x',
        /timer needs a timeDuration, timeDate or timeCycle/,
      ],
      [
        'a timer with both a duration and a date',
        around(
          catchEvent(
            '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration><bpmn:timeDate>2030-01-01</bpmn:timeDate></bpmn:timerEventDefinition>',
          ),
        ),
        'x',
        /timer declares timeDuration and timeDate: use exactly one/,
      ],
      ['a bad date', timerCatch('timeDate', 'tomorrow'), 'x', /bad ISO-8601 date-time "tomorrow"/],
      ['a date that is only a year', timerCatch('timeDate', '2030'), 'x', /bad ISO-8601 date-time "2030"/],
      [
        'a FEEL syntax error in a timer',
        timerCatch('timeDuration', '=a +'),
        'x',
        /FEEL syntax error in "a \+"/,
      ],
      [
        'months on the workday calendar',
        timerCatch('timeDuration', 'P1M', 'workday'),
        'x',
        /duration "P1M": months and years are not defined on the workday calendar/,
      ],
      [
        'an unknown timer calendar',
        timerCatch('timeDuration', 'PT1H', 'lunar'),
        'x',
        /unknown calendar "lunar"/,
      ],
      [
        'a timer cycle on an intermediate catch event',
        timerCatch('timeCycle', 'R3/PT1H'),
        'x',
        /a timer cycle \(timeCycle\) is only supported on a non-interrupting boundary event/,
      ],
      [
        'a timer cycle on an interrupting boundary event',
        around(userTask('x'), boundary('b', 'x', timer('timeCycle', 'R3/PT1H'))),
        'b',
        /a timer cycle \(timeCycle\) is only supported on a non-interrupting boundary event/,
      ],
      [
        'a cycle that is not R[n]/duration',
        around(userTask('x'), boundary('b', 'x', timer('timeCycle', 'every 2h'), false)),
        'b',
        /bad timer cycle "every 2h" \(expected R\[n\]\/<duration>/,
      ],
      [
        'a cycle with a bad duration',
        around(userTask('x'), boundary('b', 'x', timer('timeCycle', 'R3/P1X'), false)),
        'b',
        /bad timer cycle "R3\/P1X": bad ISO-8601 duration "P1X"/,
      ],
      [
        'a cycle that repeats zero times',
        around(userTask('x'), boundary('b', 'x', timer('timeCycle', 'R0/PT1H'), false)),
        'b',
        /it must repeat at least once/,
      ],
    ]);

    it('accepts durations, dates, unbounded cycles and FEEL on each calendar', async () => {
      for (const [kind, expr, calendar] of [
        ['timeDuration', 'P1DT2H30M', 'workday'],
        ['timeDuration', 'P1M', 'natural'],
        ['timeDuration', 'P2W', undefined],
        ['timeDuration', '=duration("PT" + string(hours) + "H")', undefined],
        ['timeDate', '2030-01-01', undefined],
        ['timeDate', '2030-01-01T09:00:00Z', undefined],
        ['timeDate', '=deadline', undefined],
      ] as const)
        await compileDefinition(timerCatch(kind, expr, calendar));
      const p = await compileDefinition(
        around(userTask('x'), boundary('b', 'x', timer('timeCycle', 'R/PT1H'), false)),
      );
      expect(p.nodes.b.timer).to.deep.equal({ kind: 'cycle', expr: 'R/PT1H', calendar: 'natural' });
    });
  });

  describe('message catch events', () => {
    rejects([
      [
        'a message without a name',
        around(catchEvent('<bpmn:messageEventDefinition messageRef="m"/>', ' grid:correlationKey="=k"'), '', {
          root: '<bpmn:message id="m"/>',
        }),
        'x',
        /message "m" needs a name/,
      ],
      [
        'a message catch without a message',
        around(catchEvent('<bpmn:messageEventDefinition/>', ' grid:correlationKey="=k"')),
        'x',
        /needs a messageRef to a message with a name/,
      ],
      [
        'a message catch without a correlation key',
        messageCatch(''),
        'x',
        /needs a correlation key.*correlationKey/,
      ],
      [
        'a blank correlation key',
        messageCatch(
          '',
          '<bpmn:extensionElements><grid:subscription correlationKey=" "/></bpmn:extensionElements>',
        ),
        'x',
        /needs a correlation key/,
      ],
      [
        'a correlation key with a FEEL syntax error',
        messageCatch(' grid:correlationKey="=case."'),
        'x',
        /correlation key: FEEL syntax error/,
      ],
      [
        'a JUEL correlation key',
        messageCatch(' grid:correlationKey="${caseId}"'),
        'x',
        /correlation key: JUEL/,
      ],
      [
        'two different correlation keys',
        messageCatch(
          ' grid:correlationKey="=a"',
          '<bpmn:extensionElements><grid:subscription correlationKey="=b"/></bpmn:extensionElements>',
        ),
        'x',
        /correlation key declared twice/,
      ],
      [
        'a subscription on a user task',
        around(
          userTask(
            'x',
            '',
            '<bpmn:extensionElements><grid:subscription correlationKey="=a"/></bpmn:extensionElements>',
          ),
        ),
        'x',
        /grid:subscription is only supported on message catch events/,
      ],
      [
        'a correlation key on a timer catch',
        around(catchEvent(timer('timeDuration', 'PT1H'), ' grid:correlationKey="=a"')),
        'x',
        /grid:correlationKey is only supported on message catch events/,
      ],
    ]);
  });

  describe('grid task configuration', () => {
    const task = (attrs: string, inner = '') => around(userTask('x', attrs, inner));
    rejects([
      ['a bad grid:sla', task('grid:sla="P3X"'), 'x', /grid:sla: bad ISO-8601 duration "P3X"/],
      [
        'a FEEL grid:sla with a syntax error',
        task('grid:sla="=if a then"'),
        'x',
        /grid:sla: FEEL syntax error/,
      ],
      [
        'an SLA in months on the workday calendar',
        task('grid:sla="P1M"'),
        'x',
        /grid:sla: duration "P1M": months and years are not defined on the workday calendar/,
      ],
      [
        'an unknown grid:calendar',
        task('grid:sla="P1D" grid:calendar="lunar"'),
        'x',
        /grid:calendar: unknown calendar "lunar"/,
      ],
      [
        'grid:warnAt above 1',
        task('grid:sla="P1D" grid:warnAt="1.5"'),
        'x',
        /grid:warnAt must be a number between 0 and 1/,
      ],
      [
        'grid:warnAt of 0',
        task('grid:sla="P1D" grid:warnAt="0"'),
        'x',
        /grid:warnAt must be a number between 0 and 1/,
      ],
      ['grid:warnAt that is not a number', task('grid:sla="P1D" grid:warnAt="soon"'), 'x', /got NaN/],
      ['grid:warnAt without grid:sla', task('grid:warnAt="0.5"'), 'x', /grid:warnAt needs grid:sla/],
      [
        'an unknown grid:level',
        task('grid:level="planet"'),
        'x',
        /unknown grid level "planet" \(known: grid, zone/,
      ],
      [
        'an escalation ladder without an SLA',
        task('', ladder([['street', 'P1D']])),
        'x',
        /^missing SLA on a task that declares escalation$/,
      ],
      [
        'an escalation step without a level',
        task(
          'grid:sla="P1D"',
          '<bpmn:extensionElements><grid:escalation><grid:step sla="P1D"/></grid:escalation></bpmn:extensionElements>',
        ),
        'x',
        /escalation step 1: missing level/,
      ],
      [
        'an escalation step without an SLA',
        task(
          'grid:sla="P1D"',
          '<bpmn:extensionElements><grid:escalation><grid:step level="street" sla="P1D"/><grid:step level="district"/></grid:escalation></bpmn:extensionElements>',
        ),
        'x',
        /escalation step 2: missing sla/,
      ],
      [
        'an escalation step with a bad SLA',
        task('grid:sla="P1D"', ladder([['street', 'P2X']])),
        'x',
        /escalation step 1: bad ISO-8601 duration "P2X"/,
      ],
      [
        'an escalation step at an unknown level',
        task('grid:sla="P1D"', ladder([['moon', 'P1D']])),
        'x',
        /escalation step 1: unknown grid level "moon"/,
      ],
      [
        'an escalation step with an unknown calendar',
        task('grid:sla="P1D"', ladder([['street', 'P1D', 'lunar']])),
        'x',
        /escalation step 1: unknown calendar "lunar"/,
      ],
      [
        'an escalation step not above the task level',
        task('grid:level="community" grid:sla="P1D"', ladder([['grid', 'P1D']])),
        'x',
        /escalation step 1: level "grid" is not above the task's level "community"/,
      ],
      [
        'an escalation step at the task level',
        task('grid:level="street" grid:sla="P1D"', ladder([['street', 'P1D']])),
        'x',
        /escalation step 1: level "street" is not above the task's level "street"/,
      ],
      [
        'escalation steps that do not climb',
        task(
          'grid:level="grid" grid:sla="P1D"',
          ladder([
            ['street', 'P1D'],
            ['community', 'P1D'],
          ]),
        ),
        'x',
        /escalation step 2: level "community" is not above the previous step's level "street"/,
      ],
      [
        'a bad supervisionCycle',
        task('grid:sla="P1D"', ladder([['street', 'P1D']], 'daily')),
        'x',
        /supervisionCycle: bad ISO-8601 duration "daily"/,
      ],
      [
        'a FEEL supervisionCycle',
        task('grid:sla="P1D"', ladder([], '=cycle')),
        'x',
        /supervisionCycle must be a literal ISO-8601 duration/,
      ],
      [
        'two escalation ladders',
        task(
          'grid:sla="P1D"',
          '<bpmn:extensionElements><grid:escalation/><grid:escalation/></bpmn:extensionElements>',
        ),
        'x',
        /declare at most one grid:escalation/,
      ],
      [
        'empty candidate roles',
        task('grid:candidateRoles=" , "'),
        'x',
        /user task needs at least one candidate role/,
      ],
      [
        'a formKey with capitals or underscores',
        task('grid:formKey="Fire_Check"'),
        'x',
        /grid:formKey "Fire_Check" must match \[a-z0-9-\]\+/,
      ],
      [
        'a worker type on a user task',
        task('grid:workerType="sms"'),
        'x',
        /grid:workerType applies to service tasks only/,
      ],
      [
        'a service task without a worker type',
        around('<bpmn:serviceTask id="x"/>'),
        'x',
        /service task needs grid:workerType/,
      ],
      [
        'a service task with an empty worker type',
        around('<bpmn:serviceTask id="x" grid:workerType=" "/>'),
        'x',
        /service task needs grid:workerType/,
      ],
      [
        'negative retries',
        around('<bpmn:serviceTask id="x" grid:workerType="w" grid:retries="-1"/>'),
        'x',
        /grid:retries must be a whole number ≥ 0, got -1/,
      ],
      [
        'retries that are not a number',
        around('<bpmn:serviceTask id="x" grid:workerType="w" grid:retries="many"/>'),
        'x',
        /grid:retries must be a whole number/,
      ],
      [
        'an SLA on a service task',
        around('<bpmn:serviceTask id="x" grid:workerType="w" grid:sla="P1D"/>'),
        'x',
        /grid:sla applies to user tasks only/,
      ],
      [
        'an escalation ladder on a service task',
        around(
          `<bpmn:serviceTask id="x" grid:workerType="w">${ladder([['street', 'P1D']])}</bpmn:serviceTask>`,
        ),
        'x',
        /grid:escalation is only supported on user tasks/,
      ],
    ]);

    it('checks levels against the configured list', async () => {
      const xml = around(userTask('x', 'grid:level="street" grid:sla="P1D"', ladder([['county', 'P1D']])));
      expectDetail(await errorsOf(xml), 'x', /escalation step 1: unknown grid level "county"/);
      const details = await errorsOf(xml, { levels: ['village', 'town', 'county'] });
      expectDetail(details, 'x', /unknown grid level "street" \(known: village, town, county\)/);
    });

    it('accepts a FEEL SLA, a ladder without a task level, and a supervision cycle without steps', async () => {
      const p = await compileDefinition(
        around(
          userTask(
            'x',
            'grid:sla="=if urgent then &quot;P1D&quot; else &quot;P3D&quot;"',
            ladder([
              ['community', 'P1D'],
              ['district', 'P1D'],
            ]),
          ),
        ),
      );
      expect(p.nodes.x.grid!.sla!.duration).to.equal('=if urgent then "P1D" else "P3D"');
      const q = await compileDefinition(around(userTask('x', 'grid:sla="P1D"', ladder([], 'PT12H'))));
      expect(q.nodes.x.grid).to.deep.include({ ladder: [], supervisionCycle: 'PT12H' });
    });
  });

  describe('ids', () => {
    rejects([
      [
        'an element without an id',
        around(userTask('x'), '<bpmn:userTask name="无编号"/>'),
        'p',
        /bpmn:UserTask without an id/,
      ],
      [
        'an element without an id inside a sub-process',
        around(
          subProcess(
            'x',
            `<bpmn:startEvent id="ss"/>${flow('g', 'ss', 'se')}<bpmn:endEvent id="se"/><bpmn:endEvent/>`,
          ),
        ),
        'x',
        /bpmn:EndEvent without an id/,
      ],
      [
        'an id with a dot',
        bpmnXml(
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'x.y')}${userTask('x.y')}${flow('f1', 'x.y', 'e')}<bpmn:endEvent id="e"/>`,
        ),
        'x.y',
        /element id "x.y" must not contain "\."/,
      ],
    ]);
  });

  describe('reporting', () => {
    it('reports every problem of a definition at once', async () => {
      const details = await errorsOf(fixture('many-errors'));
      const expected: Array<[string, RegExp]> = [
        ['check', /unknown grid level "planet"/],
        ['check', /grid:sla: bad ISO-8601 duration "P3X"/],
        ['check', /grid:formKey "Fire_Check"/],
        ['gw', /gateway without default and without conditions/],
        ['f4', /JUEL/],
        ['script', /unsupported element bpmn:ScriptTask/],
        ['orphan', /service task needs grid:workerType/],
        ['orphan', /no incoming flow/],
        ['orphan', /unreachable node/],
      ];
      for (const [id, msg] of expected) expectDetail(details, id, msg);
      expect(details).to.have.length(expected.length);
    });

    it('throws a DeploymentError whose message lists every detail', async () => {
      try {
        await compileDefinition(fixture('many-errors'));
        expect.fail('compiled');
      } catch (err) {
        expect(err).to.be.instanceOf(DeploymentError);
        const e = err as DeploymentError;
        expect(e.name).to.equal('DeploymentError');
        for (const d of e.details) expect(e.message).to.include(`${d.elementId}: ${d.message}`);
      }
    });

    it('reports parser problems together with rule violations', async () => {
      const details = await errorsOf(around(userTask('x', 'grid:sla="P3X" grid:colour="red"')));
      expectDetail(details, 'x', /unknown attribute grid:colour/);
      expectDetail(details, 'x', /bad ISO-8601 duration "P3X"/);
    });

    it('reports each problem once', async () => {
      const details = await errorsOf(around(userTask('x', 'grid:level="planet"'), flow('dup', 'x', 'e')));
      const keys = details.map((d) => `${d.elementId}|${d.message}`);
      expect(new Set(keys).size).to.equal(keys.length);
    });
  });

  describe('pure rule functions', () => {
    it('checkFeel / stripFeelMarker', () => {
      expect(stripFeelMarker(' =a = 1 ')).to.equal('a = 1');
      expect(stripFeelMarker('a')).to.equal('a');
      expect(checkFeel('=x > 1')).to.equal(undefined);
      expect(checkFeel('date and time("2026-01-01T00:00:00")')).to.equal(undefined);
      expect(checkFeel('for x in')).to.deep.include({ code: 'feel.syntax' });
      expect(checkFeel('for x in')?.message).to.match(/FEEL syntax error/);
      expect(checkFeel('for x in')?.params).to.have.property('position').that.is.a('number');
      expect(checkFeel('')).to.deep.equal({
        code: 'feel.empty',
        params: {},
        message: 'empty FEEL expression',
      });
    });

    it('checkDuration / checkDateTime / checkCycle', () => {
      expect(checkDuration('P5D')).to.equal(undefined);
      expect(checkDuration('P1Y', 'workday')).to.deep.include({
        code: 'duration.workday-months',
        params: { value: 'P1Y' },
      });
      expect(checkDuration('P1Y', 'workday')?.message).to.match(/months and years/);
      expect(checkDuration('P1Y', 'natural')).to.equal(undefined);
      expect(checkDuration('=slaDays')).to.equal(undefined);
      expect(checkDuration('')?.message).to.match(/bad ISO-8601 duration ""/);
      expect(checkDuration('P4Y')).to.deep.include({
        code: 'duration.too-long',
        params: { value: 'P4Y', limit: 1098 },
      });
      expect(checkDateTime('2026-10-01T08:00:00+08:00')).to.equal(undefined);
      expect(checkDateTime('2026-13-01')?.message).to.match(/bad ISO-8601 date-time/);
      expect(checkDateTime('2026-13-01')?.code).to.equal('date-time.invalid');
      expect(checkCycle('R5/PT10M')).to.equal(undefined);
      expect(checkCycle('PT10M')?.message).to.match(/bad timer cycle/);
      // a nested reason is a param of its own: {code, params}, never text to parse
      expect(checkCycle('R3/P1X')).to.deep.equal({
        code: 'cycle.duration',
        params: { value: 'R3/P1X', cause: { code: 'duration.invalid', params: { value: 'P1X' } } },
        message: checkCycle('R3/P1X')?.message,
      });
    });

    it('parseCandidateRoles', () => {
      expect(parseCandidateRoles(undefined)).to.deep.equal(['handler']);
      expect(parseCandidateRoles(' handler , reviewer,handler ,')).to.deep.equal(['handler', 'reviewer']);
      expect(parseCandidateRoles('')).to.deep.equal([]);
    });

    it('checkLadder', () => {
      const levels = ['grid', 'community', 'street'];
      expect(
        checkLadder(
          'grid',
          [
            { level: 'community', sla: 'P1D' },
            { level: 'street', sla: 'P1D' },
          ],
          levels,
          'workday',
        ),
      ).to.deep.equal([]);
      expect(checkLadder(undefined, [{ level: 'grid', sla: 'P1D' }], levels, 'workday')).to.deep.equal([]);
      expect(checkLadder('street', [{ level: 'street' }], levels, 'workday')).to.have.length(2);
      // each problem names its rung as `step`
      expect(
        checkLadder('street', [{ level: 'street' }], levels, 'workday').map((p) => [p.code, p.params.step]),
      ).to.deep.equal([
        ['escalation.level-not-above-task', 1],
        ['escalation.sla-missing', 1],
      ]);
    });

    it('classifyElement', () => {
      expect(classifyElement({ $type: 'bpmn:UserTask', id: 'a' })).to.deep.equal({ kind: 'userTask' });
      expect(classifyElement({ $type: 'bpmn:DataObjectReference', id: 'a' })).to.deep.equal({
        ignored: true,
      });
      expect(
        classifyElement({
          $type: 'bpmn:EndEvent',
          id: 'a',
          eventDefinitions: [{ $type: 'bpmn:TerminateEventDefinition' }],
        }),
      ).to.deep.equal({ kind: 'endEvent' });
      expect(classifyElement({ $type: 'bpmn:ScriptTask', id: 'a' })).to.deep.equal({
        unsupported: {
          code: 'unsupported.element',
          params: { bpmnType: 'bpmn:ScriptTask' },
          message: 'unsupported element bpmn:ScriptTask',
        },
      });
    });
  });
});
