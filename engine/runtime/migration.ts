// Migration of a running case from one version of its definition to another (same key), as a pure
// function: (source definition, target definition, mapping, instance state) → problems, or the migrated
// state and the effects that re-arm its timers and subscriptions. No store, no queue, no clock: the I/O edge
// (engine/migration/service.ts) runs `migrateInstance` as one version-checked step of the case.
//
// Rules (README "Migrating running cases"):
// - A mapping names old element id → new element id; an element with the same id in both versions maps to
//   itself unless the plan says otherwise. `null` drops a boundary event (its timer or subscription is
//   cancelled); nothing else may be dropped.
// - Every active element of a case — a token's node, an open task's node, a sub-process scope, a join a token
//   waits at, a timer's or a subscription's event — must map to an element of the same kind (a receive task
//   and a message catch event are interchangeable: both wait for one message) in the corresponding scope (an
//   element inside sub-process P maps into the element P maps to; a top-level one stays top-level).
//   Otherwise the case is refused with the element ids and nothing changes.
// - Tokens keep their ids, their status and the time they arrived; variables are not touched.
// - Open tasks keep their holder (unit, assignee, escalation state); their name and form come from the new
//   element. SLA: the window keeps its start (slaStartedAt). When the new element declares the same time
//   limit as the window's, due dates and timers stay as they are; when it differs, and the task is neither
//   escalated, overdue, supervised nor parked, the due dates are recomputed from the original start with the
//   new limit and the timers re-planned (a new SLA epoch: the old timer jobs find nothing to do).
// - Timers of catch and boundary events: kept (same due date, same job) when the new event has the same
//   timer definition; else cancelled and armed anew from the time the token arrived. Boundary events of the
//   new host that no old boundary maps to are armed now.
// - Open incidents stay open, on the mapped element; retrying them runs the new element.
// - Sequence flows: a plan entry may name an old sequence flow id and a new one. Arrivals a join counts are
//   by incoming flow; such an entry renames the arrivals of tokens waiting at the join (an old branch that
//   now reaches the join by another flow). Flows both versions have map to themselves.
// - Entering anew (the plan's `enter` list, old element ids): a token resting at such an element does not
//   keep its wait but enters the element it maps to as if it had just arrived there — its task is
//   cancelled, its timers and subscriptions dropped, and a new token of the same scope executes the new
//   element in an advance job (a new task with that step's unit, roles and time limit from now; a catch
//   event's timer from now; boundaries armed). For an old wait state whose counterpart is another kind of
//   element or another step in other hands (a timer wait that became a task with a boundary timer; a step
//   that must now go through a prior legal step). Kinds may differ; the scope rule still holds.

import { elementOf } from '../elements/registry.js';
import type { CompiledProcess, FlowNode, SlaSpec, TimerSpec } from '../model/types.js';
import { moveDueDate, resolveDuration } from '../sla/plan.js';
import { timerDue } from './activity.js';
import { killToken } from './flow.js';
import { evalFeel } from './feel.js';
import { noop, Tx, type Outcome, type StepContext } from './transition.js';
import type { InstanceState, Subscription, TimerState, Token } from './types.js';

/** old element id → new element id (null: drop a boundary event). */
export type MigrationMapping = Record<string, string | null>;

export type MigrationProblemCode =
  | 'migration.unknown-source'
  | 'migration.unknown-target'
  | 'migration.unmapped'
  | 'migration.incompatible'
  | 'migration.scope'
  | 'migration.boundary-host'
  | 'migration.drop'
  | 'migration.join-flows'
  | 'migration.loop'
  | 'migration.enter';

/** One reason a plan or a case cannot be migrated, naming the old element (and the new one it maps to). */
export interface MigrationProblem {
  elementId: string;
  code: MigrationProblemCode;
  params: { elementId: string; target?: string | null; [k: string]: unknown };
  message: string;
}

/** Kinds that may take each other's place: both wait for one message, with a subscription of the token. */
const INTERCHANGEABLE: string[][] = [['receiveTask', 'messageCatch']];

