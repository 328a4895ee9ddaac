import { buildHttp, type HttpApp, type Logger, type Readiness } from '@rapport/service-kit';
import { SERVICE, type Config } from './config.ts';
import type { Deps } from './deps.ts';

export interface AppOptions {
  config: Config;
  deps: Deps;
  logger: Logger;
  readiness: Readiness;
}

/** The HTTP app: the kit's shell (auth, problems, probes, /docs, /metrics) plus this service's routes. */
export async function buildApp({ config, logger, readiness }: AppOptions): Promise<HttpApp> {
  const app = await buildHttp({
    service: SERVICE.name,
    version: SERVICE.version,
    description: 'Resolves incoming person records into customers and publishes identity changes.',
    logger,
    auth: config.auth,
    readiness,
  });
  // Routes go here, one plugin per resource from src/routes/, given the use cases built from deps.
  return app;
}
