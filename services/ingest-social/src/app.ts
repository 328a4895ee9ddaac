import { buildIngestHttp } from '@rapport/ingest';
import type { AppContext, HttpApp } from '@rapport/service-kit';
import { SERVICE, type Config } from './config.ts';
import type { Deps } from './deps.ts';
import { mentionsRoutes } from './routes/mentions.route.ts';

/** The HTTP app: the kit's shell (auth, problems, probes, /docs, /metrics) plus this service's routes. */
export async function buildApp({
  config,
  deps,
  logger,
  readiness,
}: AppContext<Config, Deps>): Promise<HttpApp> {
  const app = await buildIngestHttp({
    service: SERVICE,
    description:
      'Accepts social mentions (single, JSON batch, NDJSON) and publishes each to social.mention.v1 and ' +
      'its author profile to social.author.v1; also decodes raw.social.mentions.',
    config,
    deps,
    logger,
    readiness,
  });
  const routeDeps = {
    publisher: deps.publisher,
    observer: deps.observer,
    maxBatchRecords: config.ingest.maxBatchRecords,
  };
  mentionsRoutes(app, routeDeps);
  return app;
}
