// GET /api/stats: assessment figures of a unit subtree (the aggregation and the definitions of the figures
// are engine/sla/assessment.ts).
import { Router } from 'express';
import type { Engine } from '../engine.js';
import type { TaskDoc } from '../queue/outbox.js';
import type { HistoryRecord, InstanceState } from '../runtime/types.js';
import {
  assess,
  type CaseFact,
  type EscalationFact,
  type ReworkFact,
  type TaskFact,
} from '../sla/assessment.js';
import { jurisdictionRoots, type Principal } from './access.js';
import { op, type ApiContext } from './context.js';
import { badRequest, notFound } from './errors.js';
import { parseWhen } from './time.js';

const DAY = 86_400_000;
const MAX_DAYS = 366;

type CaseRef = { id: string; gridUnit: string; definitionKey: string; definitionVersion: number };

/**
 * Rework events of the given cases: history `leave` records that took a sequence flow marked
 * grid:rework="true" in the case's definition (a failed verification sending the case back).
 */
async function reworkEvents(engine: Engine, cases: CaseRef[]): Promise<ReworkFact[]> {
  const marked = new Map<string, Set<string>>();
  const byCase = new Map<string, { gridUnit: string; flows: Set<string> }>();
  for (const c of cases) {
    const def = `${c.definitionKey}@${c.definitionVersion}`;
    let flows = marked.get(def);
    if (!flows) {
      const compiled = await engine.definitions.compiled(c.definitionKey, c.definitionVersion);
      flows = new Set(Object.values(compiled.flows).flatMap((f) => (f.rework ? [f.id] : [])));
      marked.set(def, flows);
    }
    if (flows.size) byCase.set(c.id, { gridUnit: c.gridUnit, flows });
  }
  if (!byCase.size) return [];
  const leaves = await engine.store
    .collection<HistoryRecord>('history')
    .find({ instanceId: { $in: [...byCase.keys()] }, action: 'leave' });
  return leaves.flatMap((h) => {
    const c = byCase.get(h.instanceId)!;
    const sentBack = (h.to ?? '').split(',').some((f) => c.flows.has(f));
    return sentBack ? [{ instanceId: h.instanceId, gridUnit: c.gridUnit, at: h.at }] : [];
  });
}

export function statsRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const org = engine.org;

  const defaultUnit = async (p: Principal): Promise<string | undefined> => {
    if (p.admin) return (await org.allUnits()).find((u) => !u.parent)?.code;
    return p.supervises[0] ?? jurisdictionRoots(p)[0];
  };

  const inJurisdiction = async (p: Principal, code: string): Promise<boolean> => {
    if (p.admin) return true;
    const chain = (await org.chain(code)).map((u) => u.code);
    return jurisdictionRoots(p).some((u) => chain.includes(u));
  };

  op<unknown, { unit?: string; from?: string; to?: string }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/stats',
      summary:
        'Assessment of a unit subtree over [from, to): cases received/closed, 按期结案率 per case (onTimeRate) and per ' +
        'task (taskOnTimeRate), overdue, escalations by level, working-hour handling times without paused time, ' +
        "rework (返工) and its rate, per-child breakdown by the cases' grid, task figures by handling unit and level " +
        '(byUnit, byLevel), daily escalation series (default: last 30 days)',
      tag: 'stats',
      query: 'StatsQuery',
    },
    async ({ query, user }) => {
      const code = query.unit ?? (await defaultUnit(user));
      const unit = code ? await org.unit(code) : undefined;
      if (!unit || !(await inJurisdiction(user, unit.code))) throw notFound('unit not found');
      const tz = engine.config.timezone;
      const now = ctx.now();
      const to = parseWhen(query.to, tz, true) ?? now;
      const from = parseWhen(query.from, tz) ?? to - 30 * DAY;
      if (from >= to) throw badRequest('invalid period', [{ path: '/from', message: 'must be before to' }]);
      if (to - from > MAX_DAYS * DAY)
        throw badRequest('invalid period', [
          { path: '/from', message: `period longer than ${MAX_DAYS} days` },
        ]);

      const codes = await org.subtree(unit.code);
      const all = await org.allUnits();
      const children = [];
      for (const c of all
        .filter((u) => u.parent === unit.code)
        .sort((a, b) => a.code.localeCompare(b.code))) {
        children.push({ code: c.code, name: c.name, level: c.level, codes: await org.subtree(c.code) });
      }

      const instances = await engine.store.collection<InstanceState>('instances').find({
        unitPath: unit.code,
        $or: [{ startedAt: { $gte: from, $lt: to } }, { endedAt: { $gte: from, $lt: to } }],
      });
      const closedIds = instances.filter((s) => s.endedAt !== undefined).map((s) => s._id);
      const tasks = await engine.store.collection<TaskDoc>('tasks').find({
        gridUnit: { $in: codes },
        $or: [{ status: 'open' }, { completedAt: { $gte: from } }, { instanceId: { $in: closedIds } }],
      });
      const escalations = await engine.store
        .collection('escalations')
        .find({ unitPath: unit.code, firedAt: { $gte: from, $lt: to } });

      const cases: CaseFact[] = instances.map((s) => ({
        id: s._id,
        gridUnit: s.gridUnit,
        status: s.status,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
      }));
      const taskFacts: TaskFact[] = tasks
        .filter((t) => t.status !== 'open' || t.instanceStatus === 'active')
        .map((t) => ({
          id: t._id,
          instanceId: t.instanceId,
          gridUnit: t.gridUnit,
          status: t.status,
          createdAt: t.createdAt,
          completedAt: t.completedAt,
          unit: t.unit,
          dueAt: t.dueAt,
          firstDueAt: t.escalations?.[0]?.dueAt ?? t.dueAt,
          escalated: (t.escalations?.length ?? 0) > 0,
          pauses: t.pauses,
          pausedSince: t.paused?.since,
        }));
      // rework: the cases with a task completed in the period (a flow is taken as a verification completes)
      // and the closed ones (whose whole history the rework rate looks at)
      const caseRefs = new Map<string, CaseRef>();
      for (const s of instances)
        if (s.endedAt !== undefined && s.endedAt >= from && s.endedAt < to)
          caseRefs.set(s._id, { ...s, id: s._id });
      for (const t of tasks)
        if (t.completedAt !== undefined && t.completedAt >= from && t.completedAt < to)
          caseRefs.set(t.instanceId, { ...t, id: t.instanceId });
      const reworks = await reworkEvents(engine, [...caseRefs.values()]);
      const escFacts: EscalationFact[] = escalations.map((e) => ({
        gridUnit: e.gridUnit,
        toLevel: e.toLevel,
        supervised: e.supervised,
        firedAt: e.firedAt,
      }));
      return assess({
        unit: { code: unit.code, name: unit.name, level: unit.level },
        children,
        from,
        to,
        now,
        timezone: tz,
        cases,
        tasks: taskFacts,
        escalations: escFacts,
        reworks,
        units: all.map((u) => ({ code: u.code, name: u.name, level: u.level })),
        workingMs: (a, b) => engine.calendar.elapsed(a, b, 'workday'),
      });
    },
  );

  return r;
}
