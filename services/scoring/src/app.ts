import { buildHttp, type AppContext, type HttpApp } from '@rapport/service-kit';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';

/** The kit's shell (auth, problems, probes, /docs, /metrics); routes will be src/routes/ plugins. */
export function buildApp({ shell }: AppContext<Config, Deps>): Promise<HttpApp> {
  return buildHttp(shell);
}
