// Error end events, error boundary events and BPMN errors raised by service workers, on the pure
// semantics: (state, command) → (state, effects), no Redis.
import { expect } from 'chai';
import { retryIncident, serviceError } from '../../engine/runtime/semantics.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, table } from './pure.js';

const ERRORS =
  '<bpmn:error id="notOurs" name="不属本部门" errorCode="NOT_OURS"/><bpmn:error id="other" errorCode="OTHER"/>';
const S = (to: string) => `<bpmn:startEvent id="s"/>${flow('f0', 's', to)}`;
const tokenAt = (s: InstanceState, nodeId: string) =>
  Object.values(s.tokens).find((t) => t.nodeId === nodeId)!.id;
/** a sub-process whose inner path ends in an error end event (`code` = the bpmn:error id), caught by `boundary` */
const sub = (errorRef: string, boundary: string) =>
  `${S('sp')}<bpmn:subProcess id="sp"><bpmn:startEvent id="ss"/>${flow('fi', 'ss', 'ee')}
     <bpmn:endEvent id="ee"><bpmn:errorEventDefinition errorRef="${errorRef}"/></bpmn:endEvent></bpmn:subProcess>
   ${flow('f1', 'sp', 'e')}<bpmn:endEvent id="e"/>${boundary}${flow('fb', 'b', 'back')}${userTask('back')}
   ${flow('fb2', 'back', 'e2')}<bpmn:endEvent id="e2"/>`;
const errorBoundary = (host: string, ref = '') =>
  `<bpmn:boundaryEvent id="b" attachedToRef="${host}"><bpmn:errorEventDefinition ${ref}/></bpmn:boundaryEvent>`;
const svc = `${S('w')}<bpmn:serviceTask id="w" grid:workerType="dept"/>${flow('f1', 'w', 'e')}<bpmn:endEvent id="e"/>`;

describe('element errorEnd / boundaryError', () => {
  table([
    {
      name: 'an error end event inside a sub-process: its boundary with that code catches it, the sub-process is cancelled',
      body: sub('notOurs', errorBoundary('sp', 'errorRef="notOurs"')),
      root: ERRORS,
      tokens: ['back:waiting:task'],
      check: ({ state, effects }) => {
        expect(state.scopes).to.have.all.keys('root');
        const actions = effects.flatMap((e) => (e.type === 'history' ? [e.record.action] : []));
        expect(actions).to.include.members(['error-thrown', 'error-caught']);
      },
    },
    {
      name: 'a boundary without an errorRef catches every error',
      body: sub('other', errorBoundary('sp')),
      root: ERRORS,
      tokens: ['back:waiting:task'],
    },
    {
      name: 'a boundary for another code does not: uncaught, the token stops at the end event as an incident',
      body: sub('other', errorBoundary('sp', 'errorRef="notOurs"')),
      root: ERRORS,
      tokens: ['ee:incident', 'sp:waiting:sub-process'],
      actions: ['incident'],
      check: ({ state }) =>
        expect(Object.values(state.incidents)[0].message).to.match(/BPMN error "OTHER" was not caught/),
    },
    {
      name: 'a service worker raising NOT_OURS: the boundary on the service task routes it back, with its variables',
      body: `${svc}${errorBoundary('w', 'errorRef="notOurs"')}${flow('fb', 'b', 'back')}${userTask('back')}${flow('fb2', 'back', 'e2')}<bpmn:endEvent id="e2"/>`,
      root: ERRORS,
      command: (ctx, s) =>
        serviceError(ctx, s, tokenAt(s, 'w'), 'NOT_OURS', 'not ours', { reason: '属住建部门' }),
      tokens: ['back:waiting:task'],
      check: ({ state }) => expect(state.variables.reason).to.equal('属住建部门'),
    },
    {
      name: 'a service worker raising an error nothing catches: an incident whose retry runs the worker again',
      body: svc,
      command: (ctx, s) => {
        const out = serviceError(ctx, s, tokenAt(s, 'w'), 'NOT_OURS', 'not ours');
        expect(Object.values(out.state.tokens).map((t) => t.status)).to.deep.equal(['incident']);
        return retryIncident(ctx, out.state, Object.keys(out.state.incidents)[0]);
      },
      tokens: ['w:waiting:service'],
      actions: ['incident', 'job:service'],
    },
    {
      name: 'a stale error (the service task already left) changes nothing',
      body: svc,
      command: (ctx, s) => {
        const id = tokenAt(s, 'w');
        const first = serviceError(ctx, s, id, 'X', 'x');
        const again = serviceError(ctx, { ...first.state, tokens: {} }, id, 'X', 'x');
        expect(again.changed).to.equal(false);
        return first;
      },
      tokens: ['w:incident:service'],
    },
  ]);

  describe('deploy validation (coded, naming the element)', () => {
    const codes = async (body: string) =>
      ((await compile(body, ERRORS).catch((e) => e)).details ?? []).map((d: any) => [d.elementId, d.code]);
    it('refuses an error end event without an error or an error without a code', async () => {
      expect(
        await codes(`${S('x')}<bpmn:endEvent id="x"><bpmn:errorEventDefinition/></bpmn:endEvent>`),
      ).to.deep.equal([['x', 'error-end.error-ref']]);
      expect(
        await compile(
          `${S('x')}<bpmn:endEvent id="x"><bpmn:errorEventDefinition errorRef="nocode"/></bpmn:endEvent>`,
          '<bpmn:error id="nocode"/>',
        ).catch((e) => e.details.map((d: any) => [d.elementId, d.code])),
      ).to.deep.equal([['x', 'error-end.error-code']]);
    });
    it('refuses a non-interrupting error boundary and one on a user task', async () => {
      const found = await codes(
        `${S('u')}${userTask('u')}${flow('f1', 'u', 'e')}<bpmn:endEvent id="e"/>
         <bpmn:boundaryEvent id="b" attachedToRef="u" cancelActivity="false"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
         ${flow('fb', 'b', 'e2')}<bpmn:endEvent id="e2"/>`,
      );
      expect(found).to.deep.include.members([
        ['b', 'error-boundary.non-interrupting'],
        ['b', 'error-boundary.host'],
      ]);
    });
  });
});
