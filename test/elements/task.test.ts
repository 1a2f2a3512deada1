// bpmn:Task: an activity without behaviour completes at once (pure semantics, no Redis).
import { expect } from 'chai';
import { completeTask } from '../../engine/runtime/semantics.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, table } from './pure.js';

// bpmn:task and bpmn:manualTask behave alike (each its own module): one table for both
for (const [tag, kind, words] of [
  ['task', 'task', 'task'],
  ['manualTask', 'manualTask', 'manual task'],
] as const)
  describe(`element ${kind} (bpmn:${tag}): pass-through`, () => {
    table([
      {
        name: `start → ${words} → user task: the token passes it in the same transition`,
        body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 't')}<bpmn:${tag} id="t" name="登记"/>${flow('f1', 't', 'u')}
        ${userTask('u')}${flow('f2', 'u', 'e')}<bpmn:endEvent id="e"/>`,
        tokens: ['u:waiting:task'],
        actions: ['task', 'notify'],
        check: ({ effects }) =>
          expect(
            effects.flatMap((e) =>
              e.type === 'history' && e.record.elementId === 't' ? [e.record.action] : [],
            ),
          ).to.deep.equal(['leave']),
      },
      {
        name: `a ${words} as the last step ends the case`,
        body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 't')}<bpmn:${tag} id="t"/>${flow('f1', 't', 'e')}<bpmn:endEvent id="e"/>`,
        tokens: [],
        status: 'completed',
      },
      {
        name: `conditions on the flows leaving a ${words} choose the path (and its default flow)`,
        body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 't')}<bpmn:${tag} id="t" default="fb"/>
        ${flow('fa', 't', 'a', '=urgent')}${flow('fb', 't', 'b')}${userTask('a')}${userTask('b')}
        ${flow('fa2', 'a', 'e')}${flow('fb2', 'b', 'e')}<bpmn:endEvent id="e"/>`,
        variables: { urgent: false },
        tokens: ['b:waiting:task'],
      },
      {
        name: `after a user task completes, the ${words} passes and the case ends`,
        body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'u')}${userTask('u')}${flow('f1', 'u', 't')}
        <bpmn:${tag} id="t"/>${flow('f2', 't', 'e')}<bpmn:endEvent id="e"/>`,
        command: (ctx, s) => completeTask(ctx, s, Object.keys(s.tasks)[0], {}),
        tokens: [],
        status: 'completed',
      },
    ]);

    it('is refused without an incoming flow, naming the element', async () => {
      const err = await compile(
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'e')}<bpmn:${tag} id="lost"/>${flow('f1', 'lost', 'e')}<bpmn:endEvent id="e"/>`,
      ).catch((e) => e);
      expect(err.details).to.deep.include({
        elementId: 'lost',
        message: `${kind} has no incoming flow`,
        code: 'node.no-incoming',
        params: { nodeKind: kind },
      });
    });
  });
