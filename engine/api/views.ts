// Lookups under the caller's jurisdiction and the JSON shapes the API returns.
import { bareFormKey } from '../model/form-versions.js';
import type { TaskDoc } from '../queue/outbox.js';
import type { InstanceState } from '../runtime/types.js';
import {
  canActOnTask,
  canCancelInstance,
  canSeeInstanceDirectly,
  canSeeTask,
  canSuperviseTask,
  isCandidate,
  type Principal,
} from './access.js';
import type { ApiContext } from './context.js';
import { notFound } from './errors.js';

/** The task if the caller may see it; 404 otherwise. */
export async function visibleTask(ctx: ApiContext, p: Principal, id: string): Promise<TaskDoc> {
  const t = await ctx.engine.getTask(id);
  if (!t || !canSeeTask(p, t)) throw notFound('task.not-found');
  return t;
}

export async function visibleInstance(ctx: ApiContext, p: Principal, id: string): Promise<InstanceState> {
  const s = await ctx.engine.cases.instance(id);
  if (!s) throw notFound('instance.not-found');
  if (canSeeInstanceDirectly(p, s)) return s;
  if (!(await ctx.engine.cases.hasTaskVisibleTo(id, p))) throw notFound('instance.not-found');
  return s;
}

export function taskView(ctx: ApiContext, p: Principal, t: TaskDoc, opts: { withForm?: boolean } = {}) {
  const { completing, ...rest } = t;
  const now = ctx.now();
  return {
    ...rest,
    id: t._id,
    // the key as drawn; the form version the case's definition pinned (engine/model/form-versions.ts)
    ...(t.formKey?.includes('@') ? { formKey: bareFormKey(t.formKey), formVersion: t.formKey } : {}),
    completing: completing ? { by: completing.by, at: completing.at } : undefined,
    overdue: t.status === 'open' && !t.parked && t.dueAt !== undefined && t.dueAt < now,
    can: {
      act: t.status === 'open' && canActOnTask(p, t),
      claim: t.status === 'open' && !t.assignee && (isCandidate(p, t) || canSuperviseTask(p, t)),
      supervise: t.status === 'open' && canSuperviseTask(p, t),
    },
    ...(opts.withForm ? { formSchema: ctx.engine.forms.schema(t.formKey) ?? null } : {}),
  };
}

export async function processName(
  ctx: ApiContext,
  key: string,
  version: number,
): Promise<string | undefined> {
  const d = await ctx.engine.definitions.get(key, version);
  return d?.name;
}

export function instanceSummary(s: InstanceState, name?: string) {
  const openTasks = Object.values(s.tasks).filter((t) => t.status === 'open');
  return {
    id: s._id,
    definitionKey: s.definitionKey,
    definitionVersion: s.definitionVersion,
    processName: name,
    businessKey: s.businessKey,
    caseNo: s.caseNo,
    title: s.title,
    gridUnit: s.gridUnit,
    gridUnitName: s.unitChain[0]?.name,
    unitChain: s.unitChain,
    status: s.status,
    supervised: s.supervised,
    startedAt: s.startedAt,
    startedBy: s.startedBy,
    endedAt: s.endedAt,
    /** when the history cleanup removes the case (engine/retention); absent: kept */
    removalAt: s.removalAt,
    updatedAt: s.updatedAt,
    openTaskCount: openTasks.length,
    // who holds the case now: each open step, its unit and level, and its assignee (null: in the pool)
    holders: openTasks.map((t) => ({
      taskId: t.id,
      name: t.name ?? t.nodeId,
      unit: t.unit,
      unitName: s.unitChain.find((u) => u.code === t.unit)?.name,
      level: t.level,
      assignee: t.assignee ?? null,
    })),
    overdue: openTasks.some(
      (t) => t.slaState === 'overdue' || t.slaState === 'escalated' || t.slaState === 'supervised',
    ),
    openIncidents: Object.values(s.incidents).filter((i) => i.status === 'open').length,
    /** set on a case a call activity started: the case that called it */
    parentInstanceId: s.parent?.instanceId,
  };
}

export function instancePermissions(p: Principal, s: InstanceState) {
  return { cancel: s.status === 'active' && canCancelInstance(p, s), supervise: canCancelInstance(p, s) };
}

export type { SupervisionDoc } from '../queue/orders.js';
import type { SupervisionDoc } from '../queue/orders.js';

/** Status computed on read: an open order past its reply date is `overdue`. */
export function supervisionView(d: SupervisionDoc, now: number) {
  const status = d.status === 'open' && now > d.replyDueAt ? 'overdue' : d.status;
  return { ...d, id: d._id, status };
}
