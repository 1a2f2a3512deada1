// The remote store adapter (engine/store/remote.ts) against an in-process store host serving an embedded
// store over HTTP: the shared contract, plus what only a remote store has to get right.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { expect } from 'chai';
import { openEmbeddedStore } from '../../engine/store/embedded.js';
import {
  openRemoteStore,
  STORE_TOKEN_HEADER,
  StoreUnavailableError,
  storeServer,
} from '../../engine/store/remote.js';
import { DuplicateKeyError, type Store } from '../../engine/store/types.js';
import { storeContract } from './contract.js';
import { allocateCaseNumber, DEFAULT_CASE_NUMBER_PATTERN } from '../../engine/cases/case-number.js';

const TOKEN = 'test-store-secret';

interface Host {
  url: string;
  port: number;
  store: Store;
  server: Server;
  stop(): Promise<void>;
  dir: string;
}

async function startHost(dir?: string, port = 0): Promise<Host> {
  const folder = dir ?? (await mkdtemp(path.join(os.tmpdir(), 'grid-remote-')));
  const store = await openEmbeddedStore(folder);
  const app = express();
  app.use('/internal/store', storeServer(store, TOKEN));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/internal/store`,
    port: actual,
    store,
    server,
    dir: folder,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}

const host = await startHost();
storeContract(
  'remote (HTTP to an embedded store host)',
  () => openRemoteStore(host.url, TOKEN),
  async () => {
    await host.stop();
    await rm(host.dir, { recursive: true, force: true });
  },
);

describe('remote store: what the HTTP hop must preserve', () => {
  let h: Host;
  before(async () => {
    h = await startHost();
  });
  after(async () => {
    await h.stop();
    await rm(h.dir, { recursive: true, force: true });
  });

  const post = (body: unknown, token = TOKEN) =>
    fetch(`${h.url}/op`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [STORE_TOKEN_HEADER]: token },
      body: JSON.stringify(body),
    });

  it('refuses a wrong or missing token, and malformed operations', async () => {
    expect((await post({ c: 'meta', op: 'count', args: [{}] }, 'wrong')).status).to.equal(401);
    const noToken = await fetch(`${h.url}/info`);
    expect(noToken.status).to.equal(401);
    const err = await openRemoteStore(h.url, 'wrong', { retryForMs: 0 }).catch((e) => e);
    expect(err).to.be.instanceOf(Error);
    expect((await post({ c: 'nope', op: 'count', args: [{}] })).status).to.equal(400);
    expect((await post({ c: 'meta', op: 'drop', args: [{}] })).status).to.equal(400);
    expect((await post({ c: 'meta', op: 'insert', args: [{ _id: 'x' }] })).status).to.equal(400); // no op id
    expect((await post({ c: 'meta', op: 'find', args: 'x' })).status).to.equal(400);
  });

  it('applies a resent write (same operation id) once and answers it the same way', async () => {
    await h.store.collection('meta').insert({ _id: 'counter', n: 0 });
    const op = { id: 'op-1', c: 'meta', op: 'updateOne', args: [{ _id: 'counter' }, { $inc: { n: 1 } }] };
    const answers = await Promise.all([post(op), post(op), post(op)]);
    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(bodies).to.deep.equal([
      { r: { matched: 1, upserted: false } },
      { r: { matched: 1, upserted: false } },
      { r: { matched: 1, upserted: false } },
    ]);
    await post(op);
    expect((await h.store.collection('meta').findOne({ _id: 'counter' }))!.n).to.equal(1);
    const dup = { id: 'op-2', c: 'meta', op: 'insert', args: [{ _id: 'counter' }] };
    expect((await post(dup)).status).to.equal(409);
    expect((await post(dup)).status).to.equal(409);
  });

  it('gives one winner to version-checked writes from several clients', async () => {
    const clients = await Promise.all([1, 2, 3].map(() => openRemoteStore(h.url, TOKEN)));
    try {
      await clients[0].collection('instances').insert({ _id: 'race', version: 1 });
      const results = await Promise.all(
        clients.flatMap((c, i) =>
          [0, 1, 2, 3].map((j) =>
            c
              .collection('instances')
              .replaceOne({ _id: 'race', version: 1 }, { _id: 'race', version: 2, by: `${i}.${j}` }),
          ),
        ),
      );
      expect(results.filter((r) => r.matched === 1)).to.have.length(1);
      expect((await clients[2].collection('instances').findOne({ _id: 'race' }))!.version).to.equal(2);
      const ins = await Promise.allSettled(
        clients.map((c) => c.collection('history').insert({ _id: 'once' })),
      );
      expect(ins.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      for (const r of ins) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(DuplicateKeyError);
    } finally {
      for (const c of clients) await c.close();
    }
  });

  it('turns $set of undefined into $unset, like the embedded store that does not store undefined', async () => {
    const c = await openRemoteStore(h.url, TOKEN);
    try {
      await c.collection('meta').insert({ _id: 'u', a: 1, b: 2 });
      await c.collection('meta').updateOne({ _id: 'u' }, { $set: { a: undefined, b: 3 } });
      expect(await c.collection('meta').findOne({ _id: 'u' })).to.deep.equal({ _id: 'u', b: 3 });
    } finally {
      await c.close();
    }
  });

  it('waits through a store host restart, and fails with StoreUnavailableError when it stays away', async function () {
    this.timeout(15000);
    const c = await openRemoteStore(h.url, TOKEN, { retryForMs: 8000 });
    try {
      await c.collection('meta').insert({ _id: 'before', v: 1 });
      const { port, dir } = h;
      await h.stop();
      const pending = c.collection('meta').insert({ _id: 'during', v: 2 });
      await new Promise((r) => setTimeout(r, 500));
      h = await startHost(dir, port);
      await pending;
      expect(
        (await c.collection('meta').find({}, { sort: { _id: 1 } })).map((d) => d._id),
      ).to.include.members(['before', 'during']);
      expect(await c.ping()).to.equal(true);
    } finally {
      await c.close();
    }
    const gone = await openRemoteStore('http://127.0.0.1:9/internal/store', TOKEN, { retryForMs: 200 }).catch(
      (e) => e,
    );
    expect(gone).to.be.instanceOf(StoreUnavailableError);
  });
});

describe('remote store: case numbers drawn by several processes', () => {
  it('two clients of one store host draw distinct consecutive numbers concurrently', async () => {
    const h = await startHost();
    const a = await openRemoteStore(h.url, TOKEN);
    const b = await openRemoteStore(h.url, TOKEN);
    try {
      const chain = [{ code: '310117', level: 'district', name: '临江区' }];
      const now = Date.parse('2026-03-02T01:00:00Z');
      const draw = (s: Store) =>
        allocateCaseNumber(s, DEFAULT_CASE_NUMBER_PATTERN, chain, now, 'Asia/Shanghai');
      const numbers = await Promise.all([
        ...Array.from({ length: 25 }, () => draw(a)),
        ...Array.from({ length: 25 }, () => draw(b)),
        // and the host's own process
        ...Array.from({ length: 10 }, () => draw(h.store)),
      ]);
      expect([...numbers].sort()).to.deep.equal(
        Array.from({ length: 60 }, (_, i) => `310117-2026-${String(i + 1).padStart(6, '0')}`),
      );
    } finally {
      await a.close();
      await b.close();
      await h.stop();
      await rm(h.dir, { recursive: true, force: true });
    }
  });
});
