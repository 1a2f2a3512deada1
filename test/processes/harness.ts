// Scenario harness for the bundled processes: a fresh engine per scenario (manual clock, seeded org),
// helpers to drive user tasks by element id, move the clock, and collect the coverage of flow nodes and
// sequence flows from history.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { BpmnModdle } from 'bpmn-moddle';
import gridDescriptor from '../../engine/model/grid-moddle.json' with { type: 'json' };
import { PROCESSES_DIR } from '../../engine/engine.js';
import { compileDefinition } from '../../engine/model/compile.js';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import { CommandError } from '../../engine/runtime/transition.js';
import type { HistoryRecord, InstanceState } from '../../engine/runtime/types.js';
import { byNode } from '../engine/drive.js';
import { GRID1, testEngine, type TestEngine } from '../helpers/engine.js';

/** A wall-clock time in Shanghai, e.g. sh('2026-03-05 09:00') → epoch ms. */
export const sh = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
/** ISO date-time with the Shanghai offset, as a form would submit it. */
export const shIso = (local: string) => `${local.replace(' ', 'T')}:00+08:00`;
/** Epoch ms → 'YYYY-MM-DD HH:mm' in Shanghai, for readable assertions. */
export const local = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Flow node ids reached per process key (across every scenario of a file). */
export const reached = new Map<string, Set<string>>();
/** Sequence flow ids taken per process key (from the history's `leave` records). */
export const taken = new Map<string, Set<string>>();

export class Harness {
  private instances: string[] = [];
  constructor(
    readonly t: TestEngine,
    readonly key: string,
  ) {}

  get engine() {
    return this.t.engine;
  }
  get clock() {
    return this.t.clock;
  }

  async start(
    businessKey: string,
    variables: Record<string, unknown> = {},
    actor = 'wangwei',
    gridUnit = GRID1,
  ) {
    const s = await this.engine.start(this.key, { gridUnit, businessKey, variables }, actor);
    this.instances.push(s._id);
    return this.engine.waitForIdle(s._id);
  }

  /** An admin sets a unit's time limits (place configuration read as timeLimits.<name>). */
  async setTimeLimits(unit: string, timeLimits: Record<string, string> | undefined) {
    await this.engine.store.collection('units').updateOne({ _id: unit }, { $set: { timeLimits } });
    this.engine.org.invalidate();
  }

  async open(instanceId: string): Promise<TaskDoc[]> {
    return byNode(await this.engine.openTasksOfCase(instanceId));
  }

  /** The single open task on `nodeId`. */
  async task(instanceId: string, nodeId: string): Promise<TaskDoc> {
    const open = await this.open(instanceId);
    const hits = open.filter((x) => x.nodeId === nodeId);
    expect(
      hits,
      `open task ${nodeId} (open: ${open.map((x) => x.nodeId).join(', ') || 'none'})`,
    ).to.have.length(1);
    return hits[0];
  }

  async openNodes(instanceId: string): Promise<string[]> {
    return (await this.open(instanceId)).map((x) => x.nodeId).sort();
  }

  /** Claims and completes the open task on `nodeId` as `actor`; resolves once the instance is idle. */
  async complete(
    instanceId: string,
    nodeId: string,
    actor: string,
    data: Record<string, unknown> = {},
  ): Promise<InstanceState> {
    const task = await this.task(instanceId, nodeId);
    await this.engine.claim(task._id, actor);
    const done = await this.engine.completeTask(task._id, actor, data);
    expect(done?.status, `${nodeId} completed`).to.equal('completed');
    return this.engine.waitForIdle(instanceId);
  }

  /** Expects completing `nodeId` with `data` to be refused with field errors at exactly these paths. */
  async rejects(instanceId: string, nodeId: string, data: Record<string, unknown>, paths: string[]) {
    const task = await this.task(instanceId, nodeId);
    let err: unknown;
    try {
      await this.engine.completeTask(task._id, 'wangwei', data);
    } catch (e) {
      err = e;
    }
    expect(err, `completing ${nodeId} with bad data`).to.be.instanceOf(CommandError);
    const ce = err as CommandError;
    expect(ce.code).to.equal('invalid');
    expect([...new Set(ce.details.map((d) => d.path))].sort()).to.deep.equal([...paths].sort());
    // the task is untouched
    const after = await this.engine.getTask(task._id);
    expect(after?.status).to.equal('open');
    expect(after?.completing).to.equal(undefined);
    return ce;
  }

