// BPMN XML → validated, executable CompiledProcess. Every problem found is reported at once, each with
// the id of the offending element, so the modeler can mark them all. The rules live in validate.ts.
import { DOCUMENT_ID, parseBpmn, type ParseResult } from './parse.js';
import {
  causedBy,
  DeploymentError,
  type CalendarKind,
  type CompiledProcess,
  type DeployError,
  type DeployWarning,
  type FlowNode,
  type GridTaskConfig,
  type NodeKind,
  type SequenceFlow,
} from './types.js';
import {
  checkDefaultFlows,
  checkElementId,
  checkExpressionLanguage,
  checkFeel,
  checkGatewayConditions,
  DEFAULT_LEVELS,
  selectProcess,
  executableProcesses,
  stripFeelMarker,
  type ModdleElement as El,
  type Vertex,
} from './validate.js';
import { checkBoundaryHosts, checkDegrees, checkReachability, checkStartEvents } from './element-rules.js';
import { coded, problem, type CompileCtx } from './compile-parts.js';
import { classifyElement, ELEMENTS } from '../elements/registry.js';
import type { ElementType } from '../elements/element.js';
import { checkReferences, type ReferenceCatalogue } from './validate-references.js';
import { HISTORY_LEVELS, isHistoryLevel, type HistoryLevel } from '../retention/history-level.js';
import { checkTtl, MAX_TTL_DAYS, parseTtlDays } from '../retention/ttl.js';

import { checkWaitFreeCycles } from './cycles.js';
import { compileMultiInstance } from './compile-multi-instance.js';
import { MAX_FLOW_ELEMENTS, MAX_SUBPROCESS_DEPTH } from './limits.js';
export { parseBpmn } from './parse.js';
export { DEFAULT_LEVELS } from './validate.js';

export interface CompileOptions {
  /** grid levels from the lowest to the highest; default grid, zone, community, street, district */
  levels?: string[];
  /** check candidate roles and formKeys against these (deploy and validate; not when recompiling) */
  catalogue?: ReferenceCatalogue;
  /** the process of the document to compile (a collaboration's pool); default: its only executable one */
  processId?: string;
}

/** A document compiled: each executable process, and what was left aside (other tools' metadata). */
export interface CompiledDocument {
  processes: CompiledProcess[];
  warnings: DeployWarning[];
}

/**
 * Parses, validates and compiles every executable process of a document (a collaboration of several pools
 * deploys each); throws one DeploymentError carrying every problem of every process.
 */
export async function compileDocument(xml: string, opts: CompileOptions = {}): Promise<CompiledDocument> {
  const parsed = await parseBpmn(xml);
  if (opts.processId !== undefined)
    return { processes: [compileParsed(parsed, opts)], warnings: parsed.ignored };
  const executable = executableProcesses(parsed.definitions).filter((p) => typeof p.id === 'string');
  if (executable.length <= 1) return withCallChecks([compileParsed(parsed, opts)], parsed.ignored, opts);
  const processes: CompiledProcess[] = [];
  const errors: DeployError[] = [];
  for (const p of executable) {
    try {
      processes.push(compileParsed(parsed, { ...opts, processId: p.id }));
    } catch (err) {
      if (!(err instanceof DeploymentError)) throw err;
      errors.push(...err.details);
    }
  }
  if (errors.length) throw new DeploymentError(dedupe(errors));
  return withCallChecks(processes, parsed.ignored, opts);
}

/**
 * The document-wide checks of call activities: a deployment binding must name a process of the same
 * document (refused otherwise); a calledElement that is neither deployed nor in the document deploys with a
 * warning — the called process may be deployed later (as Camunda allows) — and an incident at run time.
 */
function withCallChecks(
  processes: CompiledProcess[],
  warnings: DeployWarning[],
  opts: CompileOptions,
): CompiledDocument {
  const here = new Set(processes.map((p) => p.key));
  const errors: DeployError[] = [];
  const more: DeployWarning[] = [];
  for (const p of processes)
    for (const n of Object.values(p.nodes)) {
      if (!n.call) continue;
      const { key, binding } = n.call;
      if (binding === 'deployment' && !here.has(key))
        errors.push({
          elementId: n.id,
          code: 'call-activity.deployment-binding',
          params: { elementId: n.id, key },
          message: `grid:calledBinding="deployment" calls the version deployed with this document, but it holds no executable process ${key}`,
        });
      else if (opts.catalogue?.processes && !here.has(key) && !opts.catalogue.processes.has(key))
        more.push({
          elementId: n.id,
          code: 'call-activity.unknown-process',
          params: { elementId: n.id, key },
          message: `no process ${key} is deployed yet: a case reaching ${n.id} before it is gets an incident`,
        });
    }
  if (errors.length) throw new DeploymentError(errors);
  return { processes, warnings: [...warnings, ...more] };
}

