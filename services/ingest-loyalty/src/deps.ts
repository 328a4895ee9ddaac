import { createIngestDeps, type IngestDeps } from '@rapport/ingest';
import type { Lifecycle, Logger } from '@rapport/service-kit';
import { SERVICE, type Config } from './config.ts';
import { rawLoyaltyRoutes } from './consumers/raw-loyalty.consumer.ts';

export type Deps = IngestDeps;

/**
 * Composition root: Redis (idempotency, rate limit), the Kafka producer and the consumer of
 * raw.loyalty.members and raw.loyalty.transactions (group: KAFKA_CLIENT_ID, default ingest-loyalty),
 * each with its closer and readiness check (see createIngestDeps for the order).
 */
export function createDeps(config: Config, lifecycle: Lifecycle, logger: Logger): Promise<Deps> {
  return createIngestDeps(SERVICE.name, config, lifecycle, logger, rawLoyaltyRoutes);
}
