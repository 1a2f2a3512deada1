import { expect } from 'chai';
import {
  canActOnTask,
  canPauseTask,
  canReceiveTask,
  canSeeEvent,
  canSeeInstanceDirectly,
  canSeeTask,
  canStartAt,
  canSuperviseTask,
  lostByEscalation,
  principalOf,
} from '../../engine/api/access.js';
import { caseScopeCondition, viewerAccessKeys } from '../../engine/cases/case-list.js';
import { taskScopeCondition } from '../../engine/queue/inbox-conditions.js';
import { toResponse } from '../../engine/api/errors.js';
import { validateBodyValue } from '../../engine/api/validation.js';
import { DeploymentError, type DeployError } from '../../engine/model/types.js';
import { CommandError } from '../../engine/runtime/transition.js';

const G1 = 'g1';
const G2 = 'g2';
const C = 'c';
const S = 's';
const D = 'd';
const pathOf = (u: string) =>
  ({ [G1]: [G1, C, S, D], [G2]: [G2, C, S, D], [C]: [C, S, D], [S]: [S, D], S2: ['S2', D] })[u]!;

const user = (name: string, roles: Array<[string, string]>) =>
  principalOf({ _id: name, displayName: name, roles: roles.map(([role, unit]) => ({ role, unit })) });

const handler1 = user('h1', [['handler', G1]]);
const sup = user('sup', [['supervisor', C]]);
const otherSup = user('sup2', [['supervisor', 'S2']]);
const admin = user('root', [['admin', D]]);
const headAndMediator = user('head', [
  ['handler', C],
  ['mediator', C],
]);

const task = (unit: string, roles: string[], extra: Record<string, unknown> = {}) => ({
  unit,
  unitPath: pathOf(unit),
  candidateRoles: roles,
  watchers: [] as string[],
  ...extra,
});

