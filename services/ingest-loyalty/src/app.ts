import { buildIngestHttp } from '@rapport/ingest';
import type { AppContext, HttpApp } from '@rapport/service-kit';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { membersRoutes } from './routes/members.route.ts';
import { transactionsRoutes } from './routes/transactions.route.ts';

/** The ingest shell (auth, problems, probes, /docs, /metrics, limits, idempotency) plus members and transactions. */
export async function buildApp(context: AppContext<Config, Deps>): Promise<HttpApp> {
  const { app, intake } = await buildIngestHttp(context);
  membersRoutes(app, intake);
  transactionsRoutes(app, intake);
  return app;
}