export function compatibleKinds(a: string, b: string): boolean {
  return a === b || INTERCHANGEABLE.some((g) => g.includes(a) && g.includes(b));
}

/** The new id of an old sequence flow: the plan's entry, else the same id. */
const flowTo = (mapping: MigrationMapping, flow: string): string => {
  const to = mapping[flow];
  return typeof to === 'string' ? to : flow;
};

/** The plan's entries plus identity for every element id both versions have and the plan does not name. */
export function effectiveMapping(
  source: CompiledProcess,
  target: CompiledProcess,
  explicit: MigrationMapping,
): MigrationMapping {
  const out: MigrationMapping = {};
  for (const id of Object.keys(source.nodes)) if (target.nodes[id]) out[id] = id;
  for (const [from, to] of Object.entries(explicit)) out[from] = to;
  return out;
}

function problem(
  elementId: string,
  code: MigrationProblemCode,
  message: string,
  params: Record<string, unknown> = {},
): MigrationProblem {
  return { elementId, code, message, params: { elementId, ...params } };
}

/**
 * Checks one pair of the mapping: the new element exists, has a compatible kind, sits in the scope the old
 * one's scope maps to; a boundary event stays on the element its host maps to. `null` only for boundaries.
 */
function checkPair(
  source: CompiledProcess,
  target: CompiledProcess,
  mapping: MigrationMapping,
  from: string,
  enter: ReadonlySet<string> = new Set(),
): MigrationProblem[] {
  if (source.flows[from] && !source.nodes[from]) {
    const to = mapping[from];
    return typeof to === 'string' && target.flows[to]
      ? []
      : [
          problem(from, 'migration.unknown-target', `${to} is not a sequence flow of the target version`, {
            target: to ?? null,
          }),
        ];
  }
  const old = source.nodes[from];
  if (!old)
    return [problem(from, 'migration.unknown-source', `${from} is not an element of the source version`)];
  const to = mapping[from];
  if (to === undefined)
    return [problem(from, 'migration.unmapped', `${from} is active and maps to no element of the target`)];
  if (to === null)
    return old.attachedTo
      ? []
      : [
          problem(from, 'migration.drop', `only boundary events may be dropped (${from} is ${old.kind})`, {
            target: null,
          }),
        ];
  const next = target.nodes[to];
  if (!next)
    return [
      problem(from, 'migration.unknown-target', `${to} is not an element of the target version`, {
        target: to,
      }),
    ];
  if (enter.has(from)) {
    const why = enterRefusal(old, next);
    if (why)
      return [
        problem(from, 'migration.enter', `${from} cannot enter ${to} anew: ${why}`, {
          target: to,
          fromKind: old.kind,
          toKind: next.kind,
        }),
      ];
  } else if (!compatibleKinds(old.kind, next.kind))
    return [
      problem(from, 'migration.incompatible', `${from} (${old.kind}) cannot become ${to} (${next.kind})`, {
        target: to,
        fromKind: old.kind,
        toKind: next.kind,
      }),
    ];
  // a multi-instance body holds its instances' scopes and counters: only the same kind of loop can take them
  // (entering anew starts the new element's loop from scratch: nothing to carry over)
  const loopOf = (n: FlowNode) =>
    n.multiInstance ? (n.multiInstance.sequential ? 'sequential' : 'parallel') : 'none';
  if (!enter.has(from) && loopOf(old) !== loopOf(next))
    return [
      problem(from, 'migration.loop', `${from} and ${to} differ in multi-instance`, {
        target: to,
        fromLoop: loopOf(old),
        toLoop: loopOf(next),
      }),
    ];
  if (old.attachedTo && mapping[old.attachedTo] !== undefined && next.attachedTo !== mapping[old.attachedTo])
    return [
      problem(from, 'migration.boundary-host', `${from} must stay on the element its host maps to`, {
        target: to,
        host: mapping[old.attachedTo],
      }),
    ];
  const expectedParent = old.parent === undefined ? undefined : mapping[old.parent];
  if (
    old.parent === undefined
      ? next.parent !== undefined
      : expectedParent !== undefined && expectedParent !== next.parent
  )
    return [
      problem(
        from,
        'migration.scope',
        `${from} would move out of its scope (into ${next.parent ?? 'the process'})`,
        {
          target: to,
          scope: old.parent ?? 'process',
          targetScope: next.parent ?? 'process',
        },
      ),
    ];
  return [];
}

