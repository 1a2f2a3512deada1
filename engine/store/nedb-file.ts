// Reading an old NeDB data file (`<collection>.db`) without loading it into memory.
//
// NeDB's file is an append log: one JSON line per written document version, `{_id, $$deleted: true}` for a
// removal, `{$$indexCreated: ...}` / `{$$indexRemoved: ...}` for index changes. A document's current state is
// its last line, unless that is a removal. NeDB itself reads the whole file into memory to resolve that; a
// 200k-case folder holds several GB, so this reads it twice instead: a first pass keeps only the line number
// of each id's last version, the second yields the documents whose line is that one (engine/store/migrate.ts).
// Lines are decoded with NeDB's own deserializer, so dates come back as the Date objects NeDB returns.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Doc } from './types.js';

const require = createRequire(import.meta.url);
const { deserialize } = require('@seald-io/nedb/lib/model.js') as { deserialize: (line: string) => any };

/** A data file line NeDB would refuse or drop: its 1-based line number and why. */
export interface CorruptLine {
  line: number;
  reason: string;
}

/** What the first pass learnt about one data file. */
export interface FileIndex {
  /**
   * the line index (0-based, among non-empty complete lines) of each live document's last version, ascending:
   * the second pass reads only these lines (numbers, not ids, so the second pass holds no id map)
   */
  live: Float64Array;
  /** non-empty complete lines */
  lines: number;
  corrupt: CorruptLine[];
  /**
   * the file ends in an incomplete line: the torn tail of an append cut short by a crash, never an
   * acknowledged write (the engine drops it the same way when it loads, embedded.ts repairTornTail)
   */
  tornTail: boolean;
}

/**
 * Yields the complete lines of a file (without the '\n') and, last, an incomplete final line marked as such.
 * Splitting the bytes at '\n' before decoding is safe in UTF-8 (the byte never occurs inside a character).
 * Reads chunk by chunk as the consumer asks, so a slow consumer (the target store) holds the reading back.
 */
async function* rawLines(file: string): AsyncGenerator<{ text: string; complete: boolean }> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      yield { text: buf.toString('utf8', start, nl), complete: true };
      start = nl + 1;
    }
    buf = buf.subarray(start);
    rest = Buffer.from(buf); // a copy, so the stream's chunk is not kept alive by a short remainder
  }
  if (rest.length) yield { text: rest.toString('utf8'), complete: false };
}

type Parsed =
  | { kind: 'doc'; doc: Doc }
  | { kind: 'deleted'; id: string }
  | { kind: 'meta' }
  | { kind: 'corrupt'; reason: string };

/** Decodes one line as NeDB's loader does (persistence.js treatRawData). */
function parse(text: string): Parsed {
  let doc: any;
  try {
    doc = deserialize(text);
  } catch (err) {
    return { kind: 'corrupt', reason: (err as Error).message };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return { kind: 'corrupt', reason: 'not a document' };
  if (doc._id) {
    return doc.$$deleted === true
      ? { kind: 'deleted', id: String(doc._id) }
      : { kind: 'doc', doc: doc as Doc };
  }
  if (doc.$$indexCreated || typeof doc.$$indexRemoved === 'string') return { kind: 'meta' };
  // NeDB silently skips such a line; it cannot be a document of ours (every one has an _id)
  return { kind: 'meta' };
}

/** A live document's line that cannot be decoded (found by the second pass, which decodes live lines only). */
export class CorruptLineError extends Error {
  constructor(
    readonly file: string,
    readonly line: CorruptLine,
  ) {
    super(`${file}: line ${line.line} cannot be read (${line.reason})`);
    this.name = 'CorruptLineError';
  }
}

const DOC_PREFIX = '{"_id":"';
const DELETED_PREFIX = '{"$$deleted":true,"_id":"';

/**
 * The id of a line without decoding it, for the lines NeDB writes itself: a document whose first key is a
 * string `_id` (the engine's documents all start with it), or NeDB's removal line. Undefined for anything
 * else (another key order, an escaped character in the id, an index line): those are decoded. A line cut
 * short after its id is only noticed if it turns out to be a document's last version, when the second pass
 * decodes it (a superseded torn line is dropped, as NeDB drops it).
 */
function quickId(text: string): { id: string; deleted: boolean } | undefined {
  const deleted = text.startsWith(DELETED_PREFIX);
  const start = deleted ? DELETED_PREFIX.length : text.startsWith(DOC_PREFIX) ? DOC_PREFIX.length : -1;
  if (start < 0) return undefined;
  const end = text.indexOf('"', start);
  const escape = text.indexOf('\\', start);
  if (end <= start || (escape >= 0 && escape < end)) return undefined;
  const after = text.charCodeAt(end + 1);
  if (after !== 0x2c /* , */ && after !== 0x7d /* } */) return undefined;
  // decoded from its quoted form rather than sliced: V8 would make a slice a view that keeps the whole line
  // (up to megabytes) alive for as long as the id is in the first pass's map
  return { id: JSON.parse(text.slice(start - 1, end + 1)) as string, deleted };
}

/** FNV-1a of an id: which partition of the ids a pass looks at. */
function partitionOf(id: string, of: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % of;
}

/** Counts the non-empty lines of a file (a byte scan, no decoding): to size the partitions of the first pass. */
export async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const { text, complete } of rawLines(file)) if (complete && text !== '') n++;
  return n;
}

