// Deploy-time rules as small pure functions. Value checks return a coded Problem (or undefined / a list);
// graph checks return DeployError details naming the offending elements.
import { evaluate, parseExpression } from 'feelin';
import { DateTime } from 'luxon';
import { horizonError, MAX_HORIZON_DAYS, MAX_HORIZON_WORKDAYS, parseIsoDuration } from '../sla/duration.js';
import { MAX_EXPRESSION_LENGTH } from './limits.js';
import { DOCUMENT_ID } from './parse.js';
import {
  causedBy,
  problemOf,
  type CalendarKind,
  type DeployError,
  type FlowNode,
  type NodeKind,
  type Problem,
  type SequenceFlow,
  type TimerSpec,
} from './types.js';

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
export function checkFeel(expr: string): Problem | undefined {
  const text = stripFeelMarker(expr);
  if (/[$#]\{/.test(text))
    return problemOf(
      'feel.juel',
      `JUEL expression "${text}" is not supported: use FEEL (e.g. =approved = true)`,
      { expression: text, example: '=approved = true' },
    );
  if (!text) return problemOf('feel.empty', 'empty FEEL expression');
  if (text.length > MAX_EXPRESSION_LENGTH)
    return problemOf(
      'feel.too-long',
      `FEEL expression of ${text.length} characters: at most ${MAX_EXPRESSION_LENGTH} are allowed`,
      { length: text.length, limit: MAX_EXPRESSION_LENGTH },
    );
  const error = feelSyntaxError(text);
  return error
    ? problemOf('feel.syntax', `FEEL syntax error in "${text}": ${error.reason}`, {
        expression: text,
        position: error.position,
      })
    : undefined;
}

/** Where feelin's parse tree first has an error (1-based), with its wording (English, for the message). */
function feelSyntaxError(text: string): { position: number; reason: string } | undefined {
  try {
    let errorAt = -1;
    parseExpression(text, {}, undefined).iterate({
      enter: (node) => {
        if (errorAt < 0 && node.type.isError) errorAt = node.from;
      },
    });
    if (errorAt < 0) return undefined;
    const position = errorAt + 1;
    try {
      evaluate(text, {}); // only for feelin's wording of the syntax error
    } catch (err) {
      return { position, reason: (err as Error).message };
    }
    return { position, reason: `unexpected input at position ${position}` };
  } catch (err) {
    return { position: 1, reason: (err as Error).message };
  }
}

/** A literal ISO-8601 duration (P5D, PT4H, P1W, P1DT2H30M); months/years only on the natural calendar. */
export function checkIsoDuration(value: string, calendar?: CalendarKind): Problem | undefined {
  const v = String(value ?? '').trim();
  try {
    const o = parseIsoDuration(v).toObject();
    if (calendar === 'workday' && (o.years || o.quarters || o.months))
      return problemOf(
        'duration.workday-months',
        `duration "${v}": months and years are not defined on the workday calendar (use days or weeks, or calendar "natural")`,
        { value: v },
      );
    const horizon = horizonError(v, calendar);
    if (!horizon) return undefined;
    return calendar === 'workday'
      ? problemOf('duration.too-long-workdays', horizon, { value: v, limit: MAX_HORIZON_WORKDAYS })
      : problemOf('duration.too-long', horizon, { value: v, limit: MAX_HORIZON_DAYS });
  } catch (err) {
    const why = /": (.*)$/.exec((err as Error).message)?.[1];
    return problemOf('duration.invalid', `bad ISO-8601 duration "${v}"${why ? ` (${why})` : ''}`, {
      value: v,
    });
  }
}

/** An ISO-8601 duration or a FEEL expression ('=...') that yields one at run time. */
export function checkDuration(value: string, calendar?: CalendarKind): Problem | undefined {
  const v = String(value ?? '').trim();
  return v.startsWith('=') ? checkFeel(v) : checkIsoDuration(v, calendar);
}

const DATE_TIME_EXAMPLE = '2026-03-01T09:00:00+08:00';

/** An ISO-8601 date-time (at least a calendar date) or a FEEL expression. */
export function checkDateTime(value: string): Problem | undefined {
  const v = String(value ?? '').trim();
  if (v.startsWith('=')) return checkFeel(v);
  return /^\d{4}-\d{2}-\d{2}/.test(v) && DateTime.fromISO(v, { setZone: true }).isValid
    ? undefined
    : problemOf('date-time.invalid', `bad ISO-8601 date-time "${v}" (expected e.g. ${DATE_TIME_EXAMPLE})`, {
        value: v,
        example: DATE_TIME_EXAMPLE,
      });
}

const CYCLE_EXAMPLE = 'R3/PT10M';

/** A repeating interval R[n]/<duration> (n ≥ 1, or absent = unbounded) or a FEEL expression. */
export function checkCycle(value: string, calendar?: CalendarKind): Problem | undefined {
  const v = String(value ?? '').trim();
  if (v.startsWith('=')) return checkFeel(v);
  const m = /^R(\d*)\/(.+)$/.exec(v);
  if (!m)
    return problemOf(
      'cycle.invalid',
      `bad timer cycle "${v}" (expected R[n]/<duration>, e.g. ${CYCLE_EXAMPLE})`,
      { value: v, example: CYCLE_EXAMPLE },
    );
  if (m[1] !== '' && Number(m[1]) < 1)
    return problemOf('cycle.repeat', `bad timer cycle "${v}": it must repeat at least once`, { value: v });
  const err = checkIsoDuration(m[2], calendar);
  return err ? causedBy('cycle.duration', `bad timer cycle "${v}"`, err, { value: v }) : undefined;
}

export function checkCalendar(value: unknown): Problem | undefined {
  if (value === undefined) return undefined;
  return CALENDARS.includes(value as CalendarKind)
    ? undefined
    : problemOf(
        'calendar.unknown',
        `unknown calendar "${String(value)}" (expected ${CALENDARS.join(' or ')})`,
        {
          value: String(value),
          allowed: [...CALENDARS],
        },
      );
}

export const TIMER_PROPERTIES = ['timeDuration', 'timeDate', 'timeCycle'] as const;

/** Which of timeDuration / timeDate / timeCycle a timer event definition declares. */
export function checkTimerProperties(present: readonly string[]): Problem | undefined {
  if (present.length === 0)
    return problemOf('timer.none', 'timer needs a timeDuration, timeDate or timeCycle');
  if (present.length > 1)
    return problemOf('timer.several', `timer declares ${present.join(' and ')}: use exactly one`, {
      properties: [...present],
    });
  return undefined;
}

/** Where a timer sits: an intermediate catch event or a boundary event. */
export type TimerPlacement = 'catch' | 'interrupting' | 'non-interrupting';

export function checkTimer(spec: TimerSpec, placement: TimerPlacement): Problem[] {
  const errors: Problem[] = [];
  const calendarError = checkCalendar(spec.calendar);
  if (calendarError) errors.push(calendarError);
  const calendar = calendarError ? undefined : spec.calendar;
  if (spec.kind === 'cycle' && placement !== 'non-interrupting')
    errors.push(
      problemOf(
        'timer.cycle-placement',
        'a timer cycle (timeCycle) is only supported on a non-interrupting boundary event',
      ),
    );
  if (!spec.expr) {
    const property = spec.kind === 'date' ? 'timeDate' : spec.kind === 'cycle' ? 'timeCycle' : 'timeDuration';
    errors.push(problemOf('timer.empty', `empty ${property}`, { property }));
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
export function checkExpressionLanguage(language: unknown): Problem | undefined {
  if (language === undefined || language === null || language === '') return undefined;
  return /feel/i.test(String(language))
    ? undefined
    : problemOf(
        'expression.language',
        `unsupported expression language "${String(language)}": write conditions in FEEL`,
        { language: String(language) },
      );
}

// ---------------------------------------------------------------- grid extension

export function checkWarnAt(value: unknown): Problem | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' && value > 0 && value < 1
    ? undefined
    : problemOf(
        'grid.warn-at',
        `grid:warnAt must be a number between 0 and 1 (exclusive), got ${String(value)}`,
        {
          value: String(value),
        },
      );
}

export function checkRetries(value: unknown): Problem | undefined {
  if (value === undefined) return undefined;
  return Number.isInteger(value) && (value as number) >= 0
    ? undefined
    : problemOf('grid.retries', `grid:retries must be a whole number ≥ 0, got ${String(value)}`, {
        value: String(value),
      });
}

export function checkFormKey(value: unknown): Problem | undefined {
  if (value === undefined) return undefined;
  return /^[a-z0-9-]+$/.test(String(value))
    ? undefined
    : problemOf(
        'grid.form-key',
        `grid:formKey "${String(value)}" must match [a-z0-9-]+ (lower-case letters, digits and '-')`,
        { formKey: String(value) },
      );
}

export function checkLevel(level: string, levels: readonly string[]): Problem | undefined {
  return levels.includes(level)
    ? undefined
    : problemOf('level.unknown', `unknown grid level "${level}" (known: ${levels.join(', ')})`, {
        level,
        known: [...levels],
      });
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
): Problem[] {
  const errors: Problem[] = [];
  const taskIdx = taskLevel !== undefined ? levels.indexOf(taskLevel) : -1;
  let previous: { level: string; idx: number } | undefined;
  steps.forEach((s, i) => {
    // each problem names its rung: `step` (the UI prefixes its words), "escalation step n: " in English
    const step = i + 1;
    const push = (p: Problem | undefined) => {
      if (p)
        errors.push({
          code: p.code,
          params: { ...p.params, step },
          message: `escalation step ${step}: ${p.message}`,
        });
    };
    if (!s.level) push(problemOf('escalation.level-missing', 'missing level'));
    else {
      const idx = levels.indexOf(s.level);
      if (idx < 0) push(checkLevel(s.level, levels));
      else if (taskIdx >= 0 && idx <= taskIdx)
        push(
          problemOf(
            'escalation.level-not-above-task',
            `level "${s.level}" is not above the task's level "${taskLevel}"`,
            { level: s.level, taskLevel },
          ),
        );
      else if (previous && idx <= previous.idx)
        push(
          problemOf(
            'escalation.level-not-above-previous',
            `level "${s.level}" is not above the previous step's level "${previous.level}"`,
            { level: s.level, previous: previous.level },
          ),
        );
      if (idx >= 0) previous = { level: s.level, idx };
    }
    const calendarError = checkCalendar(s.calendar);
    push(calendarError);
    const calendar = calendarError ? undefined : ((s.calendar as CalendarKind | undefined) ?? taskCalendar);
    if (s.sla === undefined || !String(s.sla).trim())
      push(problemOf('escalation.sla-missing', 'missing sla'));
    else push(checkDuration(s.sla, calendar));
  });
  return errors;
}

/** supervisionCycle: a literal ISO duration, valid on every calendar the task's SLA windows use. */
export function checkSupervisionCycle(
  value: string,
  calendars: readonly CalendarKind[],
): Problem | undefined {
  const v = String(value ?? '').trim();
  if (v.startsWith('='))
    return problemOf(
      'supervision-cycle.feel',
      'supervisionCycle must be a literal ISO-8601 duration (FEEL is not supported here)',
    );
  const err = checkIsoDuration(v, calendars.includes('workday') ? 'workday' : 'natural');
  return err ? causedBy('supervision-cycle.invalid', 'supervisionCycle', err) : undefined;
}

/** Ids become keys of stored documents and parts of job ids. */
export function checkElementId(id: string): Problem | undefined {
  return /[.\s/]/.test(id) || id.startsWith('$')
    ? problemOf(
        'element.id',
        `element id "${id}" must not contain ".", "/" or whitespace, nor start with "$"`,
        {
          id,
        },
      )
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
  if (!process.id)
    errors.push({
      elementId: DOCUMENT_ID,
      message: 'process without an id',
      code: 'process.no-id',
      params: {},
    });
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
        code: 'default-flow.not-outgoing',
        params: { flow: n.defaultFlow },
      });
    else if (flows[n.defaultFlow]?.condition !== undefined)
      errors.push({
        elementId: n.defaultFlow,
        message: 'a default flow must not carry a condition',
        code: 'default-flow.condition',
        params: {},
      });
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
            code: 'parallel-gateway.condition',
            params: { gateway: n.id },
          });
      continue;
    }
    if ((n.kind !== 'exclusiveGateway' && n.kind !== 'inclusiveGateway') || n.outgoing.length < 2) continue;
    const unconditioned = n.outgoing.filter((f) => f !== n.defaultFlow && flows[f]?.condition === undefined);
    if (!unconditioned.length) continue;
    if (n.defaultFlow === undefined) {
      const none = unconditioned.length === n.outgoing.length;
      errors.push({
        elementId: n.id,
        message: none
          ? 'gateway without default and without conditions'
          : `gateway without default and without conditions on every outgoing flow (none on ${unconditioned.join(', ')})`,
        code: none ? 'gateway.no-conditions' : 'gateway.missing-conditions',
        params: none ? {} : { flows: unconditioned },
      });
    } else {
      for (const f of unconditioned)
        errors.push({
          elementId: f,
          message: `flow leaving gateway "${n.id}" needs a condition (only the default flow may have none)`,
          code: 'gateway.flow-condition',
          params: { gateway: n.id },
        });
    }
  }
  return errors;
}