  /** Moves the clock to a Shanghai wall time, fires due timers and waits until `until` holds. */
  async advanceTo(
    when: string,
    instanceId: string,
    until: (s: InstanceState) => boolean | Promise<boolean>,
  ): Promise<InstanceState> {
    this.clock.set(sh(when));
    await this.engine.fireDueTimers();
    for (let i = 0; i < 400; i++) {
      const s = await this.engine.waitForIdle(instanceId);
      if (await until(s)) return s;
      if (i % 25 === 24) await this.engine.fireDueTimers(); // timers re-planned by what just fired
      await sleep(15);
    }
    throw new Error(`condition not reached at ${when}`);
  }

  async history(instanceId: string): Promise<HistoryRecord[]> {
    return this.engine.history(instanceId);
  }

  async escalations(instanceId: string) {
    return this.engine.store.collection('escalations').find({ instanceId }, { sort: { firedAt: 1, _id: 1 } });
  }

  /** Users holding one of the task's candidate roles at the task's unit. */
  async candidates(task: TaskDoc): Promise<string[]> {
    return (await this.engine.org.usersWithRoles(task.unit, task.candidateRoles)).sort();
  }

  async close(): Promise<void> {
    try {
      const nodes = reached.get(this.key) ?? new Set<string>();
      const flows = taken.get(this.key) ?? new Set<string>();
      reached.set(this.key, nodes);
      taken.set(this.key, flows);
      for (const id of this.instances) {
        for (const h of await this.engine.history(id)) {
          if (h.elementId) nodes.add(h.elementId);
          // a token leaving a node records the flows it took: "f1" or "f1,f2" (or "end")
          if (h.action === 'leave' && typeof h.to === 'string')
            for (const f of h.to.split(',')) if (f && f !== 'end') flows.add(f);
        }
      }
    } finally {
      await this.t.close();
    }
  }
}

export async function deployFile(file: string): Promise<string> {
  return readFile(path.join(PROCESSES_DIR, file), 'utf8');
}

/** Ids of the sequence flows the compiled definition marks grid:rework (返工 after a failed verification). */
export async function reworkFlows(file: string): Promise<string[]> {
  const def = await compileDefinition(await deployFile(file));
  return Object.values(def.flows)
    .filter((f) => f.rework)
    .map((f) => f.id)
    .sort();
}

/** The bundled decision tables (processes/decisions/*.dmn), which business rule tasks of the processes read. */
export async function deployDecisions(t: TestEngine): Promise<void> {
  const dir = path.join(PROCESSES_DIR, 'decisions');
  for (const f of (await readdir(dir)).filter((x) => x.endsWith('.dmn')).sort())
    await t.engine.decisions.deploy(await readFile(path.join(dir, f), 'utf8'), 'system', t.clock.now());
}

/**
 * Runs a scenario on a fresh engine with `file` (and the bundled decision tables) deployed; history feeds
 * the coverage report.
 */
export async function scenario(file: string, key: string, body: (h: Harness) => Promise<void>) {
  const t = await testEngine();
  const h = new Harness(t, key);
  try {
    await deployDecisions(t);
    const d = await t.engine.deploy(await deployFile(file));
    expect(d.key).to.equal(key);
    await body(h);
  } finally {
    await h.close();
  }
}

export const historyActions = (hist: HistoryRecord[], elementId: string) =>
  hist.filter((x) => x.elementId === elementId).map((x) => x.action);

/** The flows taken each time a token left `elementId`, in order (e.g. a gateway's decisions). */
export const flowsTaken = (hist: HistoryRecord[], elementId: string) =>
  hist.filter((x) => x.elementId === elementId && x.action === 'leave').map((x) => x.to);

/** What no scenario of a file reached: flow node ids and sequence flow ids. */
export interface Uncovered {
  nodes: string[];
  flows: string[];
}

