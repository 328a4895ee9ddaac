import { openClients } from '@rapport/service-clients';
import type { Lifecycle, Logger } from '@rapport/service-kit';
import type { Config } from './config.ts';

export type Deps = Awaited<ReturnType<typeof createDeps>>;

/** Composition root: the pool, Redis and producer; consumers of identity changes, transactions and mentions will start after them. */
export function createDeps(config: Config, lifecycle: Lifecycle, logger: Logger) {
  return openClients('scoring', config, lifecycle, logger);
}
