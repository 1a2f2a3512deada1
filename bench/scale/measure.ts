// Part 2 of the scale benchmark, the load: sequential requests against the running product, as its users make
// them (inbox of a grid worker and of a district supervisor, case search by case number, district statistics
// over 30 days and over a year, claiming and completing open tasks), after a warm-up, with the p95 of each.
// The longest event-loop stall is the server's own measure: prom-client's monitorEventLoopDelay gauge
// `grid_nodejs_eventloop_lag_max_seconds` on /metrics, which is reset at every scrape, so one scrape before
// the load and one after give the longest stall during the load.
import sharp from 'sharp';
import { FormRegistry } from '../../engine/model/forms.js';
import { createCalendar } from '../../engine/sla/calendar.js';
import { formData } from '../../engine/samples/form-data.js';
import type { Random } from '../../engine/samples/random.js';

export interface Measured {
  inboxP95Ms: number;
  inboxSupervisorP95Ms: number;
  searchP95Ms: number;
  statsMonthP95Ms: number;
  statsYearP95Ms: number;
  completeP95Ms: number;
  completed: number;
  maxStallMs: number;
  startupStallMs: number;
  /** what the measured requests returned, to show they did real work (totals, hits, received cases) */
  seen: Record<string, number>;
  /** timed requests per measure (fewer than asked when the time budget ran out) */
  counts: Record<string, number>;
  errors: Record<string, number>;
}

export interface MeasureOptions {
  base: string;
  password: string;
  /** the grid worker and the district supervisor whose inboxes are measured; the admin completes tasks */
  worker: string;
  supervisor: string;
  admin: string;
  district: string;
  caseNos: string[];
  requests: number;
  warmup: number;
  /** wall time one measure may take (then it stops after at least 20 timed requests) */
  budgetMs: number;
  formsDir: string;
  rnd: Random;
  log: (msg: string) => void;
}

const round = (v: number) => Math.round(v * 10) / 10;

export function p95(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]);
}

class Client {
  readonly errors: Record<string, number> = {};
  constructor(readonly base: string) {}

  async call(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; ms: number }> {
    const t0 = performance.now();
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status >= 400) {
      const key = `${method} ${path.split('?')[0].replace(/\/[^/]*\d[^/]*/g, '/:id')} ${res.status}`;
      this.errors[key] = (this.errors[key] ?? 0) + 1;
    }
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, ms };
  }

  async login(username: string, password: string): Promise<string> {
    const r = await this.call(undefined, 'POST', '/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token as string;
  }

  async stallMs(): Promise<number> {
    const r = await this.call(undefined, 'GET', '/metrics');
    const m = /^grid_nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(String(r.body));
    return m ? round(Number(m[1]) * 1000) : NaN;
  }
}

/**
 * Times up to `n` sequential requests after `warmup` untimed ones; `next(i)` gives the i-th request. Stops
 * early when `budgetMs` is spent (a store where one request takes seconds would otherwise hold the run for
 * hours), after at least `min` timed requests; `timed` says how many the p95 is of.
 */
async function timed(
  n: number,
  warmup: number,
  budgetMs: number,
  next: (i: number) => Promise<{ status: number; ms: number }>,
  min = 20,
): Promise<{ p95: number; timed: number }> {
  const end = Date.now() + budgetMs;
  for (let i = 0; i < warmup && Date.now() < end; i++) await next(i);
  const ms: number[] = [];
  for (let i = 0; i < n && (ms.length < min || Date.now() < end); i++) {
    const r = await next(warmup + i);
    if (r.status < 400) ms.push(r.ms);
  }
  return { p95: p95(ms), timed: ms.length };
}

const ymd = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