/** Parses, validates and compiles one process (`opts.processId`, else the document's only executable one). */
export async function compileDefinition(xml: string, opts: CompileOptions = {}): Promise<CompiledProcess> {
  return compileParsed(await parseBpmn(xml), opts);
}

function compileParsed(parsed: ParseResult, opts: CompileOptions): CompiledProcess {
  const levels = opts.levels?.length ? opts.levels : DEFAULT_LEVELS;
  const errors: DeployError[] = [...parsed.problems];
  const picked = selectProcess(parsed.definitions, opts.processId);
  errors.push(...picked.errors);
  const process = picked.process;
  if (!process?.id) throw new DeploymentError(dedupe(errors));

  const ctx: Ctx = {
    levels,
    errors,
    flagged: new Set(parsed.problems.map((p) => p.elementId)),
    nodes: {},
    flows: [],
    skipped: new Set(),
  };
  walk(ctx, process.flowElements ?? [], undefined, process.id);
  const count = Object.keys(ctx.nodes).length + ctx.flows.length;
  if (count > MAX_FLOW_ELEMENTS)
    throw new DeploymentError([
      {
        elementId: process.id,
        message: `${count} flow elements: at most ${MAX_FLOW_ELEMENTS} are allowed in one process`,
        code: 'limit.flow-elements',
        params: { limit: MAX_FLOW_ELEMENTS, count },
      },
    ]);
  wire(ctx);

  const { nodes } = ctx;
  const flows: Record<string, SequenceFlow> = {};
  for (const f of ctx.flows) flows[f.flow.id] = f.flow;
  for (const n of Object.values(nodes)) {
    if (n.kind === 'unsupported' || !ELEMENTS[n.kind].scope) continue;
    // an event sub-process starts at the start event with its trigger
    const starts = Object.values(nodes).filter((c) => c.parent === n.id);
    n.startNode = (
      starts.find((c) => c.kind === 'startEvent') ?? starts.find((c) => c.kind === 'eventSubProcessStart')
    )?.id;
  }
  errors.push(
    ...checkStartEvents(nodes, process.id),
    // a boundary whose attachedToRef did not resolve was reported by the parser
    ...checkBoundaryHosts(nodes).filter(
      (e) => !(ctx.flagged.has(e.elementId) && !nodes[e.elementId]?.attachedTo),
    ),
    ...checkDefaultFlows(nodes, flows),
    ...checkGatewayConditions(nodes, flows),
    ...checkReferences(nodes, opts.catalogue),
    ...Object.values(nodes).flatMap((n) =>
      n.kind === 'unsupported' ? [] : ((ELEMENTS[n.kind] as ElementType).checkGraph?.(n, nodes, flows) ?? []),
    ),
  );
  // with elements dropped by the parser the graph is incomplete: degree/reachability errors would be noise
  if (!parsed.incomplete)
    errors.push(
      ...checkDegrees(nodes),
      ...checkReachability(nodes, flows),
      ...checkWaitFreeCycles(nodes, flows),
    );
  const title = typeof process.title === 'string' && process.title.trim() ? process.title.trim() : undefined;
  if (title !== undefined) {
    const err = checkFeel(title);
    if (err) errors.push({ elementId: process.id, ...causedBy('process.title', 'grid:title', err) });
  }
  const retention = retentionOf(process, process.id);
  errors.push(...retention.errors);
  if (errors.length) throw new DeploymentError(dedupe(errors));

  // no errors: every vertex is a supported FlowNode
  const compiled = nodes as Record<string, FlowNode>;
  return {
    key: process.id,
    name: picked.name,
    ...(title !== undefined ? { title } : {}),
    startNode: (Object.values(compiled).find((n) => n.kind === 'startEvent' && n.parent === undefined) ??
      Object.values(compiled).find((n) => ELEMENTS[n.kind].shape === 'start' && n.parent === undefined))!.id,
    nodes: compiled,
    flows,
    inclusiveUpstream: inclusiveUpstream(compiled, flows),
    levels,
    ...(retention.level !== undefined ? { historyLevel: retention.level } : {}),
    ...(retention.ttlDays !== undefined ? { historyTtlDays: retention.ttlDays } : {}),
  };
}