/**
 * Why a token resting at `old` cannot enter `next` anew (undefined: it can): the old element must be a wait
 * state of the flow (not a boundary event, not a sub-process: those hold other things than one token's
 * wait), the new one an activity or a catch event a flow can lead into (not a start or boundary event, not a
 * gateway).
 */
function enterRefusal(old: FlowNode, next: FlowNode): string | undefined {
  const from = elementOf(old.kind);
  const to = elementOf(next.kind);
  if (!from?.waitState || from.scope || from.shape !== 'flow')
    return `${old.kind} is no wait state of a token`;
  if (!to || to.shape !== 'flow' || !(to.activity || to.waitState) || next.kind === 'eventGateway')
    return `${next.kind} is not an activity or a catch event`;
  return undefined;
}

/** The plan's own entries, checked whether or not a case uses them (the plan editor shows these). */
export function checkPlan(
  source: CompiledProcess,
  target: CompiledProcess,
  explicit: MigrationMapping,
  enter: readonly string[] = [],
): MigrationProblem[] {
  const mapping = effectiveMapping(source, target, explicit);
  const entering = new Set(enter);
  const unmappedEnter = enter
    .filter((id) => !(id in explicit))
    .flatMap((id) => checkPair(source, target, mapping, id, entering));
  return [
    ...Object.keys(explicit).flatMap((from) => checkPair(source, target, mapping, from, entering)),
    ...unmappedEnter,
  ];
}

/** The ids of the old elements a case has something on: tokens, open tasks, scopes, joins, timers, subscriptions. */
export function activeElements(state: InstanceState): string[] {
  const ids = new Set<string>();
  for (const t of Object.values(state.tokens)) ids.add(t.nodeId);
  for (const t of Object.values(state.tasks)) if (t.status === 'open') ids.add(t.nodeId);
  for (const s of Object.values(state.scopes)) if (s.nodeId !== 'process') ids.add(s.nodeId);
  for (const key of Object.keys(state.joins)) ids.add(key.slice(key.indexOf('/') + 1));
  for (const t of Object.values(state.timers)) ids.add(t.nodeId);
  for (const s of Object.values(state.subscriptions)) ids.add(s.nodeId);
  for (const i of Object.values(state.incidents)) if (i.status === 'open') ids.add(i.nodeId);
  return [...ids].sort();
}

/** Why this case cannot move with this mapping (empty: it can). Also the explicit entries' problems. */
export function checkInstance(
  state: InstanceState,
  source: CompiledProcess,
  target: CompiledProcess,
  explicit: MigrationMapping,
  enter: readonly string[] = [],
): MigrationProblem[] {
  const mapping = effectiveMapping(source, target, explicit);
  const entering = new Set(enter);
  const problems = new Map<string, MigrationProblem>();
  const add = (list: MigrationProblem[]) => {
    for (const p of list) if (!problems.has(p.elementId + p.code)) problems.set(p.elementId + p.code, p);
  };
  add(checkPlan(source, target, explicit, enter));
  for (const id of activeElements(state)) add(checkPair(source, target, mapping, id, entering));
  // the arrivals a join counts are by incoming flow: the new gateway must have the same incoming flows
  for (const [key, arrivals] of Object.entries(state.joins)) {
    const gw = key.slice(key.indexOf('/') + 1);
    const to = mapping[gw];
    const next = to ? target.nodes[to] : undefined;
    if (!next) continue;
    const missing = Object.keys(arrivals).filter((f) => !next.incoming.includes(flowTo(mapping, f)));
    if (missing.length)
      add([
        problem(
          gw,
          'migration.join-flows',
          `tokens wait at ${gw} by flows ${missing.join(', ')} that ${to} lacks`,
          {
            target: to,
            flows: missing,
          },
        ),
      ]);
  }
  return [...problems.values()].sort((a, b) => (a.elementId + a.code).localeCompare(b.elementId + b.code));
}