export async function measure(o: MeasureOptions): Promise<Measured> {
  const c = new Client(o.base);
  const startupStallMs = await c.stallMs(); // since start, and resets the gauge
  const [worker, supervisor, admin] = [
    await c.login(o.worker, o.password),
    await c.login(o.supervisor, o.password),
    await c.login(o.admin, o.password),
  ];
  const { requests: n, warmup } = o;
  const counts: Record<string, number> = {};
  const run = async (
    label: string,
    next: (i: number) => Promise<{ status: number; ms: number }>,
  ): Promise<number> => {
    const r = await timed(n, warmup, o.budgetMs, next);
    counts[label] = r.timed;
    o.log(`${label} p95 ${r.p95} ms (${r.timed} timed)`);
    return r.p95;
  };

  const inboxP95Ms = await run(`inbox (${o.worker})`, () => c.call(worker, 'GET', '/api/tasks?status=open'));
  const inboxSupervisorP95Ms = await run(`inbox (${o.supervisor})`, () =>
    c.call(supervisor, 'GET', '/api/tasks?status=open'),
  );

  // a case number prefix matching up to a hundred cases, or a whole number
  const searchP95Ms = await run('search', (i) => {
    const no = o.caseNos[i % o.caseNos.length];
    const q = i % 2 ? no : no.slice(0, -2);
    return c.call(supervisor, 'GET', `/api/instances?q=${encodeURIComponent(q)}`);
  });

  const now = Date.now();
  const stats = (days: number) =>
    `/api/stats?unit=${o.district}&from=${ymd(now - days * 86_400_000)}&to=${ymd(now)}`;
  const statsMonthP95Ms = await run('stats 30 days', () => c.call(supervisor, 'GET', stats(30)));
  const statsYearP95Ms = await run('stats year', () => c.call(supervisor, 'GET', stats(365)));

  // claim + complete open tasks as the administrator, with data their forms accept
  const forms = new FormRegistry();
  await forms.loadDir(o.formsDir);
  // as the engine wires it: working days and daytime of the business calendar (a demolition's date)
  const calendar = createCalendar({ timezone: 'Asia/Shanghai' });
  forms.useCalendar({ isWorkday: (ms) => calendar.isWorkday(ms), timezone: 'Asia/Shanghai' });
  // photo fields hold ids of the case's attachments: one photo is uploaded to the case first (not timed)
  const photo = await sharp({
    create: { width: 320, height: 240, channels: 3, background: { r: 140, g: 150, b: 160 } },
  })
    .jpeg()
    .toBuffer();
  const photoOf = async (instanceId: string | undefined): Promise<string[]> => {
    if (!instanceId) return [];
    const form = new FormData();
    form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
    const res = await fetch(`${o.base}/api/instances/${instanceId}/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin}` },
      body: form,
    });
    const body = (await res.json().catch(() => ({}))) as { id?: string };
    return res.status === 201 && body.id ? [body.id] : [];
  };
  const needsPhoto = (formKey: string | undefined) =>
    JSON.stringify(forms.schema(formKey) ?? {}).includes('"format":"attachment"');
  const want = n + warmup;
  const open = await c.call(
    admin,
    'GET',
    `/api/tasks?status=open&sort=dueAt&limit=${Math.min(want * 2, 200)}`,
  );
  let tasks: Array<{ _id?: string; id?: string; formKey?: string; assignee?: string; instanceId?: string }> =
    open.body?.items ?? [];
  let skip = tasks.length;
  const completeMs: number[] = [];
  /** refused completions by status and error code (printed: a run that times none says why) */
  const refused: Record<string, number> = {};
  let done = 0;
  const budgetEnd = Date.now() + o.budgetMs;
  while (done < want && tasks.length && (completeMs.length < 20 || Date.now() < budgetEnd)) {
    const t = tasks.shift()!;
    const id = t._id ?? t.id;
    const photos = needsPhoto(t.formKey) ? await photoOf(t.instanceId) : [];
    const data = formData(forms, t.formKey, o.rnd, Date.now(), 60, photos);
    if (!id || !data) continue;
    const t0 = performance.now();
    if (!t.assignee) {
      const cl = await c.call(admin, 'POST', `/api/tasks/${id}/claim`);
      if (cl.status >= 400) continue;
    }
    const r = await c.call(admin, 'POST', `/api/tasks/${id}/complete`, { data });
    const ms = performance.now() - t0;
    if (r.status >= 400) {
      const why = `${r.status} ${r.body?.error?.code ?? ''}`.trim();
      refused[why] = (refused[why] ?? 0) + 1;
      continue;
    }
    if (done++ >= warmup) completeMs.push(ms);
    if (!tasks.length) {
      const more = await c.call(admin, 'GET', `/api/tasks?status=open&sort=dueAt&limit=200&skip=${skip}`);
      tasks = more.body?.items ?? [];
      skip += tasks.length;
    }
  }
  const completeP95Ms = p95(completeMs);
  counts.complete = completeMs.length;
  o.log(`complete p95 ${completeP95Ms} ms (${completeMs.length} timed; refused ${JSON.stringify(refused)})`);

  const maxStallMs = await c.stallMs();
  const seen = {
    inboxTotal: (await c.call(worker, 'GET', '/api/tasks?status=open')).body?.total,
    inboxSupervisorTotal: (await c.call(supervisor, 'GET', '/api/tasks?status=open')).body?.total,
    searchPrefixHits: (
      await c.call(supervisor, 'GET', `/api/instances?q=${encodeURIComponent(o.caseNos[0].slice(0, -2))}`)
    ).body?.total,
    statsMonthReceived: (await c.call(supervisor, 'GET', stats(30))).body?.received,
    statsYearReceived: (await c.call(supervisor, 'GET', stats(365))).body?.received,
    statsYearClosed: (await c.call(supervisor, 'GET', stats(365))).body?.closed,
  };
  o.log(`returned: ${JSON.stringify(seen)}`);
  return {
    inboxP95Ms,
    inboxSupervisorP95Ms,
    searchP95Ms,
    statsMonthP95Ms,
    statsYearP95Ms,
    completeP95Ms,
    completed: done,
    maxStallMs,
    startupStallMs,
    seen,
    counts,
    errors: c.errors,
  };
}
