// Worker process: runs step, timer, service and notification jobs. Start several for scale-out.
import { loadConfig } from '../engine/config.js';
import { Engine } from '../engine/engine.js';
import { ensureRedis } from '../engine/bootstrap.js';
import { createLogger } from '../engine/logger.js';
import { onShutdown } from './shutdown.js';

const log = createLogger();
const config = loadConfig();
config.redisUrl = await ensureRedis(config, log, false);
const engine = await Engine.open({ config, logger: log });
await engine.startWorkers();
log.info(
  { prefix: config.queuePrefix, concurrency: config.concurrency, store: engine.store.kind },
  'worker started',
);
onShutdown(log, () => engine.close());
