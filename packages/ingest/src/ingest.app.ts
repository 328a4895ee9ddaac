import {
  authConfig,
  buildHttp,
  kafkaConfig,
  redisConfig,
  serviceConfig,
  type AppContext,
  type HttpApp,
} from '@rapport/service-kit';
import { z } from 'zod';
import { ingestConfig } from './config.ts';
import type { EventPublisher } from './event.publisher.ts';
import type { IngestDeps } from './ingest.deps.ts';
import type { IntakeObserver } from './intake.ts';
import { installIngestHttp } from './ingest-http.ts';

/**
 * The configuration every ingest service reads: Kafka and Redis (no database: ingest only validates
 * and publishes), plus the intake limits (RATE_LIMIT_PER_MINUTE, MAX_BODY_BYTES, ...; see config.ts).
 */
export function ingestServiceConfig(serviceName: string) {
  return z.object({
    service: serviceConfig,
    auth: authConfig,
    kafka: kafkaConfig(serviceName),
    redis: redisConfig,
    ingest: ingestConfig,
  });
}
export type IngestServiceConfig = z.output<ReturnType<typeof ingestServiceConfig>>;

/** What every intake route is given: where events go, what observes them, the batch limit. */
export interface IntakeRouteDeps {
  publisher: EventPublisher;
  observer: IntakeObserver;
  maxBatchRecords: number;
}

/**
 * The HTTP shell of an ingest service: the kit's app (auth, problems, probes, /docs, /metrics with
 * the intake counters) with the intake body limits, NDJSON/CSV parsers, rate limit and
 * Idempotency-Key hooks, and what its intake routes need. The service then registers its routes.
 */
export async function buildIngestHttp(
  context: AppContext<IngestServiceConfig, IngestDeps>,
): Promise<{ app: HttpApp; intake: IntakeRouteDeps }> {
  const { config, deps, shell } = context;
  const app = await buildHttp({
    ...shell,
    metricsRegistry: deps.metrics,
    bodyLimit: config.ingest.maxBodyBytes,
  });
  const { maxBatchRecords } = config.ingest;
  installIngestHttp(app, { rateLimiter: deps.rateLimiter, idempotency: deps.idempotency, maxBatchRecords });
  return { app, intake: { publisher: deps.publisher, observer: deps.observer, maxBatchRecords } };
}
