import { buildIngestHttp } from '@rapport/ingest';
import type { AppContext, HttpApp } from '@rapport/service-kit';
import { SERVICE, type Config } from './config.ts';
import type { Deps } from './deps.ts';
import { membersRoutes } from './routes/members.route.ts';
import { transactionsRoutes } from './routes/transactions.route.ts';

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
      'Accepts loyalty members and transactions (single, JSON batch, NDJSON) and publishes them to ' +
      'loyalty.member.v1 and loyalty.transaction.v1; also decodes raw.loyalty.members and raw.loyalty.transactions.',
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
  membersRoutes(app, routeDeps);
  transactionsRoutes(app, routeDeps);
  return app;
}
