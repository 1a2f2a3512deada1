// Property-based tests of multi-instance completion on the pure semantics: random collection sizes,
// random completion orders, random completion conditions, and an interrupting boundary firing at a random
// moment. Whatever happens, the counters stay consistent while the body runs, the body leaves exactly
// once, and nothing is left behind (no instance token, scope, open task or armed SLA timer).
// fast-check with a fixed seed (FUZZ_SEED overrides it), so a failure replays the same way.
import { expect } from 'chai';
import fc from 'fast-check';
import type { CompiledProcess } from '../../engine/model/types.js';
import { variablesAt } from '../../engine/runtime/multi-instance.js';
import { completeTask, fireTimer } from '../../engine/runtime/semantics.js';
import type { Effect, InstanceState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, ctxOf, NOW, started } from './pure.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);

type Condition =
  { kind: 'none' } | { kind: 'count'; k: number } | { kind: 'flag' } | { kind: 'counter'; j: number };

const conditionXml = (c: Condition): string => {
  const body =
    c.kind === 'count'
      ? `=nrOfCompletedInstances &gt;= ${c.k}`
      : c.kind === 'flag'
        ? '=stop = true'
        : c.kind === 'counter'
          ? `=loopCounter = ${c.j}`
          : '';
  return body
    ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${body}</bpmn:completionCondition>`
    : '';
};

const xmlOf = (sequential: boolean, c: Condition) =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'u')}
   <bpmn:userTask id="u" grid:candidateRoles="handler" grid:sla="P3D" grid:calendar="natural">
     <bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}" grid:collection="=items" grid:elementVariable="item" grid:outputCollection="replies">${conditionXml(c)}</bpmn:multiInstanceLoopCharacteristics>
   </bpmn:userTask>${flow('f1', 'u', 'after')}${userTask('after')}${flow('f2', 'after', 'e')}<bpmn:endEvent id="e"/>
   <bpmn:boundaryEvent id="late" attachedToRef="u"><bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   ${flow('fl', 'late', 'chase')}${userTask('chase')}${flow('fc', 'chase', 'e2')}<bpmn:endEvent id="e2"/>`;

const defs = new Map<string, Promise<CompiledProcess>>();
const defOf = (sequential: boolean, c: Condition) => {
  const xml = xmlOf(sequential, c);
  if (!defs.has(xml)) defs.set(xml, compile(xml));
  return defs.get(xml)!;
};

const scenario = fc.record({
  n: fc.integer({ min: 0, max: 9 }),
  sequential: fc.boolean(),
  condition: fc.oneof(
    fc.constant<Condition>({ kind: 'none' }),
    fc.integer({ min: 1, max: 10 }).map((k): Condition => ({ kind: 'count', k })),
    fc.constant<Condition>({ kind: 'flag' }),
    fc.integer({ min: 1, max: 10 }).map((j): Condition => ({ kind: 'counter', j })),
  ),
  /** which open instance completes at each step (index into the open ones, modulo) */
  picks: fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
  /** the `stop` answer of each completion */
  stops: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
  /** the boundary timer fires before this completion (none: it never fires) */
  interruptAt: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
});

const bodyOf = (s: InstanceState) => Object.values(s.tokens).find((t) => t.on === 'multi-instance');
const uTasks = (s: InstanceState, status: string) =>
  Object.values(s.tasks).filter((t) => t.nodeId === 'u' && t.status === status);
const instanceScopes = (s: InstanceState) => Object.values(s.scopes).filter((sc) => sc.loop !== undefined);

describe(`multi-instance completion: properties (seed ${SEED})`, function () {
  this.timeout(120_000);

  it('counters agree while the body runs; it leaves once; nothing is left behind', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ n, sequential, condition, picks, stops, interruptAt }) => {
        const def = await defOf(sequential, condition);
        const items = Array.from({ length: n }, (_, i) => `dept${i}`);
        let out = started(def, { items });
        const all: Effect[] = [...out.effects];
        let completions = 0;
        let interrupted = false;
        const completedLoops: number[] = [];
        // the model: when must the body stop?
        const holds = (loopCounter: number, stop: boolean) =>
          condition.kind === 'count'
            ? completions >= condition.k
            : condition.kind === 'flag'
              ? stop
              : condition.kind === 'counter'
                ? loopCounter === condition.j
                : false;
        let expectStopped = n === 0;

        for (let step = 0; bodyOf(out.state); step++) {
          const s = out.state;
          const body = bodyOf(s)!.body!;
          const open = uTasks(s, 'open');
          const scopes = instanceScopes(s);
          // the invariants while the body runs
          expect(body.total).to.equal(n);
          expect(open.length, 'an open task per active instance').to.equal(body.active);
          expect(scopes.length, 'a scope per active instance').to.equal(body.active);
          if (sequential) {
            expect(body.active).to.equal(1);
            expect(body.completed + body.active).to.be.at.most(body.total);
            expect(body.started).to.equal(body.completed + 1);
          } else expect(body.completed + body.active).to.equal(body.total);
          for (const sc of scopes) {
            const vars = variablesAt(s, sc.id);
            expect(vars).to.include({
              nrOfInstances: n,
              nrOfCompletedInstances: body.completed,
              nrOfActiveInstances: body.active,
              loopCounter: sc.loop,
              item: items[sc.loop! - 1],
            });
          }
          expect(s.variables, 'instance variables stay in the instance').to.not.have.property('item');

          if (interruptAt === step) {
            const [timer] = Object.values(s.timers).filter((t) => t.purpose === 'boundary');
            expect(timer, 'the body’s boundary timer is armed').to.not.equal(undefined);
            out = fireTimer(ctxOf(def, NOW + 31 * 86_400_000), s, timer.id);
            all.push(...out.effects);
            interrupted = true;
            break;
          }
          const task = open.sort((a, b) => a.id.localeCompare(b.id))[
            picks[step % picks.length] % open.length
          ];
          const loopCounter = s.scopes[s.tokens[task.tokenId].scopeId].loop!;
          const stop = stops[step % stops.length];
          out = completeTask(ctxOf(def, NOW + (step + 1) * 60_000), s, task.id, { stop, v: step });
          all.push(...out.effects);
          completions += 1;
          completedLoops.push(loopCounter);
          if (holds(loopCounter, stop) || completions === n) expectStopped = true;
          expect(Boolean(bodyOf(out.state)), 'the body is done exactly when the model says').to.equal(
            !expectStopped,
          );
        }

        const s = out.state;
        const bodyLeaves = all.filter(
          (e) => e.type === 'history' && e.record.action === 'leave' && e.record.elementId === 'u',
        );
        expect(bodyLeaves, 'the body leaves once, or is interrupted').to.have.length(interrupted ? 0 : 1);
        expect(Object.values(s.tokens).map((t) => t.nodeId)).to.deep.equal([interrupted ? 'chase' : 'after']);
        expect(Object.keys(s.scopes)).to.deep.equal(['root']);
        expect(uTasks(s, 'open')).to.deep.equal([]);
        expect(uTasks(s, 'completed').length).to.equal(completions);
        const startedCount = Object.values(s.tasks).filter((t) => t.nodeId === 'u').length;
        expect(uTasks(s, 'cancelled').length).to.equal(startedCount - completions);
        const uTaskIds = new Set(
          Object.values(s.tasks)
            .filter((t) => t.nodeId === 'u')
            .map((t) => t.id),
        );
        expect(
          Object.values(s.timers).filter((t) => t.taskId && uTaskIds.has(t.taskId)),
          'SLA timers disarmed',
        ).to.deep.equal([]);
        expect(
          Object.values(s.timers).filter((t) => t.purpose === 'boundary'),
          'boundary disarmed',
        ).to.deep.equal([]);
        expect(
          all.filter((e) => e.type === 'history' && e.record.action === 'multi-instance-completed'),
        ).to.have.length(completions);
        if (!interrupted) {
          const replies = s.variables.replies as unknown[];
          expect(replies).to.have.length(n);
          replies.forEach((r, i) =>
            completedLoops.includes(i + 1)
              ? expect(r).to.include({ item: items[i] })
              : expect(r, `instance ${i + 1} did not complete`).to.equal(null),
          );
        } else expect(s.variables).to.not.have.property('replies');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
