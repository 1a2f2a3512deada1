// Fact documents from the engine's own records: what the outbox hook (recorder.ts) and the backfill
// (backfill.ts) write. The per-fact figures come from engine/sla/assessment.ts (completedTaskFigures,
// closedCaseFigures, escalationLevel), so the rollups and a recomputation from raw data cannot disagree on
// a definition.
import { DateTime } from 'luxon';
import type { TaskDoc } from '../queue/outbox.js';
import type { Escalation, InstanceState, TaskState } from '../runtime/types.js';
import {
  closedCaseFigures,
  completedTaskFigures,
  countsFrom,
  escalationLevel,
  type CaseFact,
  type TaskFact,
} from '../sla/assessment.js';
import type { CitizenOutcome, FactDoc } from './tally.js';

export const rollupId = (unit: string, day: string, key: string) => `${unit}|${day}|${key}`;

export type WorkingMs = (start: number, end: number) => number;

/** The business day of an instant. */
export const dayOf = (at: number, zone: string) => DateTime.fromMillis(at, { zone }).toISODate()!;

/** What a fact needs of its case. */
export interface CaseRef {
  _id: string;
  gridUnit: string;
  unitPath: string[];
  definitionKey: string;
}

const base = (c: CaseRef, zone: string, at: number) => {
  const day = dayOf(at, zone);
  return {
    unit: c.gridUnit,
    unitPath: c.unitPath,
    key: c.definitionKey,
    bucket: rollupId(c.gridUnit, day, c.definitionKey),
    instanceId: c._id,
    at,
    day,
  };
};

/** A task (state or projection) as the assessment sees it — the same mapping the stats route uses. */
/** Every field of a task document taskFactOf reads: what a store read for task facts needs to fetch. */
export const TASK_FACT_FIELDS = [
  'id',
  'status',
  'createdAt',
  'completedAt',
  'unit',
  'dueAt',
  'assessDueAt',
  'escalations',
  'pauses',
  'paused',
  'parked',
  'extensions',
  'completedBy',
  'candidateRoles',
] as const;

/**
 * The fields of an open task that its part of the figures at now reads (engine/sla/assessment.ts figures and
 * taskFigures count an open task by its status, due dates, escalation, parking, handling unit, role, case and
 * grid; handling times, pauses and extensions are figures of completed tasks and closed cases only): what
 * the statistics read of the open tasks that count at now. Its escalations give the first due date.
 */
export const OPEN_FACT_FIELDS = [
  'id',
  'status',
  'unit',
  'dueAt',
  'assessDueAt',
  'escalations',
  'parked',
  'candidateRoles',
  'instanceId',
  'gridUnit',
] as const;

export function taskFactOf(t: TaskState | TaskDoc, instanceId: string, gridUnit: string): TaskFact {
  return {
    id: t.id ?? (t as TaskDoc)._id,
    instanceId,
    gridUnit,
    status: t.status,
    createdAt: t.createdAt,
    completedAt: t.completedAt,
    unit: t.unit,
    // the assessed due date: moved by approved extensions and 挂账 only, not by pauses (tasks stored before
    // it existed: their due date)
    dueAt: t.assessDueAt ?? t.dueAt,
    firstDueAt: t.escalations?.[0]?.dueAt ?? t.assessDueAt ?? t.dueAt,
    escalated: (t.escalations?.length ?? 0) > 0,
    pauses: t.pauses,
    pausedSince: t.paused?.since,
    ...(t.parked ? { parked: true } : {}),
    ...(t.extensions?.length ? { extended: true } : {}),
    ...(t.completedBy ? { by: t.completedBy } : {}),
    ...(t.candidateRoles?.[0] ? { role: t.candidateRoles[0] } : {}),
  };
}

/**
 * The countsFrom field of a task document (engine/sla/assessment.ts countsFrom of its fact): what
 * TaskRepository.project writes and the statistics' now-figures select by.
 */
export const countsFromOf = (t: TaskState | TaskDoc): number | undefined => countsFrom(taskFactOf(t, '', ''));

/** Who reported a case, as facts carry it (absent: unknown). */
const reporterOf = (c: { startedBy?: string }) => (c.startedBy ? { reporter: c.startedBy } : {});

export const receivedFact = (
  c: CaseRef & { startedAt: number; startedBy?: string },
  zone: string,
): FactDoc => ({
  _id: `r.${c._id}`,
  kind: 'received',
  ...base(c, zone, c.startedAt),
  ...reporterOf(c),
});