/**
 * First pass: where each live document's current version is. The id map is the migration's largest memory
 * use (some 80 bytes an id); with `part` only the ids of one of `of` hash partitions are looked at, so a file
 * of millions of history records is indexed (and copied) in several rounds of bounded memory. Unreadable
 * lines have no id: partition 0 reports them.
 */
export async function indexDataFile(
  file: string,
  part: { index: number; of: number } = { index: 0, of: 1 },
): Promise<FileIndex> {
  const out: FileIndex = { live: new Float64Array(0), lines: 0, corrupt: [], tornTail: false };
  // id → line of its last version; re-set entries move to the end, so the values come out ascending
  const last = new Map<string, number>();
  let n = 0;
  for await (const { text, complete } of rawLines(file)) {
    if (!complete) {
      out.tornTail = true;
      break;
    }
    if (text === '') continue;
    const i = n++;
    let id: string;
    let deleted: boolean;
    const quick = quickId(text);
    if (quick) ({ id, deleted } = quick);
    else {
      const p = parse(text);
      if (p.kind === 'corrupt') {
        if (part.index === 0) out.corrupt.push({ line: i + 1, reason: p.reason });
        continue;
      }
      if (p.kind === 'meta') continue;
      [id, deleted] = p.kind === 'doc' ? [p.doc._id, false] : [p.id, true];
    }
    if (part.of > 1 && partitionOf(id, part.of) !== part.index) continue;
    last.delete(id);
    if (!deleted) last.set(id, i);
  }
  out.lines = n;
  out.live = Float64Array.from(last.values());
  return out;
}

/** Second pass: the live documents, each once, in file order of their last version, with their line's length. */
export async function* liveDocuments(
  file: string,
  index: FileIndex,
): AsyncGenerator<{ doc: Doc; size: number }> {
  let n = 0;
  let next = 0; // position in index.live of the next line to yield
  for await (const { text, complete } of rawLines(file)) {
    if (next >= index.live.length || !complete) return;
    if (text === '') continue;
    if (n++ !== index.live[next]) continue; // superseded or removed: not even decoded
    next++;
    const p = parse(text);
    if (p.kind === 'corrupt') throw new CorruptLineError(file, { line: n, reason: p.reason });
    // the file is locked for the migration, so it reads as in the first pass; if not, say so
    if (p.kind !== 'doc') throw new Error(`${file} changed while it was being read (line ${n})`);
    yield { doc: p.doc, size: text.length };
  }
}

/**
 * The file NeDB would load for a collection: `<name>.db`, or its compaction temp file `<name>.db~` when the
 * data file is missing (NeDB renames it into place on load); undefined when neither exists.
 */
export async function dataFileOf(dir: string, name: string): Promise<string | undefined> {
  for (const f of [`${dir}/${name}.db`, `${dir}/${name}.db~`]) {
    try {
      if ((await stat(f)).isFile()) return f;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return undefined;
}

/** Whether a file can be opened for reading (a clear error before two long passes). */
export async function readable(file: string): Promise<void> {
  const fh = await open(file, 'r');
  await fh.close();
}
