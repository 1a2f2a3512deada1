// The registry table itself: names, classification and the traits deploy validation reads.
import { expect } from 'chai';
import { classifyElement, ELEMENTS, elementOf } from '../../engine/elements/registry.js';

const ev = (type: string) => [{ $type: type }];
/** one moddle element per registered kind, as bpmn-moddle would hand it over */
const SAMPLES: Record<string, { $type: string; [k: string]: unknown }> = {
  startEvent: { $type: 'bpmn:StartEvent' },
  endEvent: { $type: 'bpmn:EndEvent', eventDefinitions: ev('bpmn:TerminateEventDefinition') },
  userTask: { $type: 'bpmn:UserTask' },
  serviceTask: { $type: 'bpmn:ServiceTask' },
  exclusiveGateway: { $type: 'bpmn:ExclusiveGateway' },
  parallelGateway: { $type: 'bpmn:ParallelGateway' },
  inclusiveGateway: { $type: 'bpmn:InclusiveGateway' },
  timerCatch: { $type: 'bpmn:IntermediateCatchEvent', eventDefinitions: ev('bpmn:TimerEventDefinition') },
  messageCatch: { $type: 'bpmn:IntermediateCatchEvent', eventDefinitions: ev('bpmn:MessageEventDefinition') },
  escalationThrow: {
    $type: 'bpmn:IntermediateThrowEvent',
    eventDefinitions: ev('bpmn:EscalationEventDefinition'),
  },
  subProcess: { $type: 'bpmn:SubProcess' },
  boundaryTimer: { $type: 'bpmn:BoundaryEvent', eventDefinitions: ev('bpmn:TimerEventDefinition') },
  boundaryEscalation: { $type: 'bpmn:BoundaryEvent', eventDefinitions: ev('bpmn:EscalationEventDefinition') },
  task: { $type: 'bpmn:Task' },
  receiveTask: { $type: 'bpmn:ReceiveTask' },
  sendTask: { $type: 'bpmn:SendTask' },
  manualTask: { $type: 'bpmn:ManualTask' },
  errorEnd: { $type: 'bpmn:EndEvent', eventDefinitions: ev('bpmn:ErrorEventDefinition') },
  boundaryError: { $type: 'bpmn:BoundaryEvent', eventDefinitions: ev('bpmn:ErrorEventDefinition') },
  boundaryMessage: { $type: 'bpmn:BoundaryEvent', eventDefinitions: ev('bpmn:MessageEventDefinition') },
  noneThrowEvent: { $type: 'bpmn:IntermediateThrowEvent' },
  businessRuleTask: { $type: 'bpmn:BusinessRuleTask' },
  eventGateway: { $type: 'bpmn:EventBasedGateway' },
  signalCatch: { $type: 'bpmn:IntermediateCatchEvent', eventDefinitions: ev('bpmn:SignalEventDefinition') },
  signalThrow: { $type: 'bpmn:IntermediateThrowEvent', eventDefinitions: ev('bpmn:SignalEventDefinition') },
  signalEnd: { $type: 'bpmn:EndEvent', eventDefinitions: ev('bpmn:SignalEventDefinition') },
  boundarySignal: { $type: 'bpmn:BoundaryEvent', eventDefinitions: ev('bpmn:SignalEventDefinition') },
  timerStart: { $type: 'bpmn:StartEvent', eventDefinitions: ev('bpmn:TimerEventDefinition') },
  messageStart: { $type: 'bpmn:StartEvent', eventDefinitions: ev('bpmn:MessageEventDefinition') },
  callActivity: { $type: 'bpmn:CallActivity' },
  eventSubProcess: { $type: 'bpmn:SubProcess', triggeredByEvent: true },
  eventSubProcessStart: {
    $type: 'bpmn:StartEvent',
    eventDefinitions: ev('bpmn:MessageEventDefinition'),
    $parent: { $type: 'bpmn:SubProcess', triggeredByEvent: true },
  },
};

describe('element registry', () => {
  it('lists each module under its own kind', () => {
    for (const [name, type] of Object.entries(ELEMENTS)) expect(type.kind, name).to.equal(name);
    expect(elementOf('scriptTask')).to.equal(undefined);
  });

  it('classifies one sample element of every kind to exactly that kind', () => {
    expect(Object.keys(SAMPLES).sort()).to.deep.equal(Object.keys(ELEMENTS).sort());
    for (const [kind, el] of Object.entries(SAMPLES)) {
      expect(classifyElement({ id: 'x', ...el }), kind).to.deep.equal({ kind });
      const event = el.eventDefinitions ? (el.eventDefinitions as Array<{ $type: string }>)[0].$type : 'none';
      const claimed = Object.values(ELEMENTS).filter((t) => t.classify({ id: 'x', ...el }, event));
      expect(
        claimed.map((t) => t.kind),
        kind,
      ).to.deep.equal([kind]);
    }
  });

  it('refuses what no module claims, saying what it is', () => {
    expect(classifyElement({ $type: 'bpmn:ScriptTask', id: 'x' })).to.deep.equal({
      unsupported: {
        code: 'unsupported.element',
        params: { bpmnType: 'bpmn:ScriptTask' },
        message: 'unsupported element bpmn:ScriptTask',
      },
    });
    expect(
      classifyElement({
        $type: 'bpmn:BoundaryEvent',
        id: 'x',
        eventDefinitions: ev('bpmn:CompensateEventDefinition'),
      }),
    ).to.deep.equal({
      unsupported: {
        code: 'unsupported.event',
        params: { bpmnType: 'bpmn:BoundaryEvent', eventType: 'bpmn:CompensateEventDefinition' },
        message: 'unsupported element bpmn:BoundaryEvent with bpmn:CompensateEventDefinition',
      },
    });
    expect(classifyElement({ $type: 'bpmn:SubProcess', id: 'x', triggeredByEvent: true })).to.deep.equal({
      kind: 'eventSubProcess',
    });
    expect(classifyElement({ $type: 'bpmn:Transaction', id: 'x' })).to.have.property('unsupported');
  });

  it('says which kinds wait, host boundaries and hold scopes', () => {
    const kinds = (pick: (t: (typeof ELEMENTS)[keyof typeof ELEMENTS]) => unknown) =>
      Object.values(ELEMENTS)
        .filter((t) => pick(t))
        .map((t) => t.kind)
        .sort();
    expect(kinds((t) => t.waitState)).to.deep.equal([
      'boundaryMessage',
      'boundarySignal',
      'boundaryTimer',
      'businessRuleTask',
      'callActivity',
      'eventGateway',
      'messageCatch',
      'receiveTask',
      'serviceTask',
      'signalCatch',
      'timerCatch',
      'userTask',
    ]);
    expect(kinds((t) => t.scope)).to.deep.equal(['eventSubProcess', 'subProcess']);
    const timer = ELEMENTS.boundaryTimer.boundary!;
    expect(kinds((t) => timer.hosts(t))).to.deep.equal([
      'businessRuleTask',
      'callActivity',
      // an event sub-process is a scope, but refuses every boundary event (event-subprocess.boundary)
      'eventSubProcess',
      'receiveTask',
      'serviceTask',
      'subProcess',
      'userTask',
    ]);
    const escalation = ELEMENTS.boundaryEscalation.boundary!;
    expect(kinds((t) => escalation.hosts(t))).to.deep.equal(['eventSubProcess', 'subProcess']);
  });
});