/** What a migration did (or would do) to one case: the dry run shows it, the history record keeps it. */
export interface MigrationReport {
  moved: Array<{ tokenId: string; from: string; to: string }>;
  /** tokens that enter their new element anew (the plan's `enter`): the old wait cancelled, a new token */
  entered: Array<{ tokenId: string; from: string; to: string; newTokenId: string }>;
  tasks: Array<{ taskId: string; from: string; to: string; sla: 'kept' | 'replanned' | 'none' }>;
  timers: Array<{ timerId: string; nodeId: string; action: 'kept' | 'rearmed' | 'cancelled' | 'armed' }>;
  subscriptions: Array<{
    subscriptionId: string;
    nodeId: string;
    action: 'kept' | 'updated' | 'cancelled' | 'armed';
  }>;
  incidents: Array<{ incidentId: string; from: string; to: string }>;
}

export interface MigrationMeta {
  planId: string;
  fromVersion: number;
  toVersion: number;
}

export type MigrationResult =
  | { status: 'migrated'; report: MigrationReport }
  | { status: 'refused'; problems: MigrationProblem[] }
  | { status: 'skipped'; reason: 'already-migrated' | 'other-version' | 'not-active' };

const sameTimer = (a?: TimerSpec, b?: TimerSpec) =>
  !!a && !!b && a.kind === b.kind && a.expr === b.expr && a.calendar === b.calendar;
const sameSla = (a?: SlaSpec, b?: SlaSpec) =>
  (!a && !b) || (!!a && !!b && a.duration === b.duration && a.calendar === b.calendar);

/**
 * Moves the case onto `target` with `explicit` (plus identity). Refused cases, cases already on the target
 * version (a re-delivered batch) and ended cases are left unchanged (`changed: false`). `ctx.def` is ignored:
 * the transition runs on `target`.
 */