/** Prints the coverage of flow nodes and of sequence flows of a process and returns what was not reached. */
export async function coverageReport(file: string, key: string): Promise<Uncovered> {
  const { nodes, flows } = await elementsOf(file);
  const hit = reached.get(key) ?? new Set<string>();
  const went = taken.get(key) ?? new Set<string>();
  const missingNodes = nodes.filter((n) => !hit.has(n.id));
  const missingFlows = flows.filter((f) => !went.has(f.id));
  const pct = (all: number, missing: number) => ((100 * (all - missing)) / all).toFixed(1);
  const lines = [
    `      element coverage ${key}: ${nodes.length - missingNodes.length}/${nodes.length} flow nodes (${pct(nodes.length, missingNodes.length)}%), ` +
      `${flows.length - missingFlows.length}/${flows.length} sequence flows (${pct(flows.length, missingFlows.length)}%)`,
    ...nodes.map((n) => `        ${hit.has(n.id) ? '✔' : '✘'} ${n.id} ${n.name ?? ''} (${n.type})`),
    ...flows.map(
      (f) => `        ${went.has(f.id) ? '✔' : '✘'} ${f.id} ${f.name ?? ''} (${f.source} → ${f.target})`,
    ),
  ];
  console.log(lines.join('\n'));
  return { nodes: missingNodes.map((n) => n.id), flows: missingFlows.map((f) => f.id) };
}

type El = Record<string, any> & { $type: string; id: string };

async function parse(file: string): Promise<El> {
  const moddle = new BpmnModdle({ grid: gridDescriptor });
  const { rootElement } = (await moddle.fromXML(await deployFile(file), 'bpmn:Definitions')) as any;
  return rootElement;
}

function walk(elements: El[], out: El[] = []): El[] {
  for (const el of elements ?? []) {
    out.push(el);
    if (el.$type === 'bpmn:SubProcess') walk(el.flowElements, out);
  }
  return out;
}

/** Every flow node of the file (events, tasks, gateways, sub-processes, boundary events) and every sequence flow. */
export async function elementsOf(file: string): Promise<{
  nodes: Array<{ id: string; name?: string; type: string }>;
  flows: Array<{ id: string; name?: string; source: string; target: string }>;
}> {
  const defs = await parse(file);
  const proc = defs.rootElements.find((e: El) => e.$type === 'bpmn:Process');
  const all = walk(proc.flowElements);
  return {
    nodes: all
      .filter((e) => e.$type !== 'bpmn:SequenceFlow')
      .map((e) => ({ id: e.id, name: e.name, type: e.$type.replace('bpmn:', '') })),
    flows: all
      .filter((e) => e.$type === 'bpmn:SequenceFlow')
      .map((e) => ({ id: e.id, name: e.name, source: e.sourceRef?.id, target: e.targetRef?.id })),
  };
}

const CJK = /[\u4e00-\u9fff]/;

/**
 * Static model checks: executable, a diagram with bounds for every flow node and waypoints for every
 * sequence flow, Chinese names on every node and on every flow leaving a deciding gateway, a form
 * schema for every user task, and a tidy layout (no overlapping shapes, no flow through a shape).
 */