describe('access rules (pure)', () => {
  it('builds principals: admin, supervised units, other roles per unit', () => {
    expect(admin.admin).to.equal(true);
    expect(sup.supervises).to.deep.equal([C]);
    expect(headAndMediator.handles).to.deep.equal({ [C]: ['handler', 'mediator'] });
  });

  it('tasks: candidates at the unit, people involved, supervisors of the path, admins', () => {
    const t = task(G1, ['handler']);
    expect(canSeeTask(handler1, t)).to.equal(true);
    expect(canSeeTask(user('h2', [['handler', G2]]), t)).to.equal(false);
    expect(canSeeTask(headAndMediator, t)).to.equal(false); // right role, wrong unit
    expect(canSeeTask(user('rev', [['reviewer', G1]]), t)).to.equal(false); // right unit, wrong role
    expect(canSeeTask(sup, t)).to.equal(true);
    expect(canSeeTask(otherSup, t)).to.equal(false);
    expect(canSeeTask(admin, t)).to.equal(true);
    expect(canSeeTask(otherSup, { ...t, watchers: ['sup2'] })).to.equal(true);
    expect(canActOnTask(otherSup, { ...t, watchers: ['sup2'] })).to.equal(false);
    expect(canActOnTask(otherSup, { ...t, assignee: 'sup2' })).to.equal(true);
    expect(canActOnTask(otherSup, { ...t, owner: 'sup2' })).to.equal(true);
    expect(canSuperviseTask(handler1, t)).to.equal(false);
    expect(canSuperviseTask(sup, t)).to.equal(true);
    expect(taskScopeCondition(admin)).to.equal(null);
    expect(taskScopeCondition(handler1)).to.deep.equal({
      $or: [
        { assignee: 'h1' },
        { owner: 'h1' },
        { watchers: 'h1' },
        { unit: G1, candidateRoles: { $in: ['handler'] } },
      ],
    });
    expect(taskScopeCondition(sup)!.$or).to.deep.include({ unitPath: { $in: [C] } });
  });

  it('instances and starting cases', () => {
    const inst = { unitPath: pathOf(G1), startedBy: 'x', gridUnit: G1 };
    expect(canSeeInstanceDirectly(handler1, inst)).to.equal(true);
    expect(canSeeInstanceDirectly(headAndMediator, inst)).to.equal(false); // needs a visible task
    expect(canSeeInstanceDirectly(sup, inst)).to.equal(true);
    expect(canSeeInstanceDirectly(otherSup, inst)).to.equal(false);
    expect(canSeeInstanceDirectly(otherSup, { ...inst, startedBy: 'sup2' })).to.equal(true);
    expect(caseScopeCondition(admin)).to.equal(null);
    // through a task: as a named user anywhere, or as a candidate at a handled unit
    expect(caseScopeCondition(headAndMediator)).to.deep.equal({
      $or: [
        { startedBy: 'head' },
        { accessKeys: { $in: viewerAccessKeys(headAndMediator) } },
        { gridUnit: { $in: [C] } },
      ],
    });
    expect(viewerAccessKeys(headAndMediator)).to.include('u:head');
    expect(canStartAt(handler1, pathOf(G1))).to.equal(true);
    expect(canStartAt(handler1, pathOf(G2))).to.equal(false);
    expect(canStartAt(headAndMediator, pathOf(G2))).to.equal(true); // own unit or below
    expect(canStartAt(otherSup, pathOf(G1))).to.equal(false);
    expect(canStartAt(admin, ['anything'])).to.equal(true);
  });

  it('events: notifications to their recipient only; task/escalation by path, unit and role', () => {
    const note = { type: 'notification' as const, users: ['h1'], payload: {} };
    expect(canSeeEvent(handler1, note)).to.equal(true);
    expect(canSeeEvent(admin, note)).to.equal(false);
    const taskEvent = {
      type: 'task' as const,
      unit: G1,
      unitPath: pathOf(G1),
      users: [],
      payload: { candidateRoles: ['handler'] },
    };
    expect(canSeeEvent(handler1, taskEvent)).to.equal(true);
    expect(canSeeEvent(user('rev', [['reviewer', G1]]), taskEvent)).to.equal(false);
    expect(canSeeEvent(sup, taskEvent)).to.equal(true);
    expect(canSeeEvent(otherSup, taskEvent)).to.equal(false);
    expect(canSeeEvent(otherSup, { ...taskEvent, users: ['sup2'] })).to.equal(true);
    const esc = {
      type: 'escalation' as const,
      unitPath: pathOf(C),
      users: [],
      payload: { toUnit: C, fromUnit: G1, candidateRoles: ['handler'] },
    };
    expect(canSeeEvent(sup, esc)).to.equal(true);
    expect(canSeeEvent(headAndMediator, esc)).to.equal(true);
    expect(canSeeEvent(handler1, esc)).to.equal(false);
    expect(canSeeEvent(otherSup, esc)).to.equal(false);
    expect(canSeeEvent(user('ss', [['supervisor', S]]), esc)).to.equal(true);
    // staff at the unit without one of the task's roles, and any handler when the event names no roles
    expect(canSeeEvent(user('police', [['police', C]]), esc)).to.equal(false);
    expect(canSeeEvent(headAndMediator, { ...esc, payload: { toUnit: C } })).to.equal(false);
    const toStreet = {
      ...esc,
      unitPath: pathOf(S),
      payload: { toUnit: S, fromUnit: C, candidateRoles: ['handler'] },
    };
    expect(canSeeEvent(user('police', [['police', S]]), toStreet)).to.equal(false);
    expect(
      canSeeEvent(
        user('judicial', [
          ['judicial', S],
          ['mediator', S],
        ]),
        toStreet,
      ),
    ).to.equal(false);
    expect(canSeeEvent(user('sh', [['handler', S]]), toStreet)).to.equal(true);
    // the candidates at the unit the task left hear that it left; nobody else does
    expect(lostByEscalation(handler1, esc)).to.equal(true);
    expect(lostByEscalation(user('h2', [['handler', G2]]), esc)).to.equal(false);
    expect(lostByEscalation(user('rev', [['reviewer', G1]]), esc)).to.equal(false);
    expect(lostByEscalation(handler1, { ...esc, payload: { ...esc.payload, supervised: true } })).to.equal(
      false,
    );
    expect(lostByEscalation(handler1, taskEvent)).to.equal(false);
  });

  it('pausing and handing over: holders, free candidates and supervisors; receivers by role or supervision', () => {
    const t = task(G1, ['handler']);
    const colleague = user('h1b', [['handler', G1]]);
    expect(canPauseTask(handler1, t)).to.equal(true); // unclaimed: any candidate
    expect(canPauseTask(handler1, { ...t, assignee: 'h1' })).to.equal(true);
    expect(canPauseTask(colleague, { ...t, assignee: 'h1' })).to.equal(false);
    const delegatedAway = { ...t, assignee: 'x', owner: 'h1' };
    expect(canPauseTask(handler1, delegatedAway)).to.equal(false);
    expect(canPauseTask(sup, { ...t, assignee: 'h1' })).to.equal(true);
    expect(canPauseTask(otherSup, t)).to.equal(false);
    expect(canPauseTask(admin, { ...t, assignee: 'h1' })).to.equal(true);
    expect(canReceiveTask(colleague, t)).to.equal(true);
    expect(canReceiveTask(user('h2', [['handler', G2]]), t)).to.equal(false);
    expect(canReceiveTask(headAndMediator, t)).to.equal(false); // right role, unit above
    expect(canReceiveTask(sup, t)).to.equal(true);
    expect(canReceiveTask(otherSup, t)).to.equal(false);
  });
});

