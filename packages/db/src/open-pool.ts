import type { ServicePort } from '@rapport/service-kit';
import { createPool, pingPool, type Pool, type PoolLogger } from './pool.ts';

/** A service's pool: closed on shutdown, pinged by readiness (`postgres`). */
export function openPool(
  url: string,
  service: ServicePort,
  options: { name: string; logger: PoolLogger },
): Pool {
  const pool = createPool(url, { applicationName: options.name, logger: options.logger });
  service.onStop('postgres', () => pool.end());
  service.readiness.register('postgres', () => pingPool(pool));
  return pool;
}
