import { buildHttp, type AppContext, type HttpApp } from '@rapport/service-kit';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { apiRoutes } from './routes/api.routes.ts';

/** The kit's shell (auth, problems, probes, /docs, /metrics with the consumer's, resolutions' and outbox's) and the REST API's routes. */
export async function buildApp({ shell, deps }: AppContext<Config, Deps>): Promise<HttpApp> {
  const app = await buildHttp({ ...shell, metricsRegistry: deps.metrics });
  apiRoutes(app, deps.api);
  return app;
}
