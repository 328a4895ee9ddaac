import { openPool, type Pool } from '@rapport/db';
import { openProducer, type Producer, type RapportKafka } from '@rapport/kafka';
import { openRedis, type Redis } from '@rapport/redis';
import type {
  KafkaSettings,
  Logger,
  PostgresSettings,
  RedisSettings,
  ServicePort,
} from '@rapport/service-kit';

/** The settings groups `openClients` reads; a service's composed config satisfies it. */
export interface ClientSettings {
  kafka: KafkaSettings;
  postgres?: PostgresSettings;
  redis?: RedisSettings;
}

/** The Kafka producer always; a pool when the config has `postgres`, a Redis client when it has `redis`. */
export type Clients<C extends ClientSettings> = { kafka: RapportKafka; producer: Producer } & (C extends {
  postgres: PostgresSettings;
}
  ? { pool: Pool }
  : unknown) &
  (C extends { redis: RedisSettings } ? { redis: Redis } : unknown);

/**
 * Opens the standard clients of a service, each with its closer and readiness check (`postgres`,
 * `redis`, `kafka`) registered as it is made. Opened in the order pool, Redis, producer, so they close
 * producer first (flushing what is in flight), pools last; consumers the service starts after this
 * stop before the producer. Redis keys get `REDIS_KEY_PREFIX`, else `<name>:`.
 */
export async function openClients<C extends ClientSettings>(
  name: string,
  config: C,
  service: ServicePort,
  logger: Logger,
): Promise<Clients<C>> {
  const pool = config.postgres
    ? openPool(config.postgres.url, service, { name, logger: logger.child({ component: 'postgres' }) })
    : undefined;
  const redis = config.redis
    ? await openRedis(config.redis.url, service, {
        connectionName: name,
        keyPrefix: config.redis.keyPrefix ?? `${name}:`,
        logger,
      })
    : undefined;
  const { kafka, producer } = await openProducer(
    { ...config.kafka, logger: logger.child({ component: 'kafka' }) },
    service,
  );
  return { kafka, producer, ...(pool && { pool }), ...(redis && { redis }) } as Clients<C>;
}
