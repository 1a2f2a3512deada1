// Remote store: lets several processes share one store host. The embedded NeDB store is single-process,
// so one process (the API, or workers/store-server.ts) hosts it and serves `storeServer(store, token)`;
// worker processes open `openRemoteStore(url, token)`, a Store whose DocCollection operations are forwarded
// over HTTP (JSON, keep-alive). Atomicity is the host's: NeDB runs every operation through one serial
// executor, so a {_id, version} update stays a compare-and-set whoever sends it.
//
// Delivery: every write carries an operation id; the host remembers the answers of recent writes, so a
// client may resend a write whose answer it never got (connection reset, host busy, timeout) without the
// write being applied twice. Reads are simply retried. While the host is unreachable, operations are
// retried with backoff for `retryForMs`, then fail with StoreUnavailableError (the step job then fails
// and BullMQ retries it later).
//
// Documents travel as JSON: numbers, strings, booleans, null, arrays, objects, and Dates (tagged as
// {"$date": <ms>} on the wire and revived on the other side, also inside queries). An undefined value in a
// $set becomes an $unset, as in the other adapters.
import http from 'node:http';
import https from 'node:https';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import {
  COLLECTIONS,
  DuplicateKeyError,
  isDuplicateKeyError,
  type CollectionName,
  type Doc,
  type DocCollection,
  type FindOptions,
  type Query,
  type Store,
  type Update,
  type UpdateResult,
} from './types.js';

/** Header carrying the shared secret between store host and clients. */
export const STORE_TOKEN_HEADER = 'x-grid-store-token';

const READ_OPS = ['findOne', 'find', 'count'] as const;
const WRITE_OPS = ['insert', 'insertManyIgnoreDuplicates', 'updateOne', 'replaceOne', 'deleteMany'] as const;
type Op = (typeof READ_OPS)[number] | (typeof WRITE_OPS)[number];
const OPS = new Set<string>([...READ_OPS, ...WRITE_OPS]);
const WRITES = new Set<string>(WRITE_OPS);
const NAMES = new Set<string>(COLLECTIONS);

interface OpRequest {
  /** operation id, required for writes: a resent write with the same id is answered from memory */
  id?: string;
  c: CollectionName;
  op: Op;
  args: unknown[];
}

interface Answer {
  status: number;
  body: unknown;
}

export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

// ---- host side -------------------------------------------------------------------------------------

export interface StoreServerOptions {
  /** JSON body limit (express.json syntax) */
  limit?: string;
  /** how many recent write answers to remember for resent writes */
  rememberWrites?: number;
  /** how long a write answer is remembered */
  rememberForMs?: number;
}

/**
 * Express router serving `store` to remote clients: POST /op, GET /ping, GET /size, GET /info.
 * Every request must carry the shared secret in the `x-grid-store-token` header.
 * Mount it on the store-hosting process, e.g. `app.use('/internal/store', storeServer(store, token))`.
 */
export function storeServer(store: Store, token: string, opts: StoreServerOptions = {}): Router {
  if (!token) throw new Error('storeServer: a shared secret token is required');
  const secret = Buffer.from(token);
  const maxRemembered = opts.rememberWrites ?? 50_000;
  const rememberFor = opts.rememberForMs ?? 10 * 60_000;
  // answers (or in-flight promises) of recent writes by operation id, oldest first
  const recent = new Map<string, { at: number; answer: Promise<Answer> }>();

  const router = express.Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    const given = Buffer.from(String(req.get(STORE_TOKEN_HEADER) ?? ''));
    if (given.length !== secret.length || !timingSafeEqual(given, secret)) {
      sendJson(res, 401, { error: 'Unauthorized', message: 'bad or missing store token' });
      return;
    }
    next();
  });
  router.use(express.json({ limit: opts.limit ?? '64mb', reviver }));

  router.post('/op', async (req: Request, res: Response) => {
    const body = req.body as Partial<OpRequest> | undefined;
    const problem = checkRequest(body);
    if (problem) {
      sendJson(res, 400, { error: 'BadRequest', message: problem });
      return;
    }
    const { id, c, op, args } = body as OpRequest;
    let answer: Promise<Answer>;
    if (WRITES.has(op)) {
      const now = Date.now();
      const seen = recent.get(id!);
      if (seen) answer = seen.answer;
      else {
        answer = run(store, c, op, args);
        recent.set(id!, { at: now, answer });
        // forget the oldest answers (Map keeps insertion order)
        for (const [k, v] of recent) {
          if (recent.size <= maxRemembered && now - v.at < rememberFor) break;
          recent.delete(k);
        }
      }
    } else answer = run(store, c, op, args);
    const { status, body: out } = await answer;
    sendJson(res, status, out);
  });

  router.get('/ping', async (_req: Request, res: Response) => {
    sendJson(res, 200, { r: await store.ping().catch(() => false) });
  });
  router.get('/size', async (_req: Request, res: Response) => {
    sendJson(res, 200, { r: await store.sizeBytes() });
  });
  router.get('/info', (_req: Request, res: Response) => {
    sendJson(res, 200, { r: { kind: store.kind } });
  });
  return router;
}

