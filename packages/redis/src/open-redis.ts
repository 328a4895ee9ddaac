import type { ServicePort } from '@rapport/service-kit';
import {
  closeRedis,
  createRedis,
  pingRedis,
  type Redis,
  type RedisLogger,
  type RedisOptions,
} from './client.ts';

/** A service's Redis client, connected: closed on shutdown, pinged by readiness (`redis`). */
export async function openRedis(
  url: string,
  service: ServicePort,
  options: RedisOptions & { logger: RedisLogger },
): Promise<Redis> {
  const { logger, ...clientOptions } = options;
  const redis = createRedis(url, logger, clientOptions);
  service.onStop('redis', () => closeRedis(redis));
  service.readiness.register('redis', () => pingRedis(redis));
  await redis.connect();
  return redis;
}
