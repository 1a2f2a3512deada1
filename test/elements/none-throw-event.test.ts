// A none intermediate throw event (a milestone) passes on at once (pure semantics, no Redis).
import { expect } from 'chai';
import { completeTask } from '../../engine/runtime/semantics.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, table } from './pure.js';

const milestone = (id: string) => `<bpmn:intermediateThrowEvent id="${id}" name="已受理"/>`;

describe('element noneThrowEvent: a milestone', () => {
  table([
    {
      name: 'start → milestone → user task: passed in the same transition, recorded as entered and left',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'm')}${milestone('m')}${flow('f1', 'm', 'u')}${userTask('u')}${flow('f2', 'u', 'e')}<bpmn:endEvent id="e"/>`,
      tokens: ['u:waiting:task'],
      actions: ['task', 'notify'],
      check: ({ effects }) =>
        expect(
          effects.flatMap((e) =>
            e.type === 'history' && e.record.elementId === 'm' ? [e.record.action] : [],
          ),
        ).to.deep.equal(['leave']),
    },
    {
      name: 'after a completion it passes and the case ends',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'u')}${userTask('u')}${flow('f1', 'u', 'm')}${milestone('m')}${flow('f2', 'm', 'e')}<bpmn:endEvent id="e"/>`,
      command: (ctx, s) => completeTask(ctx, s, Object.keys(s.tasks)[0], {}),
      tokens: [],
      status: 'completed',
    },
  ]);

  it('is refused without an outgoing flow, naming the element', async () => {
    const err = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'm')}${milestone('m')}${flow('f1', 's', 'e')}<bpmn:endEvent id="e"/>`,
    ).catch((e) => e);
    expect(err.details).to.deep.include({
      elementId: 'm',
      message: 'noneThrowEvent has no outgoing flow',
      code: 'node.no-outgoing',
      params: { nodeKind: 'noneThrowEvent' },
    });
  });
});
