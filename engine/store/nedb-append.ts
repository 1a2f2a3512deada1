// NeDB appends every write with fs.appendFile(path), which opens and closes the data file each time; on
// the instance collection that was the largest share of a step (see bench/). This keeps one append-mode
// handle per data file instead. Durability is unchanged (both stop at the OS page cache, neither fsyncs).
// NeDB rewrites a data file only through crashSafeWriteFileLinesAsync (load, compaction): the handle is
// closed first and reopened on the next append, so it never writes into a replaced file.
import { open, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const handles = new Map<string, Promise<FileHandle>>();
let installed = false;

async function drop(file: string): Promise<void> {
  const h = handles.get(file);
  handles.delete(file);
  if (h) await (await h).close().catch(() => undefined);
}

export function installPersistentAppends(): void {
  if (installed) return;
  installed = true;
  const storage = require('@seald-io/nedb/lib/storage.js') as Record<string, any>;
  const rewrite = storage.crashSafeWriteFileLinesAsync;
  storage.appendFileAsync = async (file: string, data: string, opts?: { mode?: number }) => {
    let h = handles.get(file);
    if (!h) {
      h = open(file, 'a', opts?.mode);
      handles.set(file, h);
      h.catch(() => handles.delete(file));
    }
    await (await h).appendFile(data, 'utf8');
  };
  storage.crashSafeWriteFileLinesAsync = async (file: string, ...rest: unknown[]) => {
    await drop(file);
    return rewrite(file, ...rest);
  };
}

/** Closes the handles of the given data files (store close). */
export async function closeAppendHandles(files: string[]): Promise<void> {
  await Promise.all(files.map(drop));
}