/** grid:historyLevel and grid:historyTimeToLive of the process, or the problems with them. */
function retentionOf(
  process: El,
  elementId: string,
): { level?: HistoryLevel; ttlDays?: number; errors: DeployError[] } {
  const errors: DeployError[] = [];
  const rawLevel = typeof process.historyLevel === 'string' ? process.historyLevel.trim() : undefined;
  const level = rawLevel ? rawLevel : undefined;
  if (level !== undefined && !isHistoryLevel(level))
    errors.push({
      elementId,
      message: `grid:historyLevel "${level}" must be one of ${HISTORY_LEVELS.join(', ')}`,
      code: 'history.level',
      params: { value: level, allowed: [...HISTORY_LEVELS] },
    });
  const rawTtl = typeof process.historyTimeToLive === 'string' ? process.historyTimeToLive : undefined;
  const ttlError = rawTtl !== undefined ? checkTtl(rawTtl) : undefined;
  if (ttlError)
    errors.push({
      elementId,
      message: ttlError,
      code: 'history.ttl',
      params: { value: rawTtl, max: `P${MAX_TTL_DAYS}D` },
    });
  return {
    level: level !== undefined && isHistoryLevel(level) ? level : undefined,
    ttlDays: rawTtl !== undefined ? parseTtlDays(rawTtl) : undefined,
    errors,
  };
}

interface Ctx extends CompileCtx {
  nodes: Record<string, Vertex>;
  flows: Array<{ flow: SequenceFlow; scope?: string; el: El }>;
  /** ids inside unsupported containers: not compiled, flows to them not reported again */
  skipped: Set<string>;
}

function walk(ctx: Ctx, elements: El[], parent: string | undefined, processId: string, depth = 0): void {
  for (const el of elements) {
    if (!el.id) {
      coded(ctx, parent ?? processId, 'element.no-id', `${el.$type} without an id`, { bpmnType: el.$type });
      continue;
    }
    problem(ctx, el.id, checkElementId(el.id));
    if (el.$type === 'bpmn:SequenceFlow') {
      ctx.flows.push({ flow: compileFlow(ctx, el), scope: parent, el });
      continue;
    }
    const c = classifyElement(el);
    if ('ignored' in c) continue;
    if ('unsupported' in c) {
      problem(ctx, el.id, c.unsupported);
      ctx.nodes[el.id] = {
        ...vertex(el, 'unsupported', parent),
        bpmnType: el.$type,
        attachedTo: el.attachedToRef?.id,
      };
      collectIds(el.flowElements ?? [], ctx.skipped);
      continue;
    }
    ctx.nodes[el.id] = compileNode(ctx, el, c.kind, parent);
    if (!ELEMENTS[c.kind].scope) continue;
    if (depth >= MAX_SUBPROCESS_DEPTH) {
      ctx.errors.push({
        elementId: el.id,
        message: `sub-processes nested more than ${MAX_SUBPROCESS_DEPTH} deep`,
        code: 'limit.subprocess-depth',
        params: { limit: MAX_SUBPROCESS_DEPTH },
      });
      collectIds(el.flowElements ?? [], ctx.skipped);
      continue;
    }
    walk(ctx, el.flowElements ?? [], el.id, processId, depth + 1);
  }
}

function collectIds(elements: El[], into: Set<string>): void {
  for (const el of elements) {
    if (el.id) into.add(el.id);
    collectIds(el.flowElements ?? [], into);
  }
}

function vertex(el: El, kind: NodeKind, parent: string | undefined): FlowNode;
function vertex(el: El, kind: Vertex['kind'], parent: string | undefined): Vertex;
function vertex(el: El, kind: Vertex['kind'], parent: string | undefined): Vertex {
  const v: Vertex = { id: el.id!, kind, incoming: [], outgoing: [], boundaries: [] };
  if (el.name !== undefined) v.name = el.name;
  if (parent !== undefined) v.parent = parent;
  return v;
}

