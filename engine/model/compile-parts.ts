// Compilation of the element properties several element kinds share (timers, messages, the grid task
// configuration, escalation codes), used by the element modules in engine/elements. Problems are collected
// on the context, each naming the element, as compile.ts does for the whole process.
import type { DetailCode } from '../error-codes.js';
import {
  causedBy,
  problemOf,
  type CalendarKind,
  type DeployError,
  type GridTaskConfig,
  type Problem,
  type TimerSpec,
} from './types.js';
import {
  checkCalendar,
  checkDuration,
  checkFeel,
  checkFormKey,
  checkLadder,
  checkLevel,
  checkSupervisionCycle,
  checkTimer,
  checkTimerProperties,
  checkWarnAt,
  DEFAULT_TASK_CALENDAR,
  DEFAULT_TIMER_CALENDAR,
  parseCandidateRoles,
  stripFeelMarker,
  TIMER_PROPERTIES,
  type LadderStepInput,
  type ModdleElement as El,
  type TimerPlacement,
} from './validate.js';

/** What an element's compile step sees of the whole compilation. */
export interface CompileCtx {
  /** grid levels from the lowest to the highest */
  levels: string[];
  errors: DeployError[];
  /** ids of elements the parser already reported (unresolved references are not reported twice) */
  flagged: Set<string>;
}

/** A problem (a value check's answer; none: nothing to report) at an element; params always name it. */
export const problem = (ctx: CompileCtx, elementId: string, p: Problem | undefined) => {
  if (p) ctx.errors.push({ elementId, code: p.code, message: p.message, params: { elementId, ...p.params } });
};

/** A problem with a stable code the UI translates by (see DeployError.code); params always name the element. */
export const coded = (
  ctx: CompileCtx,
  elementId: string,
  code: DetailCode,
  message: string | undefined,
  params: Record<string, unknown> = {},
) => {
  if (message) problem(ctx, elementId, problemOf(code, message, params));
};

/** The escalation's code, else the escalation's id; undefined without an escalationRef. */
export function escalationCode(def: El | undefined): string | undefined {
  const ref = def?.escalationRef;
  if (!ref) return undefined;
  const code = typeof ref.escalationCode === 'string' ? ref.escalationCode.trim() : '';
  return code || ref.id;
}

const TIMER_KIND = { timeDuration: 'duration', timeDate: 'date', timeCycle: 'cycle' } as const;

export function compileTimer(ctx: CompileCtx, id: string, def: El, placement: TimerPlacement): TimerSpec {
  const present = TIMER_PROPERTIES.filter((p) => def[p] !== undefined);
  const propertyError = checkTimerProperties(present);
  problem(ctx, id, propertyError);
  const property = present[0] ?? 'timeDuration';
  const spec: TimerSpec = {
    kind: TIMER_KIND[property],
    expr: String(def[property]?.body ?? '').trim(),
    calendar: (def.calendar ?? DEFAULT_TIMER_CALENDAR) as CalendarKind,
  };
  if (!propertyError) for (const m of checkTimer(spec, placement)) problem(ctx, id, m);
  else problem(ctx, id, checkCalendar(def.calendar));
  return spec;
}

export function compileMessage(
  ctx: CompileCtx,
  el: El,
  def: El,
  what = 'message catch event',
  /** code prefix of the problems (`<prefix>.message`, `<prefix>.correlation-key`) */
  codes: 'message-catch' | 'receive-task' | 'message-boundary' | 'event-subprocess' = 'message-catch',
): { name: string; correlationKey: string } {
  const id = el.id!;
  const messageCode = `${codes}.message` as const;
  const keyCode = `${codes}.correlation-key` as const;
  const message = def.messageRef;
  const name = typeof message?.name === 'string' ? message.name.trim() : '';
  if (!message) {
    if (!ctx.flagged.has(id))
      coded(ctx, id, messageCode, `${what} needs a messageRef to a message with a name`);
  } else if (!name)
    coded(ctx, id, messageCode, `message "${message.id}" needs a name`, { message: message.id });

  const subscriptions = (el.extensionElements?.values ?? []).filter(
    (v: El) => v.$type === 'grid:Subscription',
  );
  if (subscriptions.length > 1)
    coded(ctx, id, 'grid.duplicate', 'declare at most one grid:subscription', { name: 'subscription' });
  const fromSubscription: string | undefined = subscriptions[0]?.correlationKey;
  const fromAttribute: string | undefined = el.correlationKey;
  if (
    fromSubscription !== undefined &&
    fromAttribute !== undefined &&
    stripFeelMarker(fromSubscription) !== stripFeelMarker(fromAttribute)
  )
    coded(
      ctx,
      id,
      'correlation-key.twice',
      'correlation key declared twice (grid:subscription and grid:correlationKey) with different values',
    );
  const key = fromSubscription ?? fromAttribute;
  if (key === undefined || !key.trim())
    coded(
      ctx,
      id,
      keyCode,
      `${what} needs a correlation key: <grid:subscription correlationKey="=..."/> or grid:correlationKey`,
    );
  else {
    const err = checkFeel(key);
    if (err) problem(ctx, id, causedBy('correlation-key.invalid', 'correlation key', err));
  }
  return { name, correlationKey: stripFeelMarker(key ?? '') };
}

