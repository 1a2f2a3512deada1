// A time budget for FEEL expressions that can run long. feelin is a synchronous tree-walking interpreter
// with no step counter, so an expression such as `count(for i in 1..3000, j in 1..3000 return 1)` or a
// catastrophic regular expression in `matches(...)` would hold the event loop for seconds. Expressions
// that may iterate (see feel-cost.ts) are evaluated here instead: in a worker thread, while the caller
// waits synchronously (Atomics.wait) for at most the budget. Past it the worker is terminated, a fresh one
// is started in the background, and the caller gets a FeelBudgetError; the event loop was held for the
// budget at most.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Default evaluation budget of one expression, in ms (FEEL_BUDGET_MS). */
export const DEFAULT_FEEL_BUDGET_MS = 50;

export class FeelBudgetError extends Error {
  readonly code = 'feel.budget';
  constructor(readonly budgetMs: number) {
    super(`evaluation exceeded its budget of ${budgetMs} ms`);
    this.name = 'FeelBudgetError';
  }
}

/**
 * The sandbox could not run the expression, which says nothing of the expression: a transient failure, so the
 * step job is retried by the queue rather than parked as an incident against a model that is fine.
 * - `starting`: the worker is still starting (after a budget breach, or at the very first use);
 * - `busy`: the worker never picked the expression up within the budget (threads starved of CPU).
 */
export class SandboxUnavailable extends Error {
  readonly code: 'feel.sandbox-starting' | 'feel.sandbox-busy';
  readonly transient = true;
  constructor(readonly reason: 'starting' | 'busy') {
    super(
      reason === 'starting'
        ? 'the FEEL sandbox is starting: try again'
        : 'the FEEL sandbox did not get to run the expression in time: try again',
    );
    this.name = 'SandboxUnavailable';
    this.code = reason === 'starting' ? 'feel.sandbox-starting' : 'feel.sandbox-busy';
  }
}

export type SandboxReply = { ok: true; value: unknown } | { ok: false; message: string };

// The worker's source: CommonJS run with eval, importing feelin by the absolute URL resolved here, so it
// needs no TypeScript loader and no file of its own.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.shared);
const port = workerData.port;
const plain = (v) => {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const name = (v.constructor && v.constructor.name) || '';
    if (name.startsWith('Feel') || name === 'DateTime' || name === 'Duration') return String(v);
  }
  return v;
};
import(workerData.feelin).then(({ evaluate, unaryTest }) => {
  // the first evaluation of a fresh worker builds the parser and compiles the interpreter's hot paths: paid
  // here, before READY, not inside the first expression's budget
  try {
    evaluate('count(for i in 1..2, j in 1..2 return i + j) > 0 and matches("ab", "a+b")', {});
    unaryTest('>= 1, "x"', { '?': 1 });
  } catch {}
  port.on('message', ({ expr, context, unary }) => {
    Atomics.store(flag, 0, 3); // WORKING: the budget is now the expression's own
    try {
      port.postMessage({ ok: true, value: plain((unary ? unaryTest : evaluate)(expr, context).value) });
    } catch (err) {
      try {
        port.postMessage({ ok: false, message: String((err && err.message) || err) });
      } catch {
        port.postMessage({ ok: false, message: 'the result cannot be returned' });
      }
    }
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
  Atomics.store(flag, 0, 2);
  Atomics.notify(flag, 0);
});
`;

// flag values: 0 idle (a request posted, not picked up yet), 1 a reply is posted, 2 the worker is ready,
// 3 the worker is evaluating (set without a notify: the caller's wait goes on until the reply)
const IDLE = 0;
const READY = 2;
const WORKING = 3;

interface Slot {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
  ready: boolean;
}

let slot: Slot | undefined;
const feelinUrl = import.meta.resolve('feelin');

function spawn(): Slot {
  const shared = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { shared, port: port2, feelin: feelinUrl },
    transferList: [port2],
    // a runaway evaluation must not take the process's memory with it
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  worker.unref();
  port1.unref();
  const s: Slot = { worker, port: port1, flag: new Int32Array(shared), ready: false };
  worker.on('error', () => {
    if (slot === s) slot = undefined;
  });
  worker.on('exit', () => {
    if (slot === s) slot = undefined;
  });
  return s;
}

/** Starts the worker ahead of the first expression that needs it; resolves once it is ready. */
export async function warmFeelSandbox(timeoutMs = 30_000): Promise<void> {
  const s = (slot ??= spawn());
  const deadline = Date.now() + timeoutMs;
  // once ready, the flag moves on to the states of evaluations: `ready` remembers it
  while (!s.ready && Atomics.load(s.flag, 0) !== READY && slot === s && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 5)); // a timer keeps the process waiting
  if (!s.ready && Atomics.load(s.flag, 0) !== READY) throw new Error('the FEEL sandbox did not start');
  s.ready = true;
}

/** Stops the worker (tests, shutdown). */
export async function closeFeelSandbox(): Promise<void> {
  const s = slot;
  slot = undefined;
  if (s) await s.worker.terminate();
}

/**
 * Evaluates a FEEL expression (without the leading '=') or DMN unary tests in the worker, waiting at most
 * `budgetMs`.
 * Throws FeelBudgetError when the budget runs out while the expression runs, SandboxUnavailable
 * (transient) when the worker could not start on it in time; other failures come back as { ok: false }.
 */
export function evaluateInSandbox(
  expr: string,
  context: Record<string, unknown>,
  budgetMs = DEFAULT_FEEL_BUDGET_MS,
  /** `unaryTests`: a DMN input entry tested against `context['?']` (engine/dmn) */
  mode: 'expression' | 'unaryTests' = 'expression',
): SandboxReply {
  const s = (slot ??= spawn());
  if (!s.ready) {
    // a fresh worker is loading feelin: wait for it within the budget, never longer
    Atomics.wait(s.flag, 0, IDLE, budgetMs);
    if (Atomics.load(s.flag, 0) !== READY) throw new SandboxUnavailable('starting');
    s.ready = true;
  }
  Atomics.store(s.flag, 0, IDLE);
  s.port.postMessage({ expr, context, unary: mode === 'unaryTests' });
  // wait while the flag is IDLE or WORKING (3, stored without a notify): the worker may store WORKING before
  // this thread reaches its wait, which then returns at once ('not-equal'), so wait again on WORKING until
  // the reply's notify or the budget's end
  const deadline = performance.now() + budgetMs;
  let state = Atomics.load(s.flag, 0);
  while (state === IDLE || state === WORKING) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    Atomics.wait(s.flag, 0, state, left);
    state = Atomics.load(s.flag, 0);
  }
  const reply = receiveMessageOnPort(s.port);
  if (!reply && (state === IDLE || state === WORKING)) {
    // still IDLE: the worker never started on it (starved of CPU), so the expression is not to blame
    const started = state !== IDLE;
    // either way its late reply must not answer the next request: a fresh worker
    void s.worker.terminate();
    slot = spawn(); // ready for the next expression by the time it comes, most likely
    if (!started) throw new SandboxUnavailable('busy');
    throw new FeelBudgetError(budgetMs);
  }
  if (!reply) throw new Error('the FEEL sandbox gave no answer');
  return reply.message as SandboxReply;
}
