// The whole of a deploy's CPU work on one document — parse, validate, compile and the canonical hash — as
// one function with plain data in and out, so that it can run in a worker thread (compile-off-thread.ts).
import { compileDocument, type CompileOptions } from './compile.js';
import { canonicalHash } from './canonical-hash.js';
import type { CompiledProcess, DeployWarning } from './types.js';

export interface CompileJobResult {
  /** every executable process of the document (only `opts.processId` when given) */
  processes: CompiledProcess[];
  /** other tools' metadata left aside */
  warnings: DeployWarning[];
  /** canonicalHash of the XML; only when asked for (deploy), not on a recompile */
  hash?: string;
}

export async function runCompileJob(
  xml: string,
  opts: CompileOptions,
  withHash: boolean,
): Promise<CompileJobResult> {
  const doc = await compileDocument(xml, opts);
  return withHash ? { ...doc, hash: await canonicalHash(xml) } : doc;
}