export function compileGrid(ctx: CompileCtx, el: El): GridTaskConfig {
  const id = el.id!;
  const calendarError = checkCalendar(el.calendar);
  if (calendarError) problem(ctx, id, causedBy('task.calendar', 'grid:calendar', calendarError));
  const calendar = (
    calendarError ? DEFAULT_TASK_CALENDAR : (el.calendar ?? DEFAULT_TASK_CALENDAR)
  ) as CalendarKind;

  const level: string | undefined = el.level;
  if (level !== undefined) problem(ctx, id, checkLevel(level, ctx.levels));
  const candidateRoles = parseCandidateRoles(el.candidateRoles);
  if (!candidateRoles.length)
    coded(
      ctx,
      id,
      'user-task.candidate-roles',
      'user task needs at least one candidate role (grid:candidateRoles)',
    );
  problem(ctx, id, checkFormKey(el.formKey));

  const sla: string | undefined = typeof el.sla === 'string' ? el.sla.trim() : undefined;
  if (sla !== undefined) {
    const err = checkDuration(sla, calendar);
    if (err) problem(ctx, id, causedBy('task.sla', 'grid:sla', err));
  }
  problem(ctx, id, checkWarnAt(el.warnAt));
  if (el.warnAt !== undefined && sla === undefined)
    coded(ctx, id, 'grid.warn-at-needs-sla', 'grid:warnAt needs grid:sla');

  const escalations: El[] = (el.extensionElements?.values ?? []).filter(
    (v: El) => v.$type === 'grid:Escalation',
  );
  if (escalations.length > 1)
    coded(ctx, id, 'grid.duplicate', 'declare at most one grid:escalation', { name: 'escalation' });
  const esc = escalations[0];
  const ladder: GridTaskConfig['ladder'] = [];
  let supervisionCycle: string | undefined;
  if (esc) {
    if (sla === undefined)
      coded(ctx, id, 'escalation.needs-sla', 'missing SLA on a task that declares escalation');
    const steps: LadderStepInput[] = (esc.steps ?? []).map((s: El) => ({
      level: s.level,
      sla: s.sla,
      calendar: s.calendar,
      candidateRoles: s.candidateRoles,
    }));
    for (const m of checkLadder(level, steps, ctx.levels, calendar)) problem(ctx, id, m);
    for (const step of steps) {
      // a rung may name who acts there (a department role may not exist higher up)
      const roles = splitRoles(step.candidateRoles);
      ladder.push({
        level: step.level ?? '',
        sla: {
          duration: String(step.sla ?? '').trim(),
          calendar: (step.calendar ?? calendar) as CalendarKind,
        },
        ...(roles.length ? { candidateRoles: roles } : {}),
      });
    }
    if (esc.supervisionCycle !== undefined) {
      supervisionCycle = String(esc.supervisionCycle).trim();
      const calendars = [calendar, ...ladder.map((s) => s.sla.calendar)];
      problem(ctx, id, checkSupervisionCycle(supervisionCycle, calendars));
    }
  }
  const unit = typeof el.unit === 'string' ? el.unit.trim() : undefined;
  if (unit !== undefined) {
    const err = checkFeel(unit);
    if (err) coded(ctx, id, 'user-task.unit', `grid:unit: ${err}`, { value: unit });
  }
  const grid: GridTaskConfig = { candidateRoles, ladder };
  if (unit !== undefined) grid.unit = unit;
  if (level !== undefined) grid.level = level;
  if (el.formKey !== undefined) grid.formKey = el.formKey;
  if (sla !== undefined) grid.sla = { duration: sla, calendar };
  if (el.warnAt !== undefined) grid.warnAt = el.warnAt;
  if (supervisionCycle !== undefined) grid.supervisionCycle = supervisionCycle;
  return grid;
}

function splitRoles(value: string | undefined): string[] {
  return String(value ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
}

/** The grid level a signal throw reaches without grid:signalScope: the street around the throwing case. */
export const DEFAULT_SIGNAL_SCOPE = 'street';

/**
 * A signal event's signal (signalRef → bpmn:signal with a name); a throw (`throws`) also its grid:signalScope,
 * a grid level (default street; engine/runtime/signals.ts).
 */
export function compileSignal(
  ctx: CompileCtx,
  el: El,
  def: El,
  throws = false,
): { name: string; scopeLevel?: string } {
  const id = el.id!;
  const signal = def?.signalRef;
  const name = typeof signal?.name === 'string' ? signal.name.trim() : '';
  if (!signal) {
    if (!ctx.flagged.has(id))
      coded(ctx, id, 'signal.name', 'a signal event needs a signalRef to a signal with a name');
  } else if (!name)
    coded(ctx, id, 'signal.name', `signal "${signal.id}" needs a name`, { signal: signal.id });
  if (!throws) return { name };
  const raw: unknown = el.signalScope;
  const scopeLevel = typeof raw === 'string' && raw.trim() ? raw.trim() : DEFAULT_SIGNAL_SCOPE;
  if (raw !== undefined && !ctx.levels.includes(scopeLevel))
    coded(ctx, id, 'signal.scope', `grid:signalScope: ${checkLevel(scopeLevel, ctx.levels)?.message}`, {
      level: scopeLevel,
      known: ctx.levels,
    });
  return { name, scopeLevel };
}
