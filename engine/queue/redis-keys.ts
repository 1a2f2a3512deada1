import { Redis } from 'ioredis';

/**
 * Deletes every key under a queue prefix (queues, event log, markers): what a sampler, a benchmark run or a
 * test engine leaves in a Redis it shares with others. SCAN in pages, never KEYS or FLUSHDB.
 */
export async function removeRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
