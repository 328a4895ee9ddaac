import { Redis } from 'ioredis';
import { RedisUnavailable } from './errors.ts';

export type { Redis } from 'ioredis';

/** The one method used here, so any pino-like logger fits without this package importing pino. */
export interface RedisLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface RedisOptions {
  /** Shown by `CLIENT LIST`; the service name. */
  connectionName?: string;
  /** Prepended by ioredis to every key; tests pass a unique one so their keys can be deleted after. */
  keyPrefix?: string;
  /**
   * Commands issued in one event-loop turn go out in one write (ioredis autopipelining): a hot path that
   * sends a command per HTTP request then pays one socket write per turn, not one per request.
   */
  autoPipelining?: boolean;
}

/**
 * A connected-on-demand ioredis client with the fleet's settings. Call `redis.connect()` once the
 * closer (`closeRedis`) and readiness check (`pingRedis`) are registered.
 */
export function createRedis(url: string, logger: RedisLogger, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    ...(options.connectionName === undefined ? {} : { connectionName: options.connectionName }),
    ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
    // Fail a command fast during an outage instead of queueing it for ever; readiness reports the outage.
    maxRetriesPerRequest: 2,
    enableAutoPipelining: options.autoPipelining ?? false,
  });
  // Without a listener ioredis prints every reconnect failure to the console. The code only: the
  // message can carry the host, and the URL its password.
  redis.on('error', (error: NodeJS.ErrnoException) =>
    logger.warn({ component: 'redis', code: error.code }, 'redis connection error'),
  );
  return redis;
}

/** Readiness: resolves when the server answers PING, throws RedisUnavailable otherwise. */
export async function pingRedis(redis: Redis): Promise<void> {
  let answer: string;
  try {
    answer = await redis.ping();
  } catch (error) {
    throw new RedisUnavailable('ping', error);
  }
  if (answer !== 'PONG') throw new RedisUnavailable('ping', new Error(`PING answered ${answer}`));
}

/** quit() waits for a reply that a disconnected client never gets: only a ready client quits politely. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit();
  else redis.disconnect();
}
