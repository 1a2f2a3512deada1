// Deploy-time rules as small pure functions. Value checks return an error message (or undefined / a
// list of messages); graph checks return DeployError details naming the offending elements.
import { evaluate, parseExpression } from 'feelin';
import { DateTime } from 'luxon';
import { horizonError, parseIsoDuration } from '../sla/duration.js';
import { MAX_EXPRESSION_LENGTH } from './limits.js';
import { DOCUMENT_ID } from './parse.js';
import type { CalendarKind, DeployError, FlowNode, NodeKind, SequenceFlow, TimerSpec } from './types.js';

export const DEFAULT_LEVELS = ['grid', 'zone', 'community', 'street', 'district'];
export const CALENDARS: readonly CalendarKind[] = ['natural', 'workday'];
/** grid:calendar of a user task (its SLA and escalation steps) when absent */
export const DEFAULT_TASK_CALENDAR: CalendarKind = 'workday';
/** grid:calendar of a timer event definition when absent: timers run on the wall clock */
export const DEFAULT_TIMER_CALENDAR: CalendarKind = 'natural';
/** grid:candidateRoles when the attribute is absent */
export const DEFAULT_CANDIDATE_ROLES = ['handler'];
/** grid:retries of a service task when absent */
export const DEFAULT_RETRIES = 3;

/** A bpmn-moddle element, loosely typed. */
export type ModdleElement = { $type: string; id?: string; [key: string]: any };

// ---------------------------------------------------------------- expressions and values

/** Expression text without the Camunda-style leading '=' marker. */
export function stripFeelMarker(expr: string): string {
  const t = String(expr ?? '').trim();
  return t.startsWith('=') ? t.slice(1).trim() : t;
}

