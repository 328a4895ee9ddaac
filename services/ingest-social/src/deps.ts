import { createIngestDeps, type IngestDeps } from '@rapport/ingest';
import type { Lifecycle, Logger } from '@rapport/service-kit';
import { SERVICE, type Config } from './config.ts';
import { rawSocialRoutes } from './consumers/raw-social.consumer.ts';

export type Deps = IngestDeps;

/**
 * Composition root: Redis (idempotency, rate limit), the Kafka producer and the consumer of
 * raw.social.mentions (group: KAFKA_CLIENT_ID, default ingest-social),
 * each with its closer and readiness check (see createIngestDeps for the order).
 */
export function createDeps(config: Config, lifecycle: Lifecycle, logger: Logger): Promise<Deps> {
  return createIngestDeps(SERVICE.name, config, lifecycle, logger, rawSocialRoutes);
}
