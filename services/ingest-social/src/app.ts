import { installIngestHttp } from '@rapport/ingest';
import { buildHttp, type HttpApp, type Logger, type Readiness } from '@rapport/service-kit';
import { SERVICE, type Config } from './config.ts';
import type { Deps } from './deps.ts';
import { mentionsRoutes } from './routes/mentions.route.ts';

export interface AppOptions {
  config: Config;
  deps: Deps;
  logger: Logger;
  readiness: Readiness;
}

/** The HTTP app: the kit's shell (auth, problems, probes, /docs, /metrics) plus this service's routes. */
export async function buildApp({ config, deps, logger, readiness }: AppOptions): Promise<HttpApp> {
  const app = await buildHttp({
    service: SERVICE.name,
    version: SERVICE.version,
    description:
      'Accepts social mentions (single, JSON batch, NDJSON) and publishes each to social.mention.v1 and ' +
      'its author profile to social.author.v1; also decodes raw.social.mentions.',
    logger,
    auth: config.auth,
    readiness,
    metricsRegistry: deps.metrics,
    bodyLimit: config.ingest.maxBodyBytes,
  });
  installIngestHttp(app, {
    rateLimiter: deps.rateLimiter,
    idempotency: deps.idempotency,
    maxBatchRecords: config.ingest.maxBatchRecords,
  });
  const routeDeps = {
    publisher: deps.publisher,
    observer: deps.observer,
    maxBatchRecords: config.ingest.maxBatchRecords,
  };
  mentionsRoutes(app, routeDeps);
  return app;
}
