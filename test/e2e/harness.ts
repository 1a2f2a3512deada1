// The browser test harness shared by the e2e suites: the real API (createApi) on a real engine (real Redis,
// manual clock) with the bundled processes, the built UI (ui/dist, rebuilt when stale) and Debian's chromium
// driven by playwright-core. A suite calls `browserHarness()` inside its `describe`; the hooks are registered
// there and the returned object is filled in by `before`. Skipped, with the reason printed, when
// /usr/bin/chromium is missing. Screenshots go to test-output/ (gitignored).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { createApi, type ApiApp } from '../../engine/api/index.js';
import { deployBundled } from '../../engine/bootstrap.js';
import { TEST_PASSWORD, testEngine, type TestEngine } from '../helpers/engine.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const UI_DIR = path.join(ROOT, 'ui/dist');
export const OUT = path.join(ROOT, 'test-output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Newest modification time under the UI's sources (and the moddle descriptor it bundles). */
function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const f of readdirSync(p)) walk(path.join(p, f));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['ui/src', 'ui/index.html', 'ui/vite.config.ts', 'engine/model/grid-moddle.json'])
    walk(path.join(ROOT, p));
  return newest;
}

/** `npm test` builds first (pretest); running mocha directly rebuilds here when ui/dist is missing or stale. */
function ensureBuilt(): void {
  const index = path.join(UI_DIR, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource()) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface HarnessOptions {
  /** screenshot file prefix (`<name>-<shot>.png`) */
  name: string;
  /** browser context options for every page (viewport, geolocation, touch...) */
  context?: BrowserContextOptions;
}

export interface Harness {
  t: TestEngine;
  app: ApiApp;
  base: string;
  /** a page in a fresh browser context (zh-CN, Asia/Shanghai), its uncaught errors failing the test */
  newPage(viewport?: { width: number; height: number }, extra?: BrowserContextOptions): Promise<Page>;
  /** signs in through the login form and waits for the header */
  signIn(page: Page, username: string): Promise<void>;
  shot(page: Page, name: string): Promise<Buffer>;
  /** a bearer token of the user, for API calls beside the browser */
  apiToken(username: string): Promise<string>;
}

export function browserHarness(opts: HarnessOptions): Harness {
  const secret = `e2e-${opts.name}-secret-0123456789abcdef`;
  let browser: Browser;
  let server: http.Server | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let lastPage: Page | undefined;

  const h = {
    async newPage(viewport = { width: 1400, height: 900 }, extra: BrowserContextOptions = {}) {
      const ctx = await browser.newContext({
        viewport,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        ...opts.context,
        ...extra,
      });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.on('pageerror', (err) => pageErrors.push(String(err.stack ?? err)));
      page.setDefaultTimeout(15_000);
      lastPage = page;
      return page;
    },
    async signIn(page: Page, username: string) {
      await page.goto(`${h.base}/`);
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', TEST_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForSelector('.topbar');
    },
    shot: (page: Page, name: string) =>
      page.screenshot({ path: path.join(OUT, `${opts.name}-${name}.png`), fullPage: false }),
    async apiToken(username: string) {
      const res = await fetch(`${h.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: TEST_PASSWORD }),
      });
      return ((await res.json()) as { token: string }).token;
    },
  } as Harness;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(
        `      (skipped: no browser at ${CHROMIUM}; install Debian's chromium: apt-get install -y chromium)`,
      );
      this.skip();
    }
    ensureBuilt();
    mkdirSync(OUT, { recursive: true });
    h.t = await testEngine();
    await deployBundled(h.t.engine);
    h.app = createApi(h.t.engine, { jwtSecret: secret, uiDir: UI_DIR, heartbeatMs: 1000 });
    const srv = http.createServer(h.app);
    server = srv;
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    h.base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (server) {
      server.closeAllConnections();
      const srv = server;
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
    await h.app?.close();
    await h.t?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && lastPage)
      await lastPage
        .screenshot({ path: path.join(OUT, `${opts.name}-failed-${this.currentTest.title.slice(1, 2)}.png`) })
        .catch(() => undefined);
    // uncaught exceptions in the page fail the test that caused them
    const errs = pageErrors.splice(0);
    if (!errs.length) return;
    if (this.currentTest?.state === 'passed') throw new Error(`page errors:\n${errs.join('\n')}`);
    console.log(`      page errors:\n${errs.join('\n')}`);
  });

  return h;
}
