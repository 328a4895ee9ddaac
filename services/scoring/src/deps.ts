import { openPool, type Pool } from '@rapport/db';
import { openProducer, type Producer, type RapportKafka } from '@rapport/kafka';
import { openRedis, type Redis } from '@rapport/redis';
import type { Lifecycle, Logger } from '@rapport/service-kit';
import { SERVICE, type Config } from './config.ts';

export interface Deps {
  pool: Pool;
  redis: Redis;
  kafka: RapportKafka;
  producer: Producer;
}

/**
 * Composition root: each client registers its closer and readiness check as it is opened. Closers run
 * in reverse, so the order below is the reverse of shutdown: (consumers,) producer, redis, postgres —
 * after HTTP, which runService stops first.
 */
export async function createDeps(config: Config, lifecycle: Lifecycle, logger: Logger): Promise<Deps> {
  const pool = openPool(config.postgres.url, lifecycle, {
    name: SERVICE.name,
    logger: logger.child({ component: 'postgres' }),
  });
  const redis = await openRedis(config.redis.url, lifecycle, { connectionName: SERVICE.name, logger });
  const { kafka, producer } = await openProducer(
    { ...config.kafka, logger: logger.child({ component: 'kafka' }) },
    lifecycle,
  );
  // Consumers start here, after the producer, so they stop before it: runConsumer(kafka, ...)
  // with its stop registered as lifecycle.onStop('consumer', ...).
  return { pool, redis, kafka, producer };
}
