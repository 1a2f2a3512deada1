// Graceful stop on SIGINT/SIGTERM: finish active jobs, close connections, exit.
import type { Logger } from '../engine/logger.js';

export function onShutdown(log: Logger, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'shutting down');
    close()
      .catch((err) => log.error({ err }, 'error during shutdown'))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