/** A closed case with its final tasks (open ones, stale projections of a closed case, are left out). */
export function closedFact(
  c: CaseRef & Pick<InstanceState, 'status' | 'startedAt' | 'endedAt'> & { startedBy?: string },
  tasks: TaskFact[],
  reworked: boolean,
  zone: string,
  workingMs: WorkingMs,
): FactDoc {
  const kase: CaseFact = {
    id: c._id,
    gridUnit: c.gridUnit,
    status: c.status,
    startedAt: c.startedAt,
    endedAt: c.endedAt,
  };
  const final = tasks.filter((t) => t.status !== 'open');
  const f = closedCaseFigures(kase, final, workingMs);
  return {
    _id: `c.${c._id}`,
    kind: 'closed',
    ...base(c, zone, c.endedAt!),
    status: c.status,
    onTime: f.onTime,
    hasSla: f.hasSla,
    ms: f.ms,
    calMs: f.calMs,
    reworked,
    ...(f.extended ? { extended: true } : {}),
    ...reporterOf(c),
  };
}

export function taskFact(c: CaseRef, t: TaskFact, zone: string, workingMs: WorkingMs): FactDoc {
  const f = completedTaskFigures(t, workingMs);
  return {
    _id: `t.${t.id}`,
    kind: 'task',
    ...base(c, zone, t.completedAt!),
    handler: t.unit ?? t.gridUnit,
    hasSla: f.hasSla,
    onTime: f.onTime,
    ms: f.ms,
    calMs: f.calMs,
    ...(t.by ? { by: t.by } : {}),
    ...(t.role ? { role: t.role } : {}),
  };
}

/** `id`: the escalation record's _id (one fact per record). */
export const escalationFact = (
  c: CaseRef,
  id: string,
  e: Pick<Escalation, 'toLevel' | 'supervised' | 'firedAt'>,
  zone: string,
): FactDoc => ({
  _id: `e.${id}`,
  kind: 'escalation',
  ...base(c, zone, e.firedAt),
  level: escalationLevel(e),
});

/** `id`: the history record's _id; `prevAt`: the case's previous rework, if any. */
export const reworkFact = (
  c: CaseRef,
  id: string,
  at: number,
  prevAt: number | undefined,
  zone: string,
): FactDoc => ({
  _id: `w.${id}`,
  kind: 'rework',
  ...base(c, zone, at),
  ...(prevAt !== undefined ? { prevAt } : {}),
});

/** Whether a history `leave` record took one of the given rework flows. */
export const tookRework = (to: string | undefined, flows: Set<string>) =>
  (to ?? '').split(',').some((f) => flows.has(f));

/** History actions that are 退单 / 延期 / 挂账 facts, by fact kind. */
export const DISCIPLINE_ACTIONS: Record<string, 'return' | 'extension' | 'backlog'> = {
  'task-sent-back': 'return',
  'extension-approved': 'extension',
  'backlog-approved': 'backlog',
};

/**
 * `id`: the history record's _id; `handler`: the unit whose task it was (details.unit); `role`: the
 * department that held it (details.roles[0], 退单 only).
 */
export const disciplineFact = (
  c: CaseRef,
  id: string,
  kind: 'return' | 'extension' | 'backlog',
  at: number,
  handler: string,
  zone: string,
  role?: string,
): FactDoc => ({
  _id: `${kind[0]}x.${id}`,
  kind,
  ...base(c, zone, at),
  handler,
  ...(role ? { role } : {}),
});

/** The department of a history record's details (the first of `roles`), if any. */
export const roleOfDetails = (details: Record<string, unknown> | undefined): string | undefined => {
  const roles = details?.roles;
  return Array.isArray(roles) && typeof roles[0] === 'string' ? roles[0] : undefined;
};

/**
 * The citizen loop's history records (engine/intake/replies.ts, visits.ts) as fact outcomes: a reply that
 * fell due or was sent (only the one counted per case round, details.counted), a 回访 (its satisfaction),
 * a reopen. Written by the citizen services with their facts, read back by the recomputation from history.
 */
export const CITIZEN_ACTIONS = ['citizen-reply-due', 'citizen-replied', 'citizen-visited', 'case-reopened'];

export function citizenOutcomeOf(h: {
  action: string;
  details?: Record<string, unknown>;
}): CitizenOutcome | undefined {
  const d = h.details ?? {};
  switch (h.action) {
    case 'citizen-reply-due':
      return d.counted === true ? 'due' : undefined;
    case 'citizen-replied':
      return d.counted === true ? 'sent' : undefined;
    case 'citizen-visited':
      return d.satisfaction === 'satisfied' || d.satisfaction === 'basic' || d.satisfaction === 'dissatisfied'
        ? d.satisfaction
        : undefined;
    case 'case-reopened':
      return 'reopened';
  }
  return undefined;
}

/** A citizen-loop fact; `id`: its history record's _id. A reopen is also a rework fact (see reworkFact). */
export const citizenFact = (
  c: CaseRef,
  id: string,
  outcome: CitizenOutcome,
  at: number,
  zone: string,
): FactDoc => ({
  _id: `cz.${id}`,
  kind: 'citizen',
  ...base(c, zone, at),
  outcome,
});
