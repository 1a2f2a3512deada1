// Which deployment a Redis belongs to. Every deployment's queues live under QUEUE_PREFIX (default `{grid}`),
// so two deployments pointed at one Redis would silently run each other's jobs against the wrong store. The
// first start writes a marker key `<prefix>:deployment` holding this deployment's id (kept in its store:
// in DATA_DIR with the embedded store, shared by every process of a MongoDB deployment); a later start on a
// Redis whose marker holds another id stops with a message saying how to proceed.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';
import { StartupError } from './errors.js';

export const deploymentKey = (prefix: string) => `${prefix}:deployment`;
/** set to 1 to let this deployment take over a Redis (prefix) marked by another one */
export const TAKEOVER_ENV = 'GRID_REDIS_TAKEOVER';

interface MetaDoc {
  _id: string;
  value: string;
  createdAt: number;
}

/** This deployment's id, created at first start. */
export async function deploymentId(store: Store): Promise<string> {
  const meta = new MetaRecords(store);
  const found = await meta.get<MetaDoc>('deployment');
  if (found?.value) return found.value;
  const value = randomUUID();
  if (await meta.create({ _id: 'deployment', value, createdAt: Date.now() })) return value;
  return (await meta.get<MetaDoc>('deployment'))!.value; // another process of ours was first
}

export interface ClaimOptions {
  store: Store;
  redisUrl: string;
  /** the URL as logged (without password) */
  shownUrl: string;
  prefix: string;
  log: Logger;
  takeover: boolean;
}

/** Marks the Redis as ours, or throws a StartupError when another deployment marked it (unless taking over). */
export async function claimRedis(o: ClaimOptions): Promise<void> {
  const id = await deploymentId(o.store);
  const key = deploymentKey(o.prefix);
  const redis = new Redis(o.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  redis.on('error', () => {}); // a failing command rejects; that is what reports it
  try {
    await redis.connect();
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await redis.set(key, id, 'NX')) === 'OK') {
        o.log.info({ deployment: id, key }, 'Redis marked as this deployment’s (first start on it)');
        return;
      }
      const other = await redis.get(key);
      if (other === null) continue; // removed meanwhile: set it again
      if (other === id) return;
      if (o.takeover) {
        await redis.set(key, id);
        o.log.warn(
          { deployment: id, previous: other, key },
          `${TAKEOVER_ENV}=1: this deployment takes over the queues under ${o.prefix} at ${o.shownUrl}`,
        );
        return;
      }
      throw new StartupError(
        `Redis at ${o.shownUrl} holds the queues of another deployment under the prefix ${o.prefix} ` +
          `(marker ${key} = ${other}; this deployment is ${id}): sharing them would run its jobs against ` +
          `this store. Give this deployment its own QUEUE_PREFIX (e.g. QUEUE_PREFIX={grid2}) or its own ` +
          `REDIS_URL; or, if that deployment is gone or is this one with its data restored, start once with ` +
          `${TAKEOVER_ENV}=1`,
      );
    }
  } finally {
    redis.disconnect();
  }
}
