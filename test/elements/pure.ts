// A harness for the element semantics as pure functions, (state, command) → (state, effects): no Redis, no
// store, no queue. A process body compiles as it would at deploy; commands are the exported functions of
// engine/runtime/semantics.ts, called with a fixed clock and a fixed unit chain.
import { expect } from 'chai';
import { compileDefinition } from '../../engine/model/compile.js';
import type { CompiledProcess } from '../../engine/model/types.js';
import { createCalendar } from '../../engine/sla/calendar.js';
import { advance, newInstance } from '../../engine/runtime/semantics.js';
import type { Outcome, StepContext } from '../../engine/runtime/transition.js';
import type { Effect, InstanceState, UnitRef } from '../../engine/runtime/types.js';
import { processXml } from '../engine/fixtures.js';

export const NOW = Date.parse('2026-03-02T01:00:00Z'); // a Monday, 09:00 in Shanghai
export const CHAIN: UnitRef[] = [
  { code: 'G1', level: 'grid', name: '第1网格' },
  { code: 'C1', level: 'community', name: '明天社区' },
  { code: 'S1', level: 'street', name: '某街道' },
];
const calendar = createCalendar();

export const compile = (body: string, root = ''): Promise<CompiledProcess> =>
  compileDefinition(processXml('p', body, root));

export const ctxOf = (def: CompiledProcess, now = NOW, actor = 'tester'): StepContext => ({
  def,
  now,
  calendar,
  actor,
});

/** A new case of `def`, run from its start event to its first wait states (the effects of that run). */
export function started(def: CompiledProcess, variables: Record<string, unknown> = {}): Outcome {
  const ctx = ctxOf(def);
  const created = newInstance(ctx, {
    id: 'i1',
    def,
    definitionVersion: 1,
    gridUnit: 'G1',
    unitChain: CHAIN,
    variables,
  });
  const start = Object.values(created.state.tokens)[0];
  return advance(ctx, created.state, start.id);
}

/** Where the tokens are: `node:status[:on]`, sorted. */
export const tokens = (s: InstanceState): string[] =>
  Object.values(s.tokens)
    .map((t) => [t.nodeId, t.status, t.on].filter(Boolean).join(':'))
    .sort();

/** The effects a transition asked for, by type (jobs by name, history by action), in order. */
export const effects = (list: Effect[]): string[] =>
  list.map((e) =>
    e.type === 'job' ? `job:${e.job.name}` : e.type === 'history' ? `history:${e.record.action}` : e.type,
  );

/** The effects without history records (what the I/O edge must do). */
export const actions = (list: Effect[]): string[] => effects(list).filter((e) => !e.startsWith('history:'));

export interface Row {
  name: string;
  /** the process body (start event s … end event e) and definitions-level elements */
  body: string;
  root?: string;
  variables?: Record<string, unknown>;
  /** the command under test, applied to the started case; none: the start itself is under test */
  command?: (ctx: StepContext, state: InstanceState) => Outcome;
  /** expected tokens after the command */
  tokens: string[];
  /** expected effects of the command (history left out) */
  actions?: string[];
  status?: InstanceState['status'];
  check?: (out: Outcome) => void;
}

/** Runs a table of rows as mocha cases. */
export function table(rows: Row[]): void {
  for (const row of rows)
    it(row.name, async () => {
      const def = await compile(row.body, row.root);
      const first = started(def, row.variables);
      const out = row.command ? row.command(ctxOf(def, NOW + 60_000), first.state) : first;
      expect(tokens(out.state), 'tokens').to.deep.equal(row.tokens);
      if (row.actions) expect(actions(out.effects), 'effects').to.deep.equal(row.actions);
      if (row.status) expect(out.state.status).to.equal(row.status);
      row.check?.(out);
    });
}