function checkRequest(b: Partial<OpRequest> | undefined): string | undefined {
  if (!b || typeof b !== 'object') return 'expected a JSON object {id, c, op, args}';
  if (typeof b.c !== 'string' || !NAMES.has(b.c)) return `unknown collection ${String(b.c)}`;
  if (typeof b.op !== 'string' || !OPS.has(b.op)) return `unknown operation ${String(b.op)}`;
  if (!Array.isArray(b.args) || b.args.length > 3) return 'args must be an array of at most 3 values';
  if (WRITES.has(b.op) && (typeof b.id !== 'string' || !b.id || b.id.length > 100))
    return 'writes need an operation id';
  const [first] = b.args;
  if (b.op === 'insertManyIgnoreDuplicates' ? !Array.isArray(first) : !isObject(first))
    return `first argument of ${b.op} has the wrong type`;
  return undefined;
}

const isObject = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);

// ---- wire format: JSON with tagged Dates ---------------------------------------------------------------

/** JSON.stringify replacer: `this[key]` is the raw value, before Date.prototype.toJSON turned it into a string. */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.getTime() } : value;
}

/** JSON.parse reviver: `{"$date": ms}` back to a Date. */
function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as { $date?: unknown };
    if (typeof v.$date === 'number' && Object.keys(v).length === 1) return new Date(v.$date);
  }
  return value;
}

const toWire = (value: unknown) => JSON.stringify(value, replacer);

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json').send(toWire(body));
}

async function run(store: Store, c: CollectionName, op: Op, args: unknown[]): Promise<Answer> {
  const col = store.collection(c) as DocCollection<Doc>;
  try {
    const result = await (col[op] as (...a: unknown[]) => Promise<unknown>).apply(col, args);
    return { status: 200, body: { r: result ?? null } };
  } catch (err) {
    const e = err as Error;
    if (isDuplicateKeyError(err))
      return { status: 409, body: { error: 'DuplicateKeyError', message: e.message } };
    return { status: 500, body: { error: e?.name ?? 'Error', message: e?.message ?? String(err) } };
  }
}

// ---- client side -----------------------------------------------------------------------------------

export interface RemoteStoreOptions {
  /** keep retrying an unreachable host for this long before failing an operation (default 30 s) */
  retryForMs?: number;
  /** per-request timeout (default 60 s); a timed-out write is resent under the same operation id */
  requestTimeoutMs?: number;
  /** concurrent connections to the host (default 64) */
  maxSockets?: number;
}

const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'ERR_STORE_TIMEOUT',
]);

class RemoteClient {
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly lib: typeof http | typeof https;
  private closed = false;

  constructor(
    url: string,
    private readonly token: string,
    private readonly opts: Required<RemoteStoreOptions>,
  ) {
    this.base = new URL(url.endsWith('/') ? url : url + '/');
    this.lib = this.base.protocol === 'https:' ? https : http;
    this.agent = new this.lib.Agent({ keepAlive: true, maxSockets: opts.maxSockets });
  }

  /** One HTTP exchange; rejects with a retryable error code on transport failures. */
  private once(method: 'GET' | 'POST', path: string, payload?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = this.lib.request(
        new URL(path, this.base),
        {
          method,
          agent: this.agent,
          headers: {
            [STORE_TOKEN_HEADER]: this.token,
            accept: 'application/json',
            ...(payload !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            try {
              body = text ? JSON.parse(text, reviver) : null;
            } catch {
              body = { error: 'BadResponse', message: text.slice(0, 200) };
            }
            resolve({ status: res.statusCode ?? 0, body });
          });
        },
      );
      req.setTimeout(this.opts.requestTimeoutMs, () => {
        const err = new Error(`store request timed out after ${this.opts.requestTimeoutMs} ms`) as Error & {
          code: string;
        };
        err.code = 'ERR_STORE_TIMEOUT';
        req.destroy(err);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Sends with retries on transport errors and 502/503/504 until retryForMs has passed. */
  async send(
    method: 'GET' | 'POST',
    path: string,
    payload?: unknown,
    retryForMs = this.opts.retryForMs,
  ): Promise<unknown> {
    const text = payload === undefined ? undefined : toWire(payload);
    const deadline = Date.now() + retryForMs;
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new StoreUnavailableError('remote store client is closed');
      let answer: Answer | undefined;
      let failure: string;
      try {
        answer = await this.once(method, path, text);
        if (answer.status < 502 || answer.status > 504) return unwrap(answer);
        failure = `store host answered ${answer.status}`;
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (!RETRYABLE_CODES.has(code) && !/socket hang up/i.test((err as Error).message)) throw err;
        failure = `${code || 'error'}: ${(err as Error).message}`;
      }
      if (Date.now() >= deadline)
        throw new StoreUnavailableError(`store host ${this.base.href} unreachable (${failure})`);
      await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** Math.min(attempt, 6))));
    }
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
  }
}

