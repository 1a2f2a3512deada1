// Harness for the API tests: a real engine (testEngine: real Redis, manual clock, seeded org) behind the
// real express app on an ephemeral port, with per-user sign-in and small request helpers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { createApi, type ApiApp, type ApiOptions } from '../../engine/api/index.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import { testEngine, TEST_PASSWORD, type TestEngine } from '../helpers/engine.js';
import { errorAnswerProblems } from './error-answers.js';

export const SECRET = 'test-secret-0123456789abcdef';

export interface Harness {
  t: TestEngine;
  app: ApiApp;
  server: http.Server;
  base: string;
  token(user: string): Promise<string>;
  /** the token to use for `user` from now on (e.g. the one a password change returned) */
  useToken(user: string, token: string): void;
  get(user: string | null, path: string): Promise<request.Response>;
  post(user: string | null, path: string, body?: unknown): Promise<request.Response>;
  patch(user: string | null, path: string, body: unknown): Promise<request.Response>;
  put(user: string | null, path: string, body: unknown): Promise<request.Response>;
  del(user: string | null, path: string): Promise<request.Response>;
  /** raw supertest against the server */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** An error answer of /api/ seen on the wire: where it came from, to check the route documents its status. */
interface ErrorSeen {
  method: string;
  url: string;
  /** the express route that answered (below /api), when one did */
  route?: string;
  status: number;
}

export async function harness(
  opts: Partial<ApiOptions> = {},
  engineOpts: Parameters<typeof testEngine>[0] = {},
): Promise<Harness> {
  const t = await testEngine(engineOpts);
  const app = createApi(t.engine, { jwtSecret: SECRET, heartbeatMs: 250, ...opts });
  // every JSON error answer of /api/ in the suite must be the documented error body, worded by the UI in
  // either language without the other's sentences (error-answers.ts), with a status its route documents:
  // checked on the wire for every request any API test makes, and asserted when the harness closes
  const wrong: string[] = [];
  const seen: ErrorSeen[] = [];
  const server = http.createServer((req, res) => {
    const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
    res.end = ((...args: unknown[]) => {
      const chunk = args[0];
      const type = String(res.getHeader('content-type') ?? '');
      if (
        req.url?.startsWith('/api/') &&
        res.statusCode >= 400 &&
        type.includes('json') &&
        (typeof chunk === 'string' || Buffer.isBuffer(chunk))
      ) {
        const where = `${req.method} ${req.url} ${res.statusCode}`;
        let body: unknown;
        try {
          body = JSON.parse(String(chunk));
        } catch {
          wrong.push(`${where}: not JSON: ${String(chunk).slice(0, 200)}`);
        }
        if (body !== undefined) {
          for (const problem of errorAnswerProblems(res.statusCode, body))
            wrong.push(`${where}: ${problem} in ${String(chunk).slice(0, 300)}`);
          const route = (req as { route?: { path?: unknown } }).route?.path;
          seen.push({
            method: req.method ?? '',
            url: req.url,
            route: typeof route === 'string' ? route : undefined,
            status: res.statusCode,
          });
        }
      }
      return end(...args);
    }) as typeof res.end;
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens = new Map<string, string>();
  const h: Harness = {
    t,
    app,
    server,
    base,
    async token(user) {
      let tok = tokens.get(user);
      if (!tok) {
        const res = await request(server)
          .post('/api/auth/login')
          .send({ username: user, password: TEST_PASSWORD });
        expect(res.status, `login ${user}: ${JSON.stringify(res.body)}`).to.equal(200);
        tok = res.body.token as string;
        tokens.set(user, tok);
      }
      return tok;
    },
    useToken(user, token) {
      tokens.set(user, token);
    },
    async get(user, path) {
      const r = request(server).get(path);
      if (user) r.set('Authorization', `Bearer ${await h.token(user)}`);
      return r;
    },
    async post(user, path, body) {
      const r = request(server).post(path);
      if (user) r.set('Authorization', `Bearer ${await h.token(user)}`);
      return body === undefined ? r : r.send(body as object);
    },
    async patch(user, path, body) {
      const r = request(server).patch(path);
      if (user) r.set('Authorization', `Bearer ${await h.token(user)}`);
      return r.send(body as object);
    },
    async put(user, path, body) {
      const r = request(server).put(path);
      if (user) r.set('Authorization', `Bearer ${await h.token(user)}`);
      return r.send(body as object);
    },
    async del(user, path) {
      const r = request(server).delete(path);
      if (user) r.set('Authorization', `Bearer ${await h.token(user)}`);
      return r;
    },
    http: () => request(server),
    async close() {
      const unlisted = await undocumented(server, seen);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await t.close();
      expect(wrong, 'error answers not as documented').to.deep.equal([]);
      expect(unlisted, 'error statuses their routes do not document').to.deep.equal([]);
    },
  };
  return h;
}

/** The error answers whose status their operation in the OpenAPI document does not list. */
async function undocumented(server: http.Server, seen: ErrorSeen[]): Promise<string[]> {
  const routed = seen.filter((e) => e.route !== undefined);
  if (!routed.length) return [];
  const doc = (await request(server).get('/api/openapi.json')).body as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  const out = new Set<string>();
  for (const e of routed) {
    const path = `/api${e.route}`.replace(/:([A-Za-z_]+)/g, '{$1}');
    const op = doc.paths[path]?.[e.method.toLowerCase()];
    // a route mounted without op() (the docs) is not in the document
    if (op && !op.responses[String(e.status)]) out.add(`${e.method} ${path} ${e.status} (${e.url})`);
  }
  return [...out];
}

export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false>,
  what: string,
  ms = 8000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a case through the API and waits until its first open task exists. */
export async function startCase(
  h: Harness,
  user: string,
  body: {
    definitionKey: string;
    gridUnit: string;
    businessKey?: string;
    variables?: Record<string, unknown>;
  },
): Promise<{ instance: InstanceState; task: TaskDoc }> {
  const res = await h.post(user, '/api/instances', { variables: {}, ...body });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  const id = res.body.id as string;
  const instance = await h.t.engine.waitForIdle(id);
  const task = await waitFor(async () => (await h.t.engine.openTasksOfCase(id))[0], `open task of ${id}`);
  return { instance, task };
}

/** Fires due timers at the engine clock and waits until `until` holds for the instance. */
export async function fireUntil(
  h: Harness,
  instanceId: string,
  until: (s: InstanceState) => boolean,
): Promise<InstanceState> {
  await h.t.engine.fireDueTimers();
  return waitFor(async () => {
    const s = await h.t.engine.waitForIdle(instanceId);
    return until(s) ? s : undefined;
  }, `instance ${instanceId} condition`);
}

export interface SseEvent {
  event: string;
  data: any;
  /** the `id:` line, when the event had one */
  id?: string;
}

/** A minimal Server-Sent Events client over raw HTTP (supertest buffers whole responses). */
export interface SseClient {
  /** events in arrival order, with their `id:` when they had one */
  events: SseEvent[];
  comments: string[];
  status: number;
  ready: Promise<void>;
  ended: Promise<void>;
  waitFor(pred: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  close(): void;
}

export function sse(base: string, path: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${base}${path}`,
      { headers: { Accept: 'text/event-stream', ...headers } },
      (res) => {
        let buf = '';
        let markReady!: () => void;
        let markEnded!: () => void;
        const client: SseClient = {
          events: [],
          comments: [],
          status: res.statusCode ?? 0,
          ready: new Promise<void>((r) => (markReady = r)),
          ended: new Promise<void>((r) => (markEnded = r)),
          async waitFor(pred, ms = 8000) {
            return waitFor(async () => client.events.find(pred), 'an SSE event', ms);
          },
          close() {
            req.destroy();
          },
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let event = 'message';
            let id: string | undefined;
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
              else if (line.startsWith('id:')) id = line.slice(3).trim();
              else if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trim());
            }
            if (!data.length) continue;
            let parsed: unknown = data.join('\n');
            try {
              parsed = JSON.parse(parsed as string);
            } catch {
              // keep the text
            }
            client.events.push(id === undefined ? { event, data: parsed } : { event, data: parsed, id });
            if (event === 'ready') markReady();
          }
        });
        res.on('end', () => markEnded());
        res.on('close', () => markEnded());
        if (res.statusCode !== 200) markReady();
        resolve(client);
      },
    );
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}
