import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  ArchiveFormatError,
  readArchive,
  removeStaleTemps,
  writeArchive,
} from '../../engine/retention/archive.js';
import { openTestStore } from '../helpers/store.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('retention: archive files and the archive-import command', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-archive-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const lines = [
    {
      collection: 'instances' as const,
      doc: { _id: 'i1', status: 'completed', variables: { 地址: '明天路 1 号' } },
    },
    {
      collection: 'history' as const,
      doc: { _id: 'i1.2.0', instanceId: 'i1', at: 5, actor: 'wangwei', action: 'leave' },
    },
  ];
  async function* gen() {
    yield* lines;
  }

  it('writes gzip JSON lines under the final name only (no temporary file left) and reads them back', async () => {
    const n = await writeArchive(path.join(dir, 'archive'), 'history-2026-03-02-x-0001.jsonl.gz', gen());
    expect(n).to.equal(2);
    const back = [];
    for await (const l of readArchive(path.join(dir, 'archive', 'history-2026-03-02-x-0001.jsonl.gz')))
      back.push(l);
    expect(back).to.deep.equal(lines);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(path.join(dir, 'archive'))).to.deep.equal(['history-2026-03-02-x-0001.jsonl.gz']);
    // a name is written once: never over an existing archive
    const again = await writeArchive(
      path.join(dir, 'archive'),
      'history-2026-03-02-x-0001.jsonl.gz',
      gen(),
    ).catch((e: Error) => e);
    expect(again).to.be.instanceOf(Error);
  });

  it('removes temporary files a crashed write left, once they are old', async () => {
    const { utimes, readdir } = await import('node:fs/promises');
    const old = path.join(dir, '.history-a.jsonl.gz.1.x.tmp');
    const fresh = path.join(dir, '.history-b.jsonl.gz.1.x.tmp');
    await writeFile(old, 'partial');
    await writeFile(fresh, 'in progress');
    await writeFile(path.join(dir, 'history-c.jsonl.gz'), 'kept');
    const dayAgo = (Date.now() - 2 * 86_400_000) / 1000;
    await utimes(old, dayAgo, dayAgo);
    expect(await removeStaleTemps(dir)).to.equal(1);
    expect((await readdir(dir)).sort()).to.deep.equal(['.history-b.jsonl.gz.1.x.tmp', 'history-c.jsonl.gz']);
  });

  it('refuses a line that is not {collection, doc} with its line number', async () => {
    const f = path.join(dir, 'bad.jsonl.gz');
    await writeFile(
      f,
      gzipSync('{"collection":"history","doc":{"_id":"a"}}\n{"collection":"users2","doc":{"_id":"b"}}\n'),
    );
    const err = await (async () => {
      for await (const _ of readArchive(f)) void _;
    })().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ArchiveFormatError);
    expect((err as ArchiveFormatError).line).to.equal(2);
  });

  it('npm run archive-import restores the documents into the store of DATA_DIR, twice without doubling', async () => {
    const file = path.join(dir, 'history-2026-03-02-x-0001.jsonl.gz');
    await writeArchive(dir, path.basename(file), gen());
    const dataDir = path.join(dir, 'data');
    const env = { ...process.env, DATA_DIR: dataDir, MONGO_URL: '', DATABASE_URL: '', LOG_LEVEL: 'warn' };
    for (let i = 0; i < 2; i++)
      await run(process.execPath, ['--import', 'tsx', 'workers/archive-import.ts', '--', file], {
        cwd: ROOT,
        env,
      });
    const store = await openTestStore(dataDir);
    try {
      expect(await store.collection('instances').find({})).to.deep.equal([lines[0].doc]);
      expect(await store.collection('history').find({})).to.deep.equal([lines[1].doc]);
    } finally {
      await store.close();
    }
    const missing = await run(
      process.execPath,
      ['--import', 'tsx', 'workers/archive-import.ts', path.join(dir, 'nope.gz')],
      {
        cwd: ROOT,
        env,
      },
    ).catch((e: { code: number }) => e);
    expect((missing as { code: number }).code).to.equal(2);
  });
});