/** Connects flows to their nodes (same scope only) and boundary events to their hosts. */
function wire(ctx: Ctx): void {
  for (const { flow, scope, el } of ctx.flows) {
    const ends = [
      ['source', el.sourceRef?.id],
      ['target', el.targetRef?.id],
    ] as const;
    let ok = true;
    for (const [end, id] of ends) {
      if (id === undefined) {
        ok = false;
        if (!ctx.flagged.has(flow.id))
          coded(
            ctx,
            flow.id,
            end === 'source' ? 'flow.no-source' : 'flow.no-target',
            `sequence flow without a ${end}`,
          );
      } else if (!ctx.nodes[id]) {
        ok = false;
        if (!ctx.skipped.has(id))
          coded(
            ctx,
            flow.id,
            end === 'source' ? 'flow.source-unknown' : 'flow.target-unknown',
            `sequence flow ${end} "${id}" is not a flow node of this process`,
            { node: id },
          );
      } else if (ctx.nodes[id].parent !== scope) {
        ok = false;
        coded(ctx, flow.id, 'flow.crosses-scope', 'sequence flow crosses a sub-process boundary');
      }
    }
    if (!ok) continue;
    ctx.nodes[flow.source].outgoing.push(flow.id);
    ctx.nodes[flow.target].incoming.push(flow.id);
  }
  for (const n of Object.values(ctx.nodes)) {
    if (n.attachedTo !== undefined) ctx.nodes[n.attachedTo]?.boundaries.push(n.id);
  }
}

function compileFlow(ctx: Ctx, el: El): SequenceFlow {
  const f: SequenceFlow = { id: el.id!, source: el.sourceRef?.id, target: el.targetRef?.id };
  if (el.name !== undefined) f.name = el.name;
  if (el.rework === true) f.rework = true;
  const expr = el.conditionExpression;
  if (expr) {
    problem(ctx, f.id, checkExpressionLanguage(expr.language));
    const body = String(expr.body ?? '').trim();
    if (body) {
      problem(ctx, f.id, checkFeel(body));
      f.condition = stripFeelMarker(body);
    }
  }
  return f;
}

function compileNode(ctx: Ctx, el: El, kind: NodeKind, parent: string | undefined): FlowNode {
  const n = vertex(el, kind, parent);
  const id = n.id;
  const type = ELEMENTS[kind] as ElementType;
  const extensions: El[] = el.extensionElements?.values ?? [];
  if (!type.escalates && extensions.some((v) => v.$type === 'grid:Escalation'))
    coded(ctx, id, 'grid.escalation-placement', 'grid:escalation is only supported on user tasks');
  if (!type.correlates) {
    if (extensions.some((v) => v.$type === 'grid:Subscription'))
      coded(
        ctx,
        id,
        'grid.correlation-placement',
        'grid:subscription is only supported on message catch events, receive tasks and message boundary events',
        { attribute: 'subscription' },
      );
    if (el.correlationKey !== undefined)
      coded(
        ctx,
        id,
        'grid.correlation-placement',
        'grid:correlationKey is only supported on message catch events, receive tasks and message boundary events',
        { attribute: 'correlationKey' },
      );
  }
  if (el.asyncBefore === true) n.asyncBefore = true;
  if ((type.activity || type.defaultFlow) && el.default?.id) n.defaultFlow = el.default.id;
  if (type.shape === 'boundary') {
    if (el.attachedToRef?.id !== undefined) n.attachedTo = el.attachedToRef.id;
    n.cancelActivity = el.cancelActivity !== false;
  }
  type.compile?.(ctx, el, n);
  if (el.loopCharacteristics) compileMultiInstance(ctx, el, n);
  return n;
}

/**
 * For each inclusive join (more than one incoming flow): the nodes of its scope from which it can still be
 * reached without passing through it. Boundary events count as successors of their host, so a host is
 * upstream when one of its boundary paths leads to the join; a sub-process is one node of its parent scope.
 */
export function inclusiveUpstream(
  nodes: Record<string, FlowNode>,
  flows: Record<string, SequenceFlow>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const gw of Object.values(nodes)) {
    if (gw.kind !== 'inclusiveGateway' || gw.incoming.length < 2) continue;
    const seen = new Set<string>();
    const stack = gw.incoming.map((f) => flows[f].source);
    while (stack.length) {
      const id = stack.pop()!;
      if (id === gw.id || seen.has(id)) continue;
      seen.add(id);
      const n = nodes[id];
      stack.push(...n.incoming.map((f) => flows[f].source));
      if (n.attachedTo !== undefined) stack.push(n.attachedTo);
    }
    out[gw.id] = [...seen].sort();
  }
  return out;
}

