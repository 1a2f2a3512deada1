// 挂牌督办 by hand: a supervisor lists (挂牌) a case for formal supervision or de-lists it (摘牌), as pure
// commands (instance state in, state and effects out) like the other engine commands. Automatic listing at
// the top of an escalation ladder is in plan.ts; de-listing such a case leaves its tasks overdue.
import { requireActive } from '../runtime/flow.js';
import { CommandError, noop, Tx, type Outcome, type StepContext } from '../runtime/transition.js';
import type { InstanceState, NotificationIntent, TaskState } from '../runtime/types.js';
import { clearCycle, gridConfig, SUPERVISOR_ROLE, urgeTargets } from './plan.js';
import { notice } from '../notifications/messages.js';

const openTasks = (tx: Tx): TaskState[] => Object.values(tx.s.tasks).filter((t) => t.status === 'open');

/**
 * Tells the top supervisors, and the supervisors and handlers of every open task, in one notification per
 * recipient (the intents share a batch key).
 */
function tell(
  tx: Tx,
  kind: NotificationIntent['kind'],
  what: ReturnType<typeof notice>,
  reason: string,
): void {
  const batchKey = `listing.${tx.s._id}.${tx.s.version}`; // one per command: the version is unique
  const body = `${tx.def.name ?? tx.def.key} · ${tx.s.businessKey ?? tx.s._id} · ${reason}`;
  const top = tx.s.unitChain[tx.s.unitChain.length - 1];
  const targets = [{ unit: top.code, roles: [SUPERVISOR_ROLE] }, ...openTasks(tx).map(urgeTargets)];
  for (const target of targets)
    tx.emit({ type: 'notify', intent: { kind, ...target, ...what, body, batchKey } });
}

function touchOpenTasks(tx: Tx): void {
  // the task read model carries the case's supervised flag
  for (const t of openTasks(tx)) tx.emit({ type: 'task', taskId: t.id });
}

/** 挂牌督办: a supervisor lists an active case for formal supervision. */
export function superviseCase(ctx: StepContext, state: InstanceState, reason: string): Outcome {
  const tx = new Tx(ctx, state);
  requireActive(tx);
  if (tx.s.supervised)
    throw new CommandError(
      'conflict',
      `case ${tx.s._id} is already supervised (挂牌督办)`,
      [],
      'case.already-listed',
      {
        instanceId: tx.s._id,
      },
    );
  tx.s.supervised = true;
  tx.s.listing = { by: ctx.actor, at: tx.now, reason };
  tx.record('case-supervised', { from: 'not-listed', to: '挂牌督办', details: { reason, manual: true } });
  touchOpenTasks(tx);
  tell(
    tx,
    'supervised',
    notice('case.listed', { caseNo: tx.s.businessKey ?? tx.s._id, actor: ctx.actor }),
    reason,
  );
  return tx.done();
}

/**
 * 摘牌: the case is no longer supervised. Tasks that were listed at the top of their ladder stay overdue; their
 * reminders go on to their own unit only when the task declares a cycle.
 */
export function unsuperviseCase(ctx: StepContext, state: InstanceState, reason: string): Outcome {
  const tx = new Tx(ctx, state);
  requireActive(tx);
  if (!tx.s.supervised)
    throw new CommandError('conflict', `case ${tx.s._id} is not supervised`, [], 'case.not-listed', {
      instanceId: tx.s._id,
    });
  tx.s.supervised = false;
  tx.s.listing = undefined;
  for (const t of openTasks(tx)) {
    if (t.slaState !== 'supervised') continue;
    t.slaState = 'overdue';
    if (!gridConfig(tx, t).supervisionCycle) clearCycle(tx, t);
  }
  tx.record('case-unsupervised', { from: '挂牌督办', to: 'not-listed', details: { reason } });
  touchOpenTasks(tx);
  tell(
    tx,
    'info',
    notice('case.unlisted', { caseNo: tx.s.businessKey ?? tx.s._id, actor: ctx.actor }),
    reason,
  );
  return tx.done();
}

/** The step of a process that acts on the listing, by its name (the reason written on the case). */
function stepReason(ctx: StepContext, nodeId: string): string {
  return `${ctx.def.nodes[nodeId]?.name ?? nodeId}（流程环节 ${nodeId}）`;
}

/**
 * 挂牌督办 by a step of the process (service task `case-listing`), e.g. a 重大火灾隐患 listed by the district
 * or a penalty case past its statutory handling limit. Idempotent under retries: a case already listed (by
 * hand, by an escalation ladder or by an earlier attempt) stays as it is, and an ended case is left alone.
 */
export function listByProcess(ctx: StepContext, state: InstanceState, nodeId: string): Outcome {
  if (state.status !== 'active' || state.supervised) return noop(state);
  const tx = new Tx(ctx, state);
  const reason = stepReason(ctx, nodeId);
  tx.s.supervised = true;
  tx.s.listing = { by: ctx.actor, at: tx.now, reason };
  tx.record('case-listed', { elementId: nodeId, from: 'not-listed', to: '挂牌督办', details: { reason } });
  touchOpenTasks(tx);
  const caseNo = tx.s.caseNo ?? tx.s.businessKey ?? tx.s._id;
  tell(tx, 'supervised', notice('case.listed-by-process', { caseNo, reason }), reason);
  return tx.done();
}

/** 摘牌 (销号) by a step of the process (service task `case-delisting`); a case not listed stays as it is. */
export function delistByProcess(ctx: StepContext, state: InstanceState, nodeId: string): Outcome {
  if (state.status !== 'active' || !state.supervised) return noop(state);
  return unsuperviseCase(ctx, state, stepReason(ctx, nodeId));
}

/**
 * A deadline warning raised by a step of the process (service task `case-warning`), e.g. ten days before a
 * statutory handling limit: the top supervisors and the handlers of the open tasks are told. Retries are
 * harmless: the warning is recorded once per step (a later visit of the step warns again).
 */
export function warnByProcess(
  ctx: StepContext,
  state: InstanceState,
  nodeId: string,
  tokenId: string,
): Outcome {
  if (state.status !== 'active') return noop(state);
  const warned = (state.variables.processWarnings as string[] | undefined) ?? [];
  if (warned.includes(tokenId)) return noop(state);
  const tx = new Tx(ctx, state);
  const reason = stepReason(ctx, nodeId);
  tx.setVariables({ processWarnings: [...warned, tokenId].slice(-20) }, nodeId);
  tx.record('case-warning', { elementId: nodeId, from: 'ontime', to: 'warned', details: { reason } });
  const caseNo = tx.s.caseNo ?? tx.s.businessKey ?? tx.s._id;
  tell(tx, 'warning', notice('case.deadline-warning', { caseNo, reason }), reason);
  return tx.done();
}
