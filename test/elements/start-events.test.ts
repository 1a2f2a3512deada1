// bpmn:startEvent with a timer or a message: where a case opened by a schedule or a message begins (pure
// semantics, no Redis), and the deploy refusals, coded and naming the element.
import { expect } from 'chai';
import { newInstance, advance } from '../../engine/runtime/semantics.js';
import { flow, userTask } from '../engine/fixtures.js';
import { CHAIN, compile, ctxOf, table, tokens } from './pure.js';

const MESSAGE = '<bpmn:message id="m1" name="fire-report"/>';
const timerStart = (
  inner = '<bpmn:timeCycle>R/2026-10-08T09:00:00+08:00/P1D</bpmn:timeCycle>',
  attrs = 'grid:startUnit="G1"',
) =>
  `<bpmn:startEvent id="ts" ${attrs}><bpmn:timerEventDefinition grid:calendar="workday">${inner}</bpmn:timerEventDefinition></bpmn:startEvent>`;
const messageStart = (id = 'ms', ref = 'm1') =>
  `<bpmn:startEvent id="${id}"><bpmn:messageEventDefinition messageRef="${ref}"/></bpmn:startEvent>`;
const rest = `${userTask('u')}${flow('f2', 'u', 'e')}<bpmn:endEvent id="e"/>`;

describe('element timerStart / messageStart: a case begins at the event', () => {
  table([
    {
      name: 'a process with a timer start only: the case begins there and the token passes on',
      body: `${timerStart()}${flow('f0', 'ts', 'u')}${rest}`,
      tokens: ['u:waiting:task'],
      actions: ['task', 'notify'],
      check: ({ state }) => expect(Object.keys(state.tokens)).to.have.length(1),
    },
    {
      name: 'a process with a message start only: the same',
      body: `${messageStart()}${flow('f0', 'ms', 'u')}${rest}`,
      root: MESSAGE,
      tokens: ['u:waiting:task'],
    },
  ]);

  it('with a none start beside, a case by hand begins at the none start, a message case at its event', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'u')}${messageStart()}${flow('f1', 'ms', 'v')}
       ${userTask('v')}${flow('f3', 'v', 'e')}${rest}`,
      MESSAGE,
    );
    expect(def.startNode).to.equal('s');
    const run = (startNode?: string) => {
      const ctx = ctxOf(def);
      const created = newInstance(ctx, {
        id: 'i1',
        def,
        definitionVersion: 1,
        gridUnit: 'G1',
        unitChain: CHAIN,
        variables: {},
        ...(startNode ? { startNode } : {}),
      });
      const started = created.effects.flatMap((e) =>
        e.type === 'history' && e.record.action === 'instance-started' ? [e.record.details] : [],
      );
      return { out: advance(ctx, created.state, Object.values(created.state.tokens)[0].id), started };
    };
    const byHand = run();
    expect(tokens(byHand.out.state)).to.deep.equal(['u:waiting:task']);
    expect(byHand.started[0]).to.not.have.property('startEvent');
    const byMessage = run('ms');
    expect(tokens(byMessage.out.state)).to.deep.equal(['v:waiting:task']);
    expect(byMessage.started[0]).to.include({ startEvent: 'ms' });
  });

  describe('deploy validation (coded, naming the element)', () => {
    const problems = async (body: string, root = MESSAGE) =>
      (
        ((await compile(body, root).catch((e) => e)).details ?? []) as Array<{
          elementId: string;
          code?: string;
        }>
      )
        .map((p) => [p.elementId, p.code ?? p])
        .sort();
    it('a timer start without grid:startUnit, with a FEEL expression, with a bad cycle', async () => {
      expect(await problems(`${timerStart(undefined, '')}${flow('f0', 'ts', 'u')}${rest}`)).to.deep.equal([
        ['ts', 'start-timer.unit'],
      ]);
      expect(
        await problems(
          `${timerStart('<bpmn:timeCycle>=cycle</bpmn:timeCycle>')}${flow('f0', 'ts', 'u')}${rest}`,
        ),
      ).to.deep.equal([['ts', 'start-timer.expression']]);
      expect(
        await problems(
          `${timerStart('<bpmn:timeCycle>R/P1M</bpmn:timeCycle>')}${flow('f0', 'ts', 'u')}${rest}`,
        ),
      ).to.deep.equal([['ts', 'start-timer.invalid']]);
      // no timer property at all: the rule every timer shares
      expect(await problems(`${timerStart('')}${flow('f0', 'ts', 'u')}${rest}`)).to.deep.equal([
        ['ts', 'timer.none'],
      ]);
    });
    it('a timer or message start inside a sub-process', async () => {
      const found = await problems(
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sp')}
         <bpmn:subProcess id="sp"><bpmn:startEvent id="in"/>${flow('g0', 'in', 'ie')}<bpmn:endEvent id="ie"/>
           ${messageStart('inm')}${flow('g1', 'inm', 'ie')}</bpmn:subProcess>${flow('f1', 'sp', 'e')}<bpmn:endEvent id="e"/>`,
      );
      expect(found).to.deep.equal([['inm', 'start-event.scope']]);
    });
    it('a message start without a message name, and two message starts of one name', async () => {
      expect(
        await problems(
          `${messageStart('ms', 'nope')}${flow('f0', 'ms', 'u')}${rest}`,
          '<bpmn:message id="nope"/>',
        ),
      ).to.deep.equal([['ms', 'message-start.message']]);
      expect(
        await problems(
          `${messageStart('a')}${flow('f0', 'a', 'u')}${messageStart('b')}${flow('f1', 'b', 'u')}${rest}`,
        ),
      ).to.deep.equal([['b', 'message-start.duplicate']]);
    });
    it('still one none start at most', async () => {
      const found = await problems(
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'u')}<bpmn:startEvent id="s2"/>${flow('f1', 's2', 'u')}${rest}`,
      );
      expect(found.map((p) => p[0])).to.include('p');
    });
  });
});
