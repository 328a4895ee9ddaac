import { buildIngestHttp } from '@rapport/ingest';
import type { AppContext, HttpApp } from '@rapport/service-kit';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { contactImportRoute } from './routes/contact-import.route.ts';
import { contactsRoutes } from './routes/contacts.route.ts';

/** The ingest shell (auth, problems, probes, /docs, /metrics, limits, idempotency) plus the contact routes. */
export async function buildApp(context: AppContext<Config, Deps>): Promise<HttpApp> {
  const { app, intake } = await buildIngestHttp(context);
  const { ingest } = context.config;
  contactsRoutes(app, intake);
  contactImportRoute(app, {
    publisher: intake.publisher,
    observer: intake.observer,
    maxImportRows: ingest.maxImportRows,
    maxImportBytes: ingest.maxImportBytes,
    now: () => new Date(),
  });
  return app;
}
