import {
  authConfig,
  buildHttp,
  kafkaConfig,
  redisConfig,
  serviceConfig,
  type HttpApp,
  type Logger,
  type Readiness,
} from '@rapport/service-kit';
import { z } from 'zod';
import { ingestConfig } from './config.ts';
import type { IngestDeps } from './ingest.deps.ts';
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

/**
 * The HTTP shell of an ingest service: the kit's app (auth, problems, probes, /docs, /metrics with
 * the intake counters) with the intake body limits, NDJSON/CSV parsers, rate limit and
 * Idempotency-Key hooks. The service then registers its routes.
 */
export async function buildIngestHttp(options: {
  service: { name: string; version: string };
  description: string;
  config: IngestServiceConfig;
  deps: IngestDeps;
  logger: Logger;
  readiness: Readiness;
}): Promise<HttpApp> {
  const { config, deps } = options;
  const app = await buildHttp({
    service: options.service.name,
    version: options.service.version,
    description: options.description,
    logger: options.logger,
    auth: config.auth,
    readiness: options.readiness,
    metricsRegistry: deps.metrics,
    bodyLimit: config.ingest.maxBodyBytes,
  });
  installIngestHttp(app, {
    rateLimiter: deps.rateLimiter,
    idempotency: deps.idempotency,
    maxBatchRecords: config.ingest.maxBatchRecords,
  });
  return app;
}
