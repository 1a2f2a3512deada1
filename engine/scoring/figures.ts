// The figures a scheme can score, flattened from the assessment rows (engine/sla/assessment.ts defines
// them). One vocabulary for units, departments and persons: a figure a row does not have is null (a
// department has no per-case 按期结案率, a unit no valid reports of its own), and a target item scores a null
// figure by its ifNone rule.
import type { Assessment, DepartmentFigures, Figures, PersonFigures } from '../sla/assessment.js';
import type { FigureRow } from './evaluate.js';

export const SCORABLE_FIGURES = [
  'received',
  'closed',
  'onTimeRate',
  'taskOnTimeRate',
  'tasksCompleted',
  'overdueNow',
  'reworkRate',
  'extensionRate',
  'returns',
  'returnRate',
  'supervised',
  'escalations',
  'avgHandlingHours',
  'avgCalendarHours',
  'reports',
  'validReports',
  // persons: the patrol log (engine/scoring/patrol-figures.ts)
  'patrolHours',
  'patrolDays',
  'dailyPatrolHours',
  'missedPatrolDays',
  // persons: 例会签到 (engine/patrol/meetings.ts); units: meetings recorded at the unit itself
  'meetingsInvited',
  'meetingsAttended',
  'meetingAttendanceRate',
  'meetingsHeld',
] as const;

export type ScorableFigure = (typeof SCORABLE_FIGURES)[number];
type Row = Record<ScorableFigure, number | null>;

const empty = (): Row => Object.fromEntries(SCORABLE_FIGURES.map((f) => [f, null])) as unknown as Row;

/** Every figure null: a person without case activity in the period (they patrolled, or were at meetings). */
export const noFigures = (): FigureRow => empty();

export function unitFigures(f: Figures, taskCompleted: number | null): FigureRow {
  return {
    ...empty(),
    received: f.received,
    closed: f.closed,
    onTimeRate: f.onTimeRate,
    taskOnTimeRate: f.taskOnTimeRate,
    tasksCompleted: taskCompleted,
    overdueNow: f.overdueNow,
    reworkRate: f.reworkRate,
    extensionRate: f.extensionRate,
    returns: f.returns,
    returnRate: f.returnRate,
    supervised: f.escalations.byLevel.supervised ?? 0,
    escalations: f.escalations.total,
    avgHandlingHours: f.avgCaseHandlingHours,
    avgCalendarHours: f.avgCaseCalendarHours,
  };
}

export const departmentFigures = (d: DepartmentFigures): FigureRow => ({
  ...empty(),
  taskOnTimeRate: d.onTimeRate,
  tasksCompleted: d.completed,
  overdueNow: d.overdueNow,
  returns: d.returns,
  returnRate: d.returnRate,
  avgHandlingHours: d.avgHandlingHours,
  avgCalendarHours: d.avgCalendarHours,
});

export const personFigures = (p: PersonFigures): FigureRow => ({
  ...empty(),
  taskOnTimeRate: p.onTimeRate,
  tasksCompleted: p.completed,
  avgHandlingHours: p.avgHandlingHours,
  avgCalendarHours: p.avgCalendarHours,
  reports: p.reports,
  validReports: p.validReports,
});

/** The completed tasks of the subtree (sum over handling units). */
export const tasksCompletedOf = (a: Pick<Assessment, 'byUnit'>) =>
  a.byUnit.reduce((n, u) => n + u.completed, 0);
