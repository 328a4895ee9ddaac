import { createPool, pingPool, type Pool } from '@rapport/db';
import { createKafka, createProducer, type Producer, type RapportKafka } from '@rapport/kafka';
import { closeRedis, createRedis, pingRedis, type Redis } from '@rapport/redis';
import type { Lifecycle, Logger } from '@rapport/service-kit';
import { SERVICE, type Config } from './config.ts';

export interface Deps {
  pool: Pool;
  redis: Redis;
  kafka: RapportKafka;
  producer: Producer;
}

/**
 * Composition root: every client is created here and its closer and readiness check registered
 * right after it. Closers run in reverse, so the order below is the reverse of shutdown:
 * (consumers,) producer, redis, postgres — after HTTP, which runService stops first.
 */
export async function createDeps(config: Config, lifecycle: Lifecycle, logger: Logger): Promise<Deps> {
  const pool = createPool(config.postgres.url, {
    applicationName: SERVICE.name,
    logger: logger.child({ component: 'postgres' }),
  });
  lifecycle.onStop('postgres', () => pool.end());
  lifecycle.readiness.register('postgres', () => pingPool(pool));

  const redis = createRedis(config.redis.url, logger, { connectionName: SERVICE.name });
  lifecycle.onStop('redis', () => closeRedis(redis));
  lifecycle.readiness.register('redis', () => pingRedis(redis));
  await redis.connect();

  const kafka = createKafka({ ...config.kafka, logger: logger.child({ component: 'kafka' }) });
  lifecycle.readiness.register('kafka', () => kafka.ping());
  const producer = createProducer(kafka);
  lifecycle.onStop('kafka-producer', () => producer.disconnect());
  await producer.connect();

  // Consumers start here, after the producer, so they stop before it: runConsumer(kafka, ...)
  // with its stop registered as lifecycle.onStop('consumer', ...).

  return { pool, redis, kafka, producer };
}