export function migrateInstance(
  ctx: StepContext,
  state: InstanceState,
  source: CompiledProcess,
  target: CompiledProcess,
  explicit: MigrationMapping,
  meta: MigrationMeta,
  enter: readonly string[] = [],
): Outcome<MigrationResult> {
  if (state.definitionKey === target.key && state.definitionVersion === meta.toVersion)
    return noop(state, { status: 'skipped', reason: 'already-migrated' });
  if (state.definitionKey !== source.key || state.definitionVersion !== meta.fromVersion)
    return noop(state, { status: 'skipped', reason: 'other-version' });
  if (state.status !== 'active') return noop(state, { status: 'skipped', reason: 'not-active' });
  const problems = checkInstance(state, source, target, explicit, enter);
  if (problems.length) return noop(state, { status: 'refused', problems });
  const mapping = effectiveMapping(source, target, explicit);
  const to = (id: string) => mapping[id] as string;
  const tx = new Tx({ ...ctx, def: target }, state);
  const report: MigrationReport = {
    moved: [],
    entered: [],
    tasks: [],
    timers: [],
    subscriptions: [],
    incidents: [],
  };
  const s = tx.s;
  // first the tokens that enter their new element anew: their old wait goes (task, timers, subscriptions,
  // open incidents), a ready token of the same scope takes the new element in an advance job
  const entering = new Set(enter);
  const fresh = new Set<string>();
  for (const token of Object.values(s.tokens)) {
    if (token.status !== 'waiting' || !entering.has(token.nodeId)) continue;
    const from = token.nodeId;
    killToken(tx, token);
    const next = tx.spawnToken(to(from), token.scopeId);
    fresh.add(next.id);
    report.entered.push({ tokenId: token.id, from, to: next.nodeId, newTokenId: next.id });
  }
  // the old nodes of the tokens, before they move (timers and boundaries are decided on them)
  const oldNodeOf = new Map(Object.values(s.tokens).map((t) => [t.id, t.nodeId]));

  for (const scope of Object.values(s.scopes))
    if (scope.nodeId !== 'process') scope.nodeId = to(scope.nodeId);
  for (const token of Object.values(s.tokens)) {
    if (fresh.has(token.id)) continue; // already on its new element
    const next = to(token.nodeId);
    if (next !== token.nodeId) report.moved.push({ tokenId: token.id, from: token.nodeId, to: next });
    token.nodeId = next;
    if (token.via) token.via = flowTo(mapping, token.via);
    if (token.via && !target.flows[token.via]) delete token.via;
  }
  const joins: InstanceState['joins'] = {};
  for (const [key, arrivals] of Object.entries(s.joins)) {
    const cut = key.indexOf('/');
    joins[`${key.slice(0, cut)}/${to(key.slice(cut + 1))}`] = Object.fromEntries(
      Object.entries(arrivals).map(([flow, ids]) => [flowTo(mapping, flow), ids]),
    );
  }
  s.joins = joins;
  for (const inc of Object.values(s.incidents)) {
    if (inc.status !== 'open') continue;
    if (to(inc.nodeId) !== inc.nodeId)
      report.incidents.push({ incidentId: inc.id, from: inc.nodeId, to: to(inc.nodeId) });
    inc.nodeId = to(inc.nodeId);
    // the incident listing (its projection) shows the element it now sits on
    tx.emit({ type: 'incident', incident: inc });
  }

  // timers: SLA timers follow their task; event timers are kept, re-armed or cancelled by their new event
  for (const timer of Object.values(s.timers)) {
    if (timer.purpose === 'catch' || timer.purpose === 'boundary') {
      migrateEventTimer(tx, timer, source, mapping, report);
    } else {
      timer.nodeId = to(timer.nodeId);
    }
  }
  for (const sub of Object.values(s.subscriptions)) migrateSubscription(tx, sub, source, mapping, report);

  for (const task of Object.values(s.tasks)) {
    if (task.status !== 'open') continue;
    const from = task.nodeId;
    const node = tx.node(to(from));
    task.nodeId = node.id;
    task.name = node.name;
    task.formKey = node.grid?.formKey;
    const sla = replanSla(tx, task, source.nodes[from], node);
    report.tasks.push({ taskId: task.id, from, to: node.id, sla });
    tx.emit({ type: 'task', taskId: task.id });
  }

  // boundary events of the new hosts that no old boundary event maps to start listening now
  for (const token of Object.values(s.tokens)) {
    if (token.status !== 'waiting') continue;
    const old = source.nodes[oldNodeOf.get(token.id)!];
    const covered = new Set((old?.boundaries ?? []).map((b) => mapping[b]).filter(Boolean));
    for (const b of tx.node(token.nodeId).boundaries) {
      if (covered.has(b)) continue;
      const boundary = tx.node(b);
      const type = elementOf(boundary.kind);
      if (!type?.arm) continue;
      const before = new Set([...Object.keys(s.timers), ...Object.keys(s.subscriptions)]);
      type.arm(tx, token, boundary);
      for (const id of Object.keys(s.timers))
        if (!before.has(id)) report.timers.push({ timerId: id, nodeId: b, action: 'armed' });
      for (const id of Object.keys(s.subscriptions))
        if (!before.has(id)) report.subscriptions.push({ subscriptionId: id, nodeId: b, action: 'armed' });
    }
  }

  s.definitionVersion = meta.toVersion;
  tx.record('migrated', {
    from: `v${meta.fromVersion}`,
    to: `v${meta.toVersion}`,
    details: {
      planId: meta.planId,
      fromVersion: meta.fromVersion,
      toVersion: meta.toVersion,
      moved: report.moved,
      ...(report.entered.length ? { entered: report.entered } : {}),
      tasks: report.tasks.map((t) => ({ taskId: t.taskId, sla: t.sla })),
    },
  });
  return tx.done({ status: 'migrated', report });
}

