import { openProducer, type Producer, type RapportKafka } from '@rapport/kafka';
import { openRedis, type Redis } from '@rapport/redis';
import type { KafkaSettings, Lifecycle, Logger, RedisSettings } from '@rapport/service-kit';
import { Registry } from 'prom-client';
import {
  backgroundConsumerReady,
  startInBackground,
  type BackgroundConsumer,
} from './background-consumer.ts';
import type { IngestSettings } from './config.ts';
import { kafkaEventPublisher, type EventPublisher } from './event.publisher.ts';
import { redisIdempotencyStore, type IdempotencyStore } from './idempotency.store.ts';
import type { IntakeObserver } from './intake.ts';
import { intakeMetrics } from './intake.metrics.ts';
import { redisRateLimiter, type RateLimiter } from './rate-limit.store.ts';
import { consumerAlive, startRawConsumer, type RawRoute } from './raw-topic.consumer.ts';

export interface IngestDepsConfig {
  kafka: KafkaSettings;
  redis: RedisSettings;
  ingest: IngestSettings;
}

export interface IngestDeps {
  redis: Redis;
  kafka: RapportKafka;
  producer: Producer;
  publisher: EventPublisher;
  idempotency: IdempotencyStore;
  rateLimiter: RateLimiter;
  /** The service's metrics registry: pass it to buildHttp so /metrics shows the intake counters. */
  metrics: Registry;
  observer: IntakeObserver;
  /** The raw-topic consumer, joining its group in the background. */
  rawConsumer: BackgroundConsumer;
}

/**
 * The clients every ingest service runs on, each with its closer and readiness check registered
 * right after it is created. Closers run in reverse: raw consumer (its batch in flight finishes and
 * commits), producer (flushes), redis — all after HTTP, which runService stops first.
 * The consumer group is the Kafka client id, which defaults to the service name.
 */
export async function createIngestDeps(
  service: string,
  config: IngestDepsConfig,
  lifecycle: Lifecycle,
  logger: Logger,
  rawRoutes: readonly RawRoute[],
): Promise<IngestDeps> {
  const metrics = new Registry();
  const observer = intakeMetrics(metrics);

  const redis = await openRedis(config.redis.url, lifecycle, {
    connectionName: service,
    keyPrefix: config.ingest.redisKeyPrefix ?? `${service}:`,
    // Every single-record request checks the rate limit: at a few hundred requests/s the checks of one
    // turn share a write.
    autoPipelining: true,
    logger,
  });
  const idempotency = redisIdempotencyStore(redis, { ttlSeconds: config.ingest.idempotencyTtlSeconds });
  const rateLimiter = redisRateLimiter(redis, config.ingest.rateLimit);

  const { kafka, producer } = await openProducer(
    { ...config.kafka, logger: logger.child({ component: 'kafka' }) },
    lifecycle,
  );
  const publisher = kafkaEventPublisher(producer, logger.child({ component: 'publisher' }));

  // Not awaited: HTTP is served as soon as the producer is ready, and readiness says whether the
  // consumer is in its group (after a crash, the dead member's session must expire first).
  const rawConsumer = startInBackground(
    () =>
      startRawConsumer(kafka, {
        groupId: config.kafka.clientId,
        routes: rawRoutes,
        publisher,
        producer,
        observer,
        metrics,
        sessionTimeoutMs: config.ingest.consumerSessionSeconds * 1000,
      }),
    { logger: logger.child({ component: 'raw-consumer' }) },
  );
  lifecycle.onStop('raw-consumer', () => rawConsumer.stop());
  lifecycle.readiness.register(
    'consumer',
    backgroundConsumerReady(rawConsumer, (consumer) =>
      consumerAlive(consumer, config.ingest.consumerStallSeconds),
    ),
  );

  return { redis, kafka, producer, publisher, idempotency, rateLimiter, metrics, observer, rawConsumer };
}
