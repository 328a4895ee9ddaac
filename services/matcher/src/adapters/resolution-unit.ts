import { translateDatabaseError, withTransaction, type Pool } from '@rapport/db';
import type { Outbox } from '@rapport/outbox';
import type { ResolutionTransaction, ResolutionUnit } from '../use-cases/resolution-ports.ts';
import { eraseHistory, readCustomers, saveCustomerChanges } from './customers.repo.ts';
import type { ModelCatalog } from './model-catalog.ts';
import type { PreparedCache } from './prepared-cache.ts';
import { claimEvents } from './processed-events.repo.ts';
import { PostgresResolutionStore, takeResolutionLock } from './resolution-store.repo.ts';
import { readSocialCustomers } from './social-customers.repo.ts';

// Serialization failure and deadlock: the transaction did nothing and may simply run again.
const TRANSIENT = new Set(['40001', '40P01']);
const isTransient = (error: unknown): boolean => TRANSIENT.has((error as { code?: string }).code ?? '');

/**
 * Resolution transactions on the matcher's pool: BEGIN, the exclusive resolution lock (so resolutions run
 * one at a time across every instance, and the outbox receives each customer's events in order), the
 * active model, the work, COMMIT. A serialization failure or deadlock (a hook's tables, a concurrent
 * migration) reruns the work from the start, up to `maxAttempts` times. An outage (refused or cut
 * connection, server shutting down) is thrown as DatabaseUnavailable.
 */
export function openResolutionUnit(deps: {
  pool: Pool;
  outbox: Outbox;
  models: ModelCatalog;
  /** Prepared forms of stored records kept across the unit's transactions (PreparedCache). */
  cache?: PreparedCache;
  maxAttempts?: number;
}): ResolutionUnit {
  const maxAttempts = deps.maxAttempts ?? 5;
  return {
    async run(work) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await withTransaction(deps.pool, async (client) => {
            await takeResolutionLock(client);
            const models = await deps.models.active(client);
            const tx: ResolutionTransaction = {
              client,
              store: new PostgresResolutionStore(client, { lock: 'none', cache: deps.cache }),
              engine: models.engine,
              modelVersion: models.version,
              next: undefined,
              claimEvents: (ids) => claimEvents(client, ids),
              customers: (ids) => readCustomers(client, ids),
              socialCustomers: (probes) => readSocialCustomers(client, probes),
              saveCustomerChanges: (changes) => saveCustomerChanges(client, deps.outbox, changes),
              eraseHistory: (ids) => eraseHistory(client, ids),
            };
            return await work(tx);
          });
        } catch (error) {
          if (attempt >= maxAttempts || !isTransient(error))
            throw translateDatabaseError(error, 'resolution');
          await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        }
      }
    },
  };
}