/** FEEL syntax check (no evaluation against data); JUEL `${...}` is refused. */
export function checkFeel(expr: string): string | undefined {
  const text = stripFeelMarker(expr);
  if (/[$#]\{/.test(text))
    return `JUEL expression "${text}" is not supported: use FEEL (e.g. =approved = true)`;
  if (!text) return 'empty FEEL expression';
  if (text.length > MAX_EXPRESSION_LENGTH)
    return `FEEL expression of ${text.length} characters: at most ${MAX_EXPRESSION_LENGTH} are allowed`;
  const reason = feelSyntaxError(text);
  return reason ? `FEEL syntax error in "${text}": ${reason}` : undefined;
}

function feelSyntaxError(text: string): string | undefined {
  try {
    let errorAt = -1;
    parseExpression(text, {}, undefined).iterate({
      enter: (node) => {
        if (errorAt < 0 && node.type.isError) errorAt = node.from;
      },
    });
    if (errorAt < 0) return undefined;
    try {
      evaluate(text, {}); // only for feelin's wording of the syntax error
    } catch (err) {
      return (err as Error).message;
    }
    return `unexpected input at position ${errorAt + 1}`;
  } catch (err) {
    return (err as Error).message;
  }
}

/** A literal ISO-8601 duration (P5D, PT4H, P1W, P1DT2H30M); months/years only on the natural calendar. */
export function checkIsoDuration(value: string, calendar?: CalendarKind): string | undefined {
  const v = String(value ?? '').trim();
  try {
    const o = parseIsoDuration(v).toObject();
    if (calendar === 'workday' && (o.years || o.quarters || o.months))
      return `duration "${v}": months and years are not defined on the workday calendar (use days or weeks, or calendar "natural")`;
    return horizonError(v, calendar);
  } catch (err) {
    const why = /": (.*)$/.exec((err as Error).message)?.[1];
    return `bad ISO-8601 duration "${v}"${why ? ` (${why})` : ''}`;
  }
}

/** An ISO-8601 duration or a FEEL expression ('=...') that yields one at run time. */
export function checkDuration(value: string, calendar?: CalendarKind): string | undefined {
  const v = String(value ?? '').trim();
  return v.startsWith('=') ? checkFeel(v) : checkIsoDuration(v, calendar);
}

/** An ISO-8601 date-time (at least a calendar date) or a FEEL expression. */
export function checkDateTime(value: string): string | undefined {
  const v = String(value ?? '').trim();
  if (v.startsWith('=')) return checkFeel(v);
  return /^\d{4}-\d{2}-\d{2}/.test(v) && DateTime.fromISO(v, { setZone: true }).isValid
    ? undefined
    : `bad ISO-8601 date-time "${v}" (expected e.g. 2026-03-01T09:00:00+08:00)`;
}

/** A repeating interval R[n]/<duration> (n ≥ 1, or absent = unbounded) or a FEEL expression. */
export function checkCycle(value: string, calendar?: CalendarKind): string | undefined {
  const v = String(value ?? '').trim();
  if (v.startsWith('=')) return checkFeel(v);
  const m = /^R(\d*)\/(.+)$/.exec(v);
  if (!m) return `bad timer cycle "${v}" (expected R[n]/<duration>, e.g. R3/PT10M)`;
  if (m[1] !== '' && Number(m[1]) < 1) return `bad timer cycle "${v}": it must repeat at least once`;
  const err = checkIsoDuration(m[2], calendar);
  return err ? `bad timer cycle "${v}": ${err}` : undefined;
}

export function checkCalendar(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return CALENDARS.includes(value as CalendarKind)
    ? undefined
    : `unknown calendar "${String(value)}" (expected ${CALENDARS.join(' or ')})`;
}

export const TIMER_PROPERTIES = ['timeDuration', 'timeDate', 'timeCycle'] as const;

/** Which of timeDuration / timeDate / timeCycle a timer event definition declares. */
export function checkTimerProperties(present: readonly string[]): string | undefined {
  if (present.length === 0) return 'timer needs a timeDuration, timeDate or timeCycle';
  if (present.length > 1) return `timer declares ${present.join(' and ')}: use exactly one`;
  return undefined;
}

/** Where a timer sits: an intermediate catch event or a boundary event. */
export type TimerPlacement = 'catch' | 'interrupting' | 'non-interrupting';

export function checkTimer(spec: TimerSpec, placement: TimerPlacement): string[] {
  const errors: string[] = [];
  const calendarError = checkCalendar(spec.calendar);
  if (calendarError) errors.push(calendarError);
  const calendar = calendarError ? undefined : spec.calendar;
  if (spec.kind === 'cycle' && placement !== 'non-interrupting')
    errors.push('a timer cycle (timeCycle) is only supported on a non-interrupting boundary event');
  if (!spec.expr) {
    errors.push(
      `empty ${spec.kind === 'date' ? 'timeDate' : spec.kind === 'cycle' ? 'timeCycle' : 'timeDuration'}`,
    );
    return errors;
  }
  const err =
    spec.kind === 'date'
      ? checkDateTime(spec.expr)
      : spec.kind === 'cycle'
        ? checkCycle(spec.expr, calendar)
        : checkDuration(spec.expr, calendar);
  if (err) errors.push(err);
  return errors;
}

/** Expression language of a conditionExpression: FEEL only. */
export function checkExpressionLanguage(language: unknown): string | undefined {
  if (language === undefined || language === null || language === '') return undefined;
  return /feel/i.test(String(language))
    ? undefined
    : `unsupported expression language "${String(language)}": write conditions in FEEL`;
}

// ---------------------------------------------------------------- grid extension

export function checkWarnAt(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' && value > 0 && value < 1
    ? undefined
    : `grid:warnAt must be a number between 0 and 1 (exclusive), got ${String(value)}`;
}

export function checkRetries(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return Number.isInteger(value) && (value as number) >= 0
    ? undefined
    : `grid:retries must be a whole number ≥ 0, got ${String(value)}`;
}

export function checkFormKey(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return /^[a-z0-9-]+$/.test(String(value))
    ? undefined
    : `grid:formKey "${String(value)}" must match [a-z0-9-]+ (lower-case letters, digits and '-')`;
}

export function checkLevel(level: string, levels: readonly string[]): string | undefined {
  return levels.includes(level) ? undefined : `unknown grid level "${level}" (known: ${levels.join(', ')})`;
}

/** grid:candidateRoles "a, b" → ['a', 'b']; absent → the default role. */
export function parseCandidateRoles(raw: string | undefined): string[] {
  if (raw === undefined) return DEFAULT_CANDIDATE_ROLES.slice();
  return [
    ...new Set(
      String(raw)
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
}

export interface LadderStepInput {
  level?: string;
  sla?: string;
  calendar?: string;
  candidateRoles?: string;
}

/**
 * The escalation ladder of a task: every step names a known level strictly above the task's level
 * (when the task declares one) and above the previous step, and carries a valid SLA and calendar.
 */
export function checkLadder(
  taskLevel: string | undefined,
  steps: readonly LadderStepInput[],
  levels: readonly string[],
  taskCalendar: CalendarKind,
): string[] {
  const errors: string[] = [];
  const taskIdx = taskLevel !== undefined ? levels.indexOf(taskLevel) : -1;
  let previous: { level: string; idx: number } | undefined;
  steps.forEach((step, i) => {
    const at = `escalation step ${i + 1}`;
    if (!step.level) errors.push(`${at}: missing level`);
    else {
      const idx = levels.indexOf(step.level);
      if (idx < 0) errors.push(`${at}: ${checkLevel(step.level, levels)}`);
      else if (taskIdx >= 0 && idx <= taskIdx)
        errors.push(`${at}: level "${step.level}" is not above the task's level "${taskLevel}"`);
      else if (previous && idx <= previous.idx)
        errors.push(
          `${at}: level "${step.level}" is not above the previous step's level "${previous.level}"`,
        );
      if (idx >= 0) previous = { level: step.level, idx };
    }
    const calendarError = checkCalendar(step.calendar);
    if (calendarError) errors.push(`${at}: ${calendarError}`);
    const calendar = calendarError
      ? undefined
      : ((step.calendar as CalendarKind | undefined) ?? taskCalendar);
    if (step.sla === undefined || !String(step.sla).trim()) errors.push(`${at}: missing sla`);
    else {
      const slaError = checkDuration(step.sla, calendar);
      if (slaError) errors.push(`${at}: ${slaError}`);
    }
  });
  return errors;
}

/** supervisionCycle: a literal ISO duration, valid on every calendar the task's SLA windows use. */
export function checkSupervisionCycle(value: string, calendars: readonly CalendarKind[]): string | undefined {
  const v = String(value ?? '').trim();
  if (v.startsWith('='))
    return 'supervisionCycle must be a literal ISO-8601 duration (FEEL is not supported here)';
  const err = checkIsoDuration(v, calendars.includes('workday') ? 'workday' : 'natural');
  return err ? `supervisionCycle: ${err}` : undefined;
}

/** Ids become keys of stored documents and parts of job ids. */
export function checkElementId(id: string): string | undefined {
  return /[.\s/]/.test(id) || id.startsWith('$')
    ? `element id "${id}" must not contain ".", "/" or whitespace, nor start with "$"`
    : undefined;
}

// ---------------------------------------------------------------- process and element support

/**
 * The process of a file to compile: `processId` when given, else the only process, else the only executable
 * one. A collaboration may hold several pools; each executable process deploys as a definition of its own
 * (compileDocument), the others — partners drawn as black boxes, documentation — are left aside. Lanes and
 * artifacts are irrelevant to execution. The process is returned even with errors, so that its elements can
 * still be checked.
 */
export function selectProcess(
  definitions: ModdleElement,
  processId?: string,
): {
  process?: ModdleElement;
  name?: string;
  errors: DeployError[];
} {
  const errors: DeployError[] = [];
  const roots: ModdleElement[] = definitions.rootElements ?? [];
  const processes = roots.filter((e) => e.$type === 'bpmn:Process');
  const participants: ModdleElement[] = roots
    .filter((e) => e.$type === 'bpmn:Collaboration')
    .flatMap((c) => c.participants ?? []);
  let process: ModdleElement | undefined;
  if (processId !== undefined) {
    process = processes.find((p) => p.id === processId);
    if (!process)
      errors.push({
        elementId: DOCUMENT_ID,
        message: `no process ${processId} in the document`,
        code: 'process.not-found',
        params: { key: processId },
      });
  } else if (processes.length === 1) process = processes[0];
  else if (processes.length === 0)
    errors.push({
      elementId: DOCUMENT_ID,
      message: 'no process found: a file must contain an executable process',
      code: 'process.none',
      params: {},
    });
  else {
    const executable = executableProcesses(definitions);
    if (executable.length === 1) process = executable[0];
    else
      errors.push({
        elementId: DOCUMENT_ID,
        message:
          executable.length === 0
            ? `none of the ${processes.length} processes (${processes.map((p) => p.id).join(', ')}) is executable: set isExecutable="true" on the ones to run`
            : `${executable.length} executable processes (${executable.map((p) => p.id).join(', ')}): deploy the document to deploy each`,
        code: executable.length === 0 ? 'process.none-executable' : 'process.several',
        params: { keys: (executable.length ? executable : processes).map((p) => p.id) },
      });
  }
  if (!process) return { errors };
  if (!process.id) errors.push({ elementId: DOCUMENT_ID, message: 'process without an id' });
  else if (!PROCESS_KEY.test(process.id))
    errors.push({
      elementId: process.id,
      message: 'process id (the key): a letter or _ first, then letters, digits, _ . -, at most 64',
      code: 'process-key',
      params: { key: process.id },
    });
  else if (process.isExecutable === false)
    errors.push({
      elementId: process.id,
      message: 'process is not executable: set isExecutable="true"',
      code: 'process.not-executable',
      params: { key: process.id },
    });
  const pool = participants.find((p) => p.processRef === process);
  return { process, name: process.name ?? pool?.name, errors };
}

/** The processes of a document marked executable (isExecutable absent counts as executable). */
export function executableProcesses(definitions: ModdleElement): ModdleElement[] {
  const roots: ModdleElement[] = definitions.rootElements ?? [];
  return roots.filter((e) => e.$type === 'bpmn:Process' && e.isExecutable !== false);
}

// ---------------------------------------------------------------- graph rules

/** A node under validation; 'unsupported' marks an element already reported, kept so that flows
 *  through it do not cause follow-up errors. */
export type Vertex = Omit<FlowNode, 'kind'> & { kind: NodeKind | 'unsupported'; bpmnType?: string };
export type Vertices = Record<string, Vertex>;
export type Flows = Record<string, SequenceFlow>;

/** A process id usable as the key in URLs and version ids (`key@version`): an XML NCName without ':'. */
export const PROCESS_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** A default flow leaves its element and has no condition. */
export function checkDefaultFlows(nodes: Vertices, flows: Flows): DeployError[] {
  const errors: DeployError[] = [];
  for (const n of Object.values(nodes)) {
    if (n.defaultFlow === undefined) continue;
    if (!n.outgoing.includes(n.defaultFlow))
      errors.push({
        elementId: n.id,
        message: `default flow "${n.defaultFlow}" is not an outgoing flow of this element`,
      });
    else if (flows[n.defaultFlow]?.condition !== undefined)
      errors.push({ elementId: n.defaultFlow, message: 'a default flow must not carry a condition' });
  }
  return errors;
}

/**
 * A splitting exclusive/inclusive gateway has a condition on every outgoing flow or a default flow, and
 * then a condition on every other flow (an unconditioned one would always be taken, so the default
 * never would); flows leaving a parallel gateway carry no condition.
 */
export function checkGatewayConditions(nodes: Vertices, flows: Flows): DeployError[] {
  const errors: DeployError[] = [];
  for (const n of Object.values(nodes)) {
    if (n.kind === 'parallelGateway') {
      for (const f of n.outgoing)
        if (flows[f]?.condition !== undefined)
          errors.push({
            elementId: f,
            message: 'a flow leaving a parallel gateway cannot carry a condition',
          });
      continue;
    }
    if ((n.kind !== 'exclusiveGateway' && n.kind !== 'inclusiveGateway') || n.outgoing.length < 2) continue;
    const unconditioned = n.outgoing.filter((f) => f !== n.defaultFlow && flows[f]?.condition === undefined);
    if (!unconditioned.length) continue;
    if (n.defaultFlow === undefined) {
      errors.push({
        elementId: n.id,
        message:
          unconditioned.length === n.outgoing.length
            ? 'gateway without default and without conditions'
            : `gateway without default and without conditions on every outgoing flow (none on ${unconditioned.join(', ')})`,
      });
    } else {
      for (const f of unconditioned)
        errors.push({
          elementId: f,
          message: `flow leaving gateway "${n.id}" needs a condition (only the default flow may have none)`,
        });
    }
  }
  return errors;
}
