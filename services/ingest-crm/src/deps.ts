import { createKafka, createProducer, type Producer, type RapportKafka } from '@rapport/kafka';
import type { Lifecycle, Logger } from '@rapport/service-kit';
import { Redis } from 'ioredis';
import { SERVICE, type Config } from './config.ts';

export interface Deps {
  redis: Redis;
  kafka: RapportKafka;
  producer: Producer;
}

/**
 * Composition root: every client is created here and its closer and readiness check registered
 * right after it. Closers run in reverse, so the order below is the reverse of shutdown:
 * (consumers,) producer, redis — after HTTP, which runService stops first.
 */
export async function createDeps(config: Config, lifecycle: Lifecycle, logger: Logger): Promise<Deps> {
  const redis = new Redis(config.redis.url, {
    lazyConnect: true,
    connectionName: SERVICE.name,
    // Fail a command fast during an outage instead of queueing it for ever; readiness reports the outage.
    maxRetriesPerRequest: 2,
  });
  // Without a listener ioredis prints every reconnect failure to the console; readiness reports the outage.
  redis.on('error', (error: NodeJS.ErrnoException) =>
    logger.warn({ component: 'redis', code: error.code }, 'redis connection error'),
  );
  // quit() waits for a reply that a disconnected client never gets: only a ready client quits politely.
  lifecycle.onStop('redis', () => (redis.status === 'ready' ? redis.quit() : redis.disconnect()));
  lifecycle.readiness.register('redis', () => redis.ping());
  await redis.connect();

  const kafka = createKafka({ ...config.kafka, logger: logger.child({ component: 'kafka' }) });
  lifecycle.readiness.register('kafka', () => kafka.ping());
  const producer = createProducer(kafka);
  lifecycle.onStop('kafka-producer', () => producer.disconnect());
  await producer.connect();

  return { redis, kafka, producer };
}