function dedupe(errors: DeployError[]): DeployError[] {
  const seen = new Set<string>();
  const out = errors.filter((e) => {
    const k = `${e.elementId}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return out.length
    ? out
    : [
        {
          elementId: DOCUMENT_ID,
          message: 'invalid process definition',
          code: 'process.invalid',
          params: {},
        },
      ];
}

export interface ProcessSummary {
  key: string;
  name?: string;
  nodes: Array<{
    id: string;
    kind: NodeKind;
    name?: string;
    level?: string;
    sla?: { duration: string; calendar: CalendarKind };
    formKey?: string;
    /** the form version this definition version pinned (GET /api/forms/:id serves it) */
    formVersion?: string;
    candidateRoles?: string[];
    ladder?: GridTaskConfig['ladder'];
  }>;
  flows: number;
  /** the form a case is opened with: its fields are the only variables a starter may set */
  startFormKey?: string;
  /** its pinned version, when the deployment pinned one */
  startFormVersion?: string;
  /** a case can be opened by hand (the process has a none start event), not only by a timer or a message */
  manualStart: boolean;
  /** its timer and message start events: what opens cases by itself */
  eventStarts?: Array<{
    id: string;
    kind: 'timer' | 'message';
    timer?: { kind: string; expr: string; calendar: CalendarKind };
    message?: string;
    startUnit?: string;
  }>;
}

/**
 * The start form of a process: its start event's grid:formKey, else the form of the user task a new case
 * reaches first (through events and gateways, not through other activities). Whoever opens a case fills that form (the report), and the
 * task is then pre-filled with it; nothing else can be set at start.
 */
export function startFormKey(p: CompiledProcess): string | undefined {
  if (p.nodes[p.startNode]?.formKey) return p.nodes[p.startNode].formKey;
  const seen = new Set<string>();
  const queue = [p.startNode];
  while (queue.length) {
    const n = p.nodes[queue.shift()!];
    if (!n || seen.has(n.id)) continue;
    seen.add(n.id);
    if (n.kind === 'userTask') {
      if (n.grid?.formKey) return n.grid.formKey;
      continue;
    }
    if (ELEMENTS[n.kind].activity) continue;
    for (const f of n.outgoing) if (p.flows[f]) queue.push(p.flows[f].target);
  }
  return undefined;
}

/** A compact view for the API and the modeler. */
export function summarize(p: CompiledProcess): ProcessSummary {
  const start = startFormKey(p);
  const eventStarts: NonNullable<ProcessSummary['eventStarts']> = Object.values(p.nodes).flatMap((n) =>
    n.kind === 'timerStart' || n.kind === 'messageStart'
      ? [
          {
            id: n.id,
            kind: n.kind === 'timerStart' ? ('timer' as const) : ('message' as const),
            ...(n.timer ? { timer: n.timer } : {}),
            ...(n.message ? { message: n.message.name } : {}),
            ...(n.startUnit !== undefined ? { startUnit: n.startUnit } : {}),
          },
        ]
      : [],
  );
  return {
    key: p.key,
    name: p.name,
    nodes: Object.values(p.nodes).map((n) => {
      const s: ProcessSummary['nodes'][number] = { id: n.id, kind: n.kind };
      if (n.name !== undefined) s.name = n.name;
      if (n.grid?.level !== undefined) s.level = n.grid.level;
      if (n.grid?.sla) s.sla = n.grid.sla;
      if (n.grid?.formKey !== undefined) {
        // the key as drawn; the version this deployment pinned beside it (engine/model/form-versions.ts)
        s.formKey = n.grid.formKey.split('@')[0];
        if (n.grid.formKey.includes('@')) s.formVersion = n.grid.formKey;
      }
      if (n.grid) s.candidateRoles = n.grid.candidateRoles;
      if (n.grid?.ladder.length) s.ladder = n.grid.ladder;
      return s;
    }),
    flows: Object.keys(p.flows).length,
    startFormKey: start?.split('@')[0],
    ...(start?.includes('@') ? { startFormVersion: start } : {}),
    manualStart: p.nodes[p.startNode]?.kind === 'startEvent',
    ...(eventStarts.length ? { eventStarts } : {}),
  };
}
