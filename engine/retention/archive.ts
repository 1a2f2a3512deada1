// The history archive: what the cleanup removes is first written to a gzip-compressed JSON-lines file,
// one line per document, `{"collection":"history","doc":{...}}`, named
// DATA_DIR/archive/history-YYYY-MM-DD-<run>-<batch>.jsonl.gz (the date in the business time zone). A file is
// written under a temporary name, fsynced, linked to its name (a link, unlike a rename, refuses an existing
// name: no archive is ever replaced) and its folder fsynced BEFORE anything is deleted, so a crash at any
// line loses nothing: at worst a case is archived twice, in two files. Importing tolerates that (documents
// whose _id exists are skipped), so re-importing an archive, or two overlapping ones, into the store
// restores each document once.
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { COLLECTIONS, type CollectionName, type Doc, type Store } from '../store/types.js';
import { restoreDocuments } from '../store/case-data.js';

export interface ArchiveLine {
  collection: CollectionName;
  doc: Doc;
}

export class ArchiveFormatError extends Error {
  readonly code = 'archive.format';
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'ArchiveFormatError';
  }
}

const KNOWN = new Set<string>(COLLECTIONS);

/**
 * Writes `lines` to `dir/name` durably: the file appears under its name only once complete and on disk.
 * Returns the number of lines written.
 */
export async function writeArchive(
  dir: string,
  name: string,
  lines: AsyncIterable<ArchiveLine>,
): Promise<number> {
  await mkdir(dir, { recursive: true });
  const final = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let count = 0;
  async function* text(): AsyncGenerator<string> {
    for await (const l of lines) {
      count += 1;
      yield JSON.stringify({ collection: l.collection, doc: l.doc }) + '\n';
    }
  }
  try {
    await pipeline(Readable.from(text()), createGzip(), createWriteStream(tmp, { flags: 'wx' }));
    await fsync(tmp, 'r+');
    // a hard link, unlike a rename, refuses an existing name: an archive is never written over
    await link(tmp, final);
  } finally {
    await rm(tmp, { force: true });
  }
  // the rename itself is durable only once the folder is
  await fsync(dir, 'r');
  return count;
}

/**
 * Removes temporary files a crashed write left behind (older than `olderThanMs` by their mtime, so a
 * write in progress elsewhere is left alone). Their content is in no archive or, when the crash came after
 * the link, in its archive too: nothing was deleted on the strength of them.
 */
export async function removeStaleTemps(dir: string, olderThanMs = 86_400_000): Promise<number> {
  let removed = 0;
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    if (!f.startsWith('.') || !f.endsWith('.tmp')) continue;
    const p = path.join(dir, f);
    const st = await stat(p).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > olderThanMs) {
      await rm(p, { force: true });
      removed += 1;
    }
  }
  return removed;
}

async function fsync(p: string, flags: string): Promise<void> {
  const fh = await open(p, flags);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The lines of an archive, checked: a line that is not `{collection, doc}` throws ArchiveFormatError. */
export async function* readArchive(file: string): AsyncGenerator<ArchiveLine> {
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const raw of lines) {
    n += 1;
    if (!raw.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ArchiveFormatError(file, n, 'not JSON');
    }
    const l = parsed as Partial<ArchiveLine> | null;
    if (!l || typeof l !== 'object' || typeof l.collection !== 'string' || !KNOWN.has(l.collection))
      throw new ArchiveFormatError(file, n, 'no known "collection"');
    if (!l.doc || typeof l.doc !== 'object' || typeof l.doc._id !== 'string' || !l.doc._id)
      throw new ArchiveFormatError(file, n, 'no "doc" with a string _id');
    yield l as ArchiveLine;
  }
}

export interface ImportReport {
  file: string;
  /** lines read */
  lines: number;
  /** documents inserted per collection (those already present are not counted) */
  inserted: Partial<Record<CollectionName, number>>;
}

/**
 * Imports an archive into the store, `chunk` documents per insert. Documents whose _id is present are left
 * as they are: importing twice, or an archive that overlaps another, adds nothing the second time.
 */
export async function importArchive(store: Store, file: string, chunk = 500): Promise<ImportReport> {
  const pending = new Map<CollectionName, Doc[]>();
  const inserted: ImportReport['inserted'] = {};
  const flush = async (c: CollectionName) => {
    const docs = pending.get(c);
    if (!docs?.length) return;
    pending.set(c, []);
    inserted[c] = (inserted[c] ?? 0) + (await restoreDocuments(store, c, docs));
  };
  let lines = 0;
  for await (const l of readArchive(file)) {
    lines += 1;
    const list = pending.get(l.collection) ?? [];
    list.push(l.doc);
    pending.set(l.collection, list);
    if (list.length >= chunk) await flush(l.collection);
  }
  for (const c of pending.keys()) await flush(c);
  return { file, lines, inserted };
}