function unwrap(a: Answer): unknown {
  const body = (a.body ?? {}) as { r?: unknown; error?: string; message?: string };
  if (a.status === 200) return body.r;
  if (a.status === 409 && body.error === 'DuplicateKeyError') throw new DuplicateKeyError(body.message);
  const err = new Error(`store host: ${body.message ?? `HTTP ${a.status}`}`);
  err.name = body.error ?? 'RemoteStoreError';
  throw err;
}

/** JSON drops undefined values: turn `$set: {k: undefined}` into `$unset: {k: true}` so nothing is silently kept. */
function jsonSafeUpdate(update: Update): Update {
  const set = update.$set;
  if (!set || !Object.values(set).some((v) => v === undefined)) return update;
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, unknown> = { ...(update.$unset ?? {}) };
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) $unset[k] = true;
    else $set[k] = v;
  }
  const out: Update = { ...update, $unset };
  if (Object.keys($set).length) out.$set = $set;
  else delete out.$set;
  return out;
}

class RemoteCollection<T extends Doc> implements DocCollection<T> {
  constructor(
    private readonly client: RemoteClient,
    private readonly name: CollectionName,
  ) {}

  private call(op: Op, args: unknown[]): Promise<any> {
    const body: OpRequest = { c: this.name, op, args };
    if (WRITES.has(op)) body.id = randomUUID(); // the same id on every resend of this write
    return this.client.send('POST', 'op', body);
  }

  async insert(doc: T): Promise<void> {
    await this.call('insert', [doc]);
  }
  async insertManyIgnoreDuplicates(docs: T[]): Promise<void> {
    if (!docs.length) return;
    await this.call('insertManyIgnoreDuplicates', [docs]);
  }
  findOne(query: Query): Promise<T | null> {
    return this.call('findOne', [query]);
  }
  find(query: Query, options: FindOptions = {}): Promise<T[]> {
    return this.call('find', [query, options]);
  }
  count(query: Query): Promise<number> {
    return this.call('count', [query]);
  }
  updateOne(query: Query, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.call('updateOne', [query, jsonSafeUpdate(update), options]);
  }
  replaceOne(query: Query, doc: T, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.call('replaceOne', [query, doc, options]);
  }
  deleteMany(query: Query): Promise<number> {
    return this.call('deleteMany', [query]);
  }
}

/**
 * Opens a store hosted by another process at `url` (e.g. http://api:3000/internal/store).
 * `kind` reports the host's store kind. close() only closes the connections, never the host's store.
 */
export async function openRemoteStore(
  url: string,
  token: string,
  opts: RemoteStoreOptions = {},
): Promise<Store> {
  const client = new RemoteClient(url, token, {
    retryForMs: opts.retryForMs ?? 30_000,
    requestTimeoutMs: opts.requestTimeoutMs ?? 60_000,
    maxSockets: opts.maxSockets ?? 64,
  });
  const info = (await client.send('GET', 'info')) as { kind: Store['kind'] };
  const collections = new Map<CollectionName, RemoteCollection<Doc>>();
  for (const name of COLLECTIONS) collections.set(name, new RemoteCollection(client, name));
  return {
    kind: info.kind,
    collection<T extends Doc>(name: CollectionName) {
      const c = collections.get(name);
      if (!c) throw new Error(`unknown collection ${name}`);
      return c as unknown as DocCollection<T>;
    },
    async ping() {
      try {
        return (await client.send('GET', 'ping', undefined, 2000)) === true;
      } catch {
        return false;
      }
    },
    async sizeBytes() {
      return (await client.send('GET', 'size')) as number;
    },
    async close() {
      client.close();
    },
  };
}