export async function checkModel(file: string, key: string, formKeys: string[]): Promise<void> {
  const defs = await parse(file);
  const proc = defs.rootElements.find((e: El) => e.$type === 'bpmn:Process');
  expect(proc.id).to.equal(key);
  expect(proc.isExecutable).to.equal(true);
  expect(proc.name).to.match(CJK);
  expect(proc.documentation?.[0]?.text ?? '').to.match(CJK);
  const all = walk(proc.flowElements);
  const nodes = all.filter((e) => e.$type !== 'bpmn:SequenceFlow');
  const flows = all.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const plane = defs.diagrams?.[0]?.plane;
  expect(plane, 'bpmndi:BPMNDiagram').to.exist;
  const shapes = new Map<string, El>();
  const edges = new Map<string, El>();
  for (const pe of plane.planeElement as El[]) {
    if (pe.$type === 'bpmndi:BPMNShape') shapes.set(pe.bpmnElement.id, pe);
    if (pe.$type === 'bpmndi:BPMNEdge') edges.set(pe.bpmnElement.id, pe);
  }
  const sizes: Record<string, [number, number]> = {
    'bpmn:UserTask': [100, 80],
    'bpmn:ServiceTask': [100, 80],
    'bpmn:ExclusiveGateway': [50, 50],
    'bpmn:ParallelGateway': [50, 50],
    'bpmn:InclusiveGateway': [50, 50],
    'bpmn:StartEvent': [36, 36],
    'bpmn:EndEvent': [36, 36],
    'bpmn:IntermediateCatchEvent': [36, 36],
    'bpmn:IntermediateThrowEvent': [36, 36],
    'bpmn:BoundaryEvent': [36, 36],
  };
  for (const n of nodes) {
    expect(n.name, `${n.id} has a Chinese name`).to.match(CJK);
    const shape = shapes.get(n.id);
    expect(shape, `shape for ${n.id}`).to.exist;
    const b = shape!.bounds;
    expect(b, `bounds for ${n.id}`).to.exist;
    const size = sizes[n.$type];
    if (size) expect([b.width, b.height], `size of ${n.id}`).to.deep.equal(size);
    if (n.$type === 'bpmn:UserTask') {
      expect(n.formKey, `${n.id} has a form`).to.be.a('string');
      expect(formKeys, `form ${n.formKey} exists`).to.include(n.formKey);
      expect(n.candidateRoles, `${n.id} candidate roles`).to.be.a('string');
      expect(n.level, `${n.id} grid level`).to.be.a('string');
    }
  }
  for (const f of flows) {
    const edge = edges.get(f.id);
    expect(edge, `edge for ${f.id}`).to.exist;
    const wp = edge!.waypoint as Array<{ x: number; y: number }>;
    expect(wp.length, `waypoints of ${f.id}`).to.be.at.least(2);
    for (let i = 1; i < wp.length; i++) {
      const orthogonal = wp[i].x === wp[i - 1].x || wp[i].y === wp[i - 1].y;
      expect(orthogonal, `${f.id} segment ${i} is orthogonal`).to.equal(true);
    }
    const src = f.sourceRef;
    const branching = /(Exclusive|Inclusive)Gateway$/.test(src.$type) && (src.outgoing?.length ?? 0) > 1;
    if (f.conditionExpression || branching) expect(f.name, `${f.id} is named`).to.match(CJK);
  }
  checkLayout(nodes, flows, shapes, edges);
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const within = (a: Box, b: Box) =>
  a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;

/**
 * A tidy diagram: no two shapes overlap (a boundary event sits on its host, an element inside its
 * sub-process), and no sequence flow runs through a shape other than its own ends and their sub-processes.
 */
function checkLayout(nodes: El[], flows: El[], shapes: Map<string, El>, edges: Map<string, El>): void {
  const parentOf = new Map<string, string>();
  for (const n of nodes) if (n.$parent?.$type === 'bpmn:SubProcess') parentOf.set(n.id, n.$parent.id);
  /** `outer` is a sub-process around `inner`, at any depth (a sub-process inside a sub-process) */
  const inside = (inner: string, outer: string) => {
    for (let p = parentOf.get(inner), hops = 0; p && hops < 10; p = parentOf.get(p), hops++)
      if (p === outer) return true;
    return false;
  };
  const related = (a: El, b: El) =>
    a.attachedToRef?.id === b.id || b.attachedToRef?.id === a.id || inside(a.id, b.id) || inside(b.id, a.id);
  const box = (id: string) => shapes.get(id)!.bounds as Box;
  for (const [i, a] of nodes.entries()) {
    const parent = parentOf.get(a.id);
    if (parent && a.$type !== 'bpmn:BoundaryEvent')
      expect(within(box(a.id), box(parent)), `${a.id} drawn inside ${parent}`).to.equal(true);
    for (const b of nodes.slice(i + 1))
      if (!related(a, b)) expect(overlaps(box(a.id), box(b.id)), `${a.id} overlaps ${b.id}`).to.equal(false);
  }
  for (const f of flows) {
    const ends = new Set([f.sourceRef.id, f.targetRef.id, f.sourceRef.attachedToRef?.id]);
    for (const end of [f.sourceRef.id, f.targetRef.id]) if (parentOf.has(end)) ends.add(parentOf.get(end));
    const wp = edges.get(f.id)!.waypoint as Array<{ x: number; y: number }>;
    for (const n of nodes) {
      if (ends.has(n.id) || n.$type === 'bpmn:SubProcess') continue;
      const b = box(n.id);
      const inner = { x: b.x + 2, y: b.y + 2, width: b.width - 4, height: b.height - 4 };
      for (let i = 1; i < wp.length; i++) {
        const seg = {
          x: Math.min(wp[i - 1].x, wp[i].x),
          y: Math.min(wp[i - 1].y, wp[i].y),
          width: Math.abs(wp[i].x - wp[i - 1].x) || 0.1,
          height: Math.abs(wp[i].y - wp[i - 1].y) || 0.1,
        };
        expect(overlaps(seg, inner), `${f.id} runs through ${n.id}`).to.equal(false);
      }
    }
  }
}
