// 挂牌督办 by hand: a supervisor lists (挂牌) a case for formal supervision or de-lists it (摘牌), as pure
// commands (instance state in, state and effects out) like the other engine commands. Automatic listing at
// the top of an escalation ladder is in plan.ts; de-listing such a case leaves its tasks overdue.
import { requireActive } from '../runtime/flow.js';
import { CommandError, Tx, type Outcome, type StepContext } from '../runtime/transition.js';
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