/** A catch or boundary timer on its new event: kept when the timer definition is the same, else re-armed. */
function migrateEventTimer(
  tx: Tx,
  timer: TimerState,
  source: CompiledProcess,
  mapping: MigrationMapping,
  report: MigrationReport,
): void {
  const next = mapping[timer.nodeId];
  const token = timer.tokenId ? tx.s.tokens[timer.tokenId] : undefined;
  if (!next || !token) {
    delete tx.s.timers[timer.id];
    tx.emit({ type: 'cancelTimer', timerId: timer.id });
    report.timers.push({ timerId: timer.id, nodeId: timer.nodeId, action: 'cancelled' });
    return;
  }
  const spec = tx.node(next).timer;
  if (sameTimer(source.nodes[timer.nodeId]?.timer, spec) || !spec) {
    timer.nodeId = next;
    report.timers.push({ timerId: timer.id, nodeId: next, action: 'kept' });
    return;
  }
  // a different timer definition: the old job goes, the new one counts from when the token arrived
  delete tx.s.timers[timer.id];
  tx.emit({ type: 'cancelTimer', timerId: timer.id });
  // catch: when the token reached the event; boundary: when the host activity started waiting
  const at = { s: tx.s, ctx: tx.ctx, now: token.since } as unknown as Tx;
  const fresh: TimerState = { ...timer, id: tx.nextId('tm'), nodeId: next, ...timerDue(at, spec) };
  if (!fresh.cycle) delete fresh.cycle;
  tx.s.timers[fresh.id] = fresh;
  tx.emit({ type: 'timer', timer: fresh });
  report.timers.push({ timerId: fresh.id, nodeId: next, action: 'rearmed' });
}

/** A subscription on its new event: the message name and key follow the new event's definition. */
function migrateSubscription(
  tx: Tx,
  sub: Subscription,
  source: CompiledProcess,
  mapping: MigrationMapping,
  report: MigrationReport,
): void {
  const next = mapping[sub.nodeId];
  if (!next) {
    delete tx.s.subscriptions[sub.id];
    tx.emit({ type: 'unsubscribe', subscriptionId: sub.id });
    report.subscriptions.push({ subscriptionId: sub.id, nodeId: sub.nodeId, action: 'cancelled' });
    return;
  }
  const old = source.nodes[sub.nodeId]?.message;
  const msg = tx.node(next).message;
  let changed = next !== sub.nodeId;
  sub.nodeId = next;
  if (msg && msg.name !== sub.name) {
    sub.name = msg.name;
    changed = true;
  }
  if (msg && old && msg.correlationKey !== old.correlationKey) {
    const key = evalFeel(msg.correlationKey, tx.s.variables);
    // a key the new expression cannot compute keeps the old one (the case still receives its message)
    if (key !== null && key !== undefined && key !== '') sub.correlationKey = String(key);
    changed = true;
  }
  if (changed) tx.emit({ type: 'subscribe', subscription: sub });
  report.subscriptions.push({ subscriptionId: sub.id, nodeId: next, action: changed ? 'updated' : 'kept' });
}

/** The SLA of an open task on its new element (see the rules at the top). */
function replanSla(tx: Tx, task: InstanceState['tasks'][string], old: FlowNode | undefined, node: FlowNode) {
  const spec = node.grid?.sla;
  const current = task.sla ?? old?.grid?.sla;
  const plain =
    task.ladderStep === 0 && !task.parked && (task.slaState === 'ontime' || task.slaState === 'warned');
  if (!spec || !plain || sameSla(spec, old?.grid?.sla) || (current && sameSla(spec, current)))
    return task.dueAt === undefined ? ('none' as const) : ('kept' as const);
  const start = task.slaStartedAt ?? task.createdAt;
  const duration = resolveDuration(spec.duration, tx.s.variables, spec.calendar);
  task.sla = { duration, calendar: spec.calendar };
  task.slaStartedAt = start;
  const dueAt = tx.ctx.calendar.addDuration(start, duration, spec.calendar);
  moveDueDate(tx, task, dueAt, node.grid?.warnAt);
  return 'replanned' as const;
}

/** The token ids of a state with the node each sits at (the property tests compare these). */
export function tokenPlaces(state: InstanceState): Record<string, string> {
  return Object.fromEntries(Object.values(state.tokens).map((t: Token) => [t.id, t.nodeId]));
}
