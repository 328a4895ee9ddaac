import { buildHttp, type AppContext, type HttpApp } from '@rapport/service-kit';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { careQueueRoutes } from './routes/care-queue.route.ts';
import { customerScoresRoutes } from './routes/customer-scores.route.ts';
import { influencersRoutes } from './routes/influencers.route.ts';
import { modelRoutes } from './routes/model.route.ts';

/** The kit's shell (auth, problems, probes, /docs, /metrics with the consumer's and outbox's) and scoring's routes. */
export async function buildApp({ shell, deps }: AppContext<Config, Deps>): Promise<HttpApp> {
  const app = await buildHttp({ ...shell, metricsRegistry: deps.metrics });
  const now = () => new Date();
  customerScoresRoutes(app, deps.scores);
  careQueueRoutes(app, deps.careQueue, now);
  influencersRoutes(app, deps.influencers);
  modelRoutes(app, { provider: deps.parameters, store: deps.parameterStore, network: deps.network, now });
  return app;
}