describe('error mapping and body validation (pure)', () => {
  it('maps domain errors to statuses without leaking internals', () => {
    expect(
      toResponse(
        new CommandError('conflict', 'task t1 is already completed', [], 'task.closed', {
          taskId: 't1',
          status: 'completed',
        }),
      ),
    ).to.deep.equal([
      409,
      {
        error: {
          code: 'task.closed',
          params: { taskId: 't1', status: 'completed' },
          message: 'task t1 is already completed',
          details: [],
        },
      },
    ]);
    expect(toResponse(new CommandError('forbidden', 'no', [], 'task.not-found'))![0]).to.equal(404);
    expect(toResponse(new CommandError('not-found', 'gone', [], 'task.not-found'))).to.deep.equal([
      404,
      // the message is the code's English text, never the text the error was raised with
      { error: { code: 'task.not-found', params: {}, message: 'task not found' } },
    ]);
    // a detail without a code of its own is field.invalid naming the field
    expect(
      toResponse(
        new CommandError('invalid', 'bad form', [{ path: '/data/x', message: 'required' }], 'form.invalid', {
          formKey: 'f',
        }),
      ),
    ).to.deep.equal([
      400,
      {
        error: {
          code: 'form.invalid',
          params: { formKey: 'f' },
          message: 'form f is invalid',
          details: [
            {
              path: '/data/x',
              message: 'required',
              code: 'field.invalid',
              params: { field: 'data/x', message: 'required' },
            },
          ],
        },
      },
    ]);
    // an unexpected problem without a code (the types forbid one; plain JS could still build it): the
    // deploy.problem fallback naming the element
    const uncoded = { elementId: 'task1', message: 'bad level' } as unknown as DeployError;
    expect(toResponse(new DeploymentError([uncoded]))).to.deep.equal([
      400,
      {
        error: {
          code: 'definition.invalid',
          params: {},
          message: 'invalid process definition',
          details: [
            {
              path: 'task1',
              message: 'bad level',
              code: 'deploy.problem',
              params: { elementId: 'task1', message: 'bad level' },
            },
          ],
        },
      },
    ]);
    expect(toResponse(new Error('boom'))).to.equal(null);
    // client errors from express and body-parser keep their 4xx status and get details
    const uri = Object.assign(new URIError("Failed to decode param '%ZZ'"), { status: 400 });
    const plain = (message: string) => ({
      path: '/',
      message,
      code: 'field.invalid',
      params: { field: '', message },
    });
    expect(toResponse(uri)).to.deep.equal([
      400,
      {
        error: {
          code: 'http.malformed-url',
          params: {},
          message: 'malformed percent-encoding in the URL',
          details: [plain("Failed to decode param '%ZZ'")],
        },
      },
    ]);
    const hidden = Object.assign(new Error('internal detail'), { status: 400 });
    expect(toResponse(hidden)).to.deep.equal([
      400,
      {
        error: {
          code: 'http.bad-request',
          params: {},
          message: 'bad request',
          details: [plain('bad request')],
        },
      },
    ]);
    expect(toResponse(Object.assign(new Error('gone'), { status: 410, expose: true }))).to.deep.equal([
      410,
      { error: { code: 'http.refused', params: {}, message: 'request refused' } },
    ]);
    expect(toResponse(Object.assign(new Error('x'), { status: 502 }))).to.equal(null);
  });

  it('reports ajv errors as JSON pointers with a code naming the field', () => {
    expect(
      validateBodyValue('StartInstanceBody', { definitionKey: 'x', gridUnit: 'g/1', foo: 1, variables: 3 }),
    ).to.deep.equal([
      {
        path: '/foo',
        message: 'must NOT have additional properties',
        code: 'field.additionalProperties',
        params: { field: 'foo' },
      },
      {
        path: '/gridUnit',
        message: 'must match pattern "^[0-9A-Za-z_-]+$"',
        code: 'field.pattern',
        params: { field: 'gridUnit' },
      },
      {
        path: '/variables',
        message: 'must be object',
        code: 'field.type',
        params: { field: 'variables', type: 'object' },
      },
    ]);
    expect(
      validateBodyValue('UserCreateBody', {
        username: 'a',
        displayName: 'b',
        password: 'long-enough',
        roles: [{ role: 'x' }],
      }),
    ).to.deep.equal([
      {
        path: '/roles/0/unit',
        message: "must have required property 'unit'",
        code: 'field.required',
        params: { field: 'roles/0/unit' },
      },
    ]);
    expect(
      validateBodyValue('MessageBody', { name: 'm', correlationKey: true }).map((d) => [d.path, d.code]),
    ).to.deep.equal([
      ['/correlationKey', 'field.type'],
      ['/correlationKey', 'field.type'],
    ]);
  });
});
