import { buildIngestHttp } from '@rapport/ingest';
import type { AppContext, HttpApp } from '@rapport/service-kit';
import { SERVICE, type Config } from './config.ts';
import type { Deps } from './deps.ts';
import { contactImportRoute } from './routes/contact-import.route.ts';
import { contactsRoutes } from './routes/contacts.route.ts';

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
      'Accepts CRM contacts (single, JSON batch, NDJSON, CSV import with a column mapping) and publishes ' +
      'them to crm.contact.v1; also decodes raw.crm.contacts.',
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
  contactsRoutes(app, routeDeps);
  contactImportRoute(app, {
    publisher: deps.publisher,
    observer: deps.observer,
    maxImportRows: config.ingest.maxImportRows,
    maxImportBytes: config.ingest.maxImportBytes,
    now: () => new Date(),
  });
  return app;
}
