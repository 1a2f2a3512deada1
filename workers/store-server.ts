// Store host: serves this process's store (embedded NeDB in DATA_DIR, or MongoDB with MONGO_URL) to worker
// processes over HTTP, so several workers can share the single-process embedded store. Workers then run with
// STORE_URL=http://<host>:<STORE_PORT>/internal/store and the same STORE_TOKEN.
// (The API process can host the store instead: app.use('/internal/store', storeServer(engine.store, token)).)
import express from 'express';
import { loadConfig } from '../engine/config.js';
import { createLogger } from '../engine/logger.js';
import { failStartup } from '../engine/startup/errors.js';
import { openEmbeddedStore } from '../engine/store/embedded.js';
import { storeServer } from '../engine/store/remote.js';
import type { Store } from '../engine/store/types.js';
import { onShutdown } from './shutdown.js';

const log = createLogger();
const config = loadConfig();
const token = process.env.STORE_TOKEN;
if (!token) {
  log.fatal('STORE_TOKEN must be set: it is the shared secret the workers present');
  process.exit(1);
}
let store: Store;
try {
  if (config.mongoUrl) {
    const { openMongoStore } = await import('../engine/store/mongo.js');
    store = await openMongoStore(config.mongoUrl);
  } else store = await openEmbeddedStore(config.dataDir); // DATA_DIR locked, or one line saying why not
} catch (err) {
  failStartup(log, err, config.dataDir);
}

const app = express();
app.disable('x-powered-by');
app.use('/internal/store', storeServer(store, token));
app.get('/healthz', async (_req, res) => {
  res.status((await store.ping()) ? 200 : 503).json({ store: store.kind });
});
const port = Number(process.env.STORE_PORT ?? 3100);
const host = process.env.STORE_HOST ?? '127.0.0.1';
const server = app.listen(port, host, () => {
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  log.info({ port: actual, host, store: store.kind, dataDir: config.dataDir }, 'store host listening');
  process.send?.({ ready: true, port: actual });
});
// keep idle client connections longer than their reuse window (clients follow the Keep-Alive hint)
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
onShutdown(log, async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
});
