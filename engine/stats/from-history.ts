// The assessment recomputed from the raw records (cases, tasks, escalations, history), as GET /api/stats
// did before the rollups: kept as the reference the rollups are checked against (tests, benchmark). Its
// cost grows with every case of the period, so the API does not use it.
import type { Engine } from '../engine.js';
import {
  assess,
  type Assessment,
  type CaseFact,
  type DisciplineFact,
  type EscalationFact,
  type ReworkFact,
  type CitizenEvent,
  type TaskFact,
  type UnitInfo,
} from '../sla/assessment.js';
import { CITIZEN_ACTIONS, citizenOutcomeOf, DISCIPLINE_ACTIONS, roleOfDetails, taskFactOf } from './facts.js';
import { InstanceRepository } from '../cases/instance-repository.js';
import { TaskRepository } from '../queue/task-repository.js';
import { HistoryLog } from '../queue/history.js';
import { EscalationLog } from '../sla/escalation-log.js';

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
  const leaves = await new HistoryLog(engine.store).ofCasesWithActions([...byCase.keys()], ['leave']);
  return leaves.flatMap((h) => {
    const c = byCase.get(h.instanceId)!;
    const sentBack = (h.to ?? '').split(',').some((f) => c.flows.has(f));
    return sentBack ? [{ instanceId: h.instanceId, gridUnit: c.gridUnit, at: h.at }] : [];
  });
}

export interface HistoryQuery {
  unit: UnitInfo;
  codes: string[];
  children: Array<UnitInfo & { codes: string[] }>;
  units: UnitInfo[];
  from: number;
  to: number;
  now: number;
}

export async function assessFromHistory(engine: Engine, q: HistoryQuery): Promise<Assessment> {
  const { unit, codes, from, to, now } = q;
  const instances = await new InstanceRepository(engine.store).ofSubtreeBetween(unit.code, from, to);
  const closedIds = instances.filter((s) => s.endedAt !== undefined).map((s) => s._id);
  const tasks = await new TaskRepository(engine.store).ofGridsOpenOrSince(codes, from, closedIds);
  const escalations = await new EscalationLog(engine.store).inSubtreeBetween(unit.code, from, to);

  const cases: CaseFact[] = instances.map((s) => ({
    id: s._id,
    gridUnit: s.gridUnit,
    status: s.status,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    ...(s.startedBy ? { reporter: s.startedBy } : {}),
  }));
  const taskFacts: TaskFact[] = tasks
    .filter((t) => t.status !== 'open' || t.instanceStatus === 'active')
    .map((t) => taskFactOf(t, t.instanceId, t.gridUnit));
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
  // 退单 / 延期 / 挂账 of the subtree's cases in the period, from their history records
  const marked = await new HistoryLog(engine.store).withActionsBetween(
    Object.keys(DISCIPLINE_ACTIONS),
    from,
    to,
  );
  const owners = new Map(
    (
      await new InstanceRepository(engine.store).inSubtreeAmong(
        [...new Set(marked.map((h) => h.instanceId))],
        unit.code,
      )
    ).map((s) => [s._id, s.gridUnit]),
  );
  const discipline: DisciplineFact[] = marked.flatMap((h) => {
    const gridUnit = owners.get(h.instanceId);
    const handler = h.details?.unit;
    return gridUnit && typeof handler === 'string'
      ? [
          {
            kind: DISCIPLINE_ACTIONS[h.action],
            gridUnit,
            unit: handler,
            at: h.at,
            ...(roleOfDetails(h.details) ? { role: roleOfDetails(h.details) } : {}),
          },
        ]
      : [];
  });
  // the citizen loop (反馈, 回访, reopen) of the subtree's cases in the period
  const loop = await new HistoryLog(engine.store).withActionsBetween(CITIZEN_ACTIONS, from, to);
  const loopOwners = new Map(
    (
      await new InstanceRepository(engine.store).inSubtreeAmong(
        [...new Set(loop.map((h) => h.instanceId))],
        unit.code,
      )
    ).map((s) => [s._id, s.gridUnit]),
  );
  const citizen: CitizenEvent[] = loop.flatMap((h) => {
    const gridUnit = loopOwners.get(h.instanceId);
    const outcome = citizenOutcomeOf(h);
    return gridUnit && outcome ? [{ gridUnit, instanceId: h.instanceId, outcome, at: h.at }] : [];
  });
  const escFacts: EscalationFact[] = escalations.map((e) => ({
    gridUnit: e.gridUnit,
    toLevel: e.toLevel,
    supervised: e.supervised,
    firedAt: e.firedAt,
  }));
  return assess({
    unit,
    children: q.children,
    from,
    to,
    now,
    timezone: engine.config.timezone,
    cases,
    tasks: taskFacts,
    escalations: escFacts,
    reworks,
    discipline,
    citizen,
    units: q.units,
    workingMs: (a, b) => engine.calendar.elapsed(a, b, 'workday'),
  });
}
