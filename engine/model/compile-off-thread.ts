// Parsing and compiling a large BPMN document takes the event loop for as long as it runs (a 2 MB diagram:
// seconds), and nothing else — /healthz, other users' requests, step jobs — is served meanwhile. Documents
// above OFF_THREAD_XML_BYTES are therefore compiled in a worker thread, one per call (deploys and cache
// misses are rare); small ones, the usual case, stay in-process where a worker would cost more than it saves.
import { Worker } from 'node:worker_threads';
import type { CompileOptions } from './compile.js';
import { runCompileJob, type CompileJobResult } from './compile-job.js';
import { OFF_THREAD_XML_BYTES } from './limits.js';
import { DeploymentError, type DeployError } from './types.js';

/** How long a worker may take before the deploy is refused (a bounded document compiles in seconds). */
const WORKER_TIMEOUT_MS = 60_000;

// CommonJS run with eval: loads the TypeScript module through tsx's API, so the worker needs neither a
// build step nor the parent's loader flags (which worker threads do not inherit under every launcher).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { tsImport } = await import(workerData.tsxApi);
  const { runCompileJob } = await tsImport(workerData.job, workerData.job);
  try {
    parentPort.postMessage({ ok: true, result: await runCompileJob(workerData.xml, workerData.opts, workerData.withHash) });
  } catch (err) {
    parentPort.postMessage({
      ok: false,
      details: err && err.name === 'DeploymentError' ? err.details : undefined,
      message: String((err && err.message) || err),
    });
  }
})().catch((err) => parentPort.postMessage({ ok: false, message: String((err && err.message) || err) }));
`;

type Reply = { ok: true; result: CompileJobResult } | { ok: false; details?: DeployError[]; message: string };

const jobUrl = new URL('./compile-job.ts', import.meta.url).href;
const tsxApiUrl = import.meta.resolve('tsx/esm/api');

/** Compiles (and optionally hashes) a document, off the event loop when it is large. */
export async function compileMaybeOffThread(
  xml: string,
  opts: CompileOptions,
  withHash: boolean,
  thresholdBytes = OFF_THREAD_XML_BYTES,
): Promise<CompileJobResult> {
  if (typeof xml !== 'string' || Buffer.byteLength(xml) <= thresholdBytes || !import.meta.url.endsWith('.ts'))
    return runCompileJob(xml, opts, withHash);
  const reply = await new Promise<Reply>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { xml, opts, withHash, job: jobUrl, tsxApi: tsxApiUrl },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(
        new DeploymentError([
          {
            elementId: 'definitions',
            message: 'the document took too long to compile',
            code: 'limit.compile-time',
            params: {},
          },
        ]),
      );
    }, WORKER_TIMEOUT_MS);
    worker.once('message', (m: Reply) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  if (reply.ok) return reply.result;
  if (reply.details) throw new DeploymentError(reply.details);
  throw new Error(`compiling in a worker failed: ${reply.message}`);
}
