// The whole of a deploy's CPU work on one document — parse, validate, compile and the canonical hash — as
// one function with plain data in and out, so that it can run in a worker thread (compile-off-thread.ts).
import { compileDefinition, type CompileOptions } from './compile.js';
import { canonicalHash } from './canonical-hash.js';
import type { CompiledProcess } from './types.js';

export interface CompileJobResult {
  compiled: CompiledProcess;
  /** canonicalHash of the XML; only when asked for (deploy), not on a recompile */
  hash?: string;
}

export async function runCompileJob(
  xml: string,
  opts: CompileOptions,
  withHash: boolean,
): Promise<CompileJobResult> {
  const compiled = await compileDefinition(xml, opts);
  return withHash ? { compiled, hash: await canonicalHash(xml) } : { compiled };
}
