import { buildIngestHttp } from '@rapport/ingest';
import type { AppContext, HttpApp } from '@rapport/service-kit';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { mentionsRoutes } from './routes/mentions.route.ts';

/** The ingest shell (auth, problems, probes, /docs, /metrics, limits, idempotency) plus the mention routes. */
export async function buildApp(context: AppContext<Config, Deps>): Promise<HttpApp> {
  const { app, intake } = await buildIngestHttp(context);
  mentionsRoutes(app, intake);
  return app;
}
