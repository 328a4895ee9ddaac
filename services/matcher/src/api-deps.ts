import { topics } from '@rapport/contracts';
import { isUnavailable, type Pool } from '@rapport/db';
import type { Engine } from '@rapport/matching';
import type { Outbox } from '@rapport/outbox';
import type { Redis } from '@rapport/redis';
import type { Logger } from '@rapport/service-kit';
import type { ApiSettings } from './api-config.ts';
import { readSnapshot } from './adapters/customer-reads.repo.ts';
import { lookupKeys } from './adapters/lookup-keys.repo.ts';
import { redisLookupCache } from './adapters/lookup.cache.ts';
import { apiHooks, OutgoingEvents } from './use-cases/api-hooks.ts';
import { keyHasher } from './use-cases/lookup-keys.ts';
import type { ApplyChanges, Publication, ReadSnapshot, Tx } from './use-cases/ports.ts';
import { DatabaseUnavailableProblem } from './use-cases/problems.ts';
import type { ResolutionUnit } from './use-cases/resolution-ports.ts';

export type ApiParts = {
  pool: Pool;
  redis: Redis;
  outbox: Outbox;
  settings: ApiSettings;
  logger: Logger;
  now?: () => Date;
};

/** The topics the API publishes on through the matcher's outbox (its relay must carry them). */
export const apiTopics = [topics.identityDecision, topics.identityErasure] as const;

/** Postgres outages become a 503 problem; everything else goes on as thrown. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isUnavailable(error) ? new DatabaseUnavailableProblem() : error;
  }
}

/**
 * The REST API's part of the composition root: its adapters, and the hook the resolution use case runs in
 * every transaction. `withApply` completes it with that use case (which needs the hook first).
 */
export function apiDeps(parts: ApiParts) {
  const { pool, redis, outbox, settings, logger } = parts;
  const log = logger.child({ component: 'api' });
  if (settings.developmentSecret)
    log.info('MATCHER_HASH_SECRET is not set: lookup keys and erasure tombstones use the development secret');
  const hash = keyHasher(settings.hashSecret);
  const cache = redisLookupCache(redis, settings.lookupCacheTtlSeconds);
  // The error's name only: a message can carry a host or a key.
  const onCacheError = (error: unknown) =>
    log.warn({ errorName: (error as Error)?.name }, 'lookup cache unavailable: answering from Postgres');
  const later = (work: () => Promise<void>) => {
    setTimeout(() => void work(), 1000).unref();
  };
  // The engine of the latest resolution, so identifiers are looked up as the stored records were
  // normalised; before the first one, the active model's (read once, taking the resolution lock).
  let current: Engine | undefined;
  let unit: ResolutionUnit | undefined;
  const engine = async (): Promise<Engine> => {
    if (current !== undefined) return current;
    if (unit === undefined) throw new Error('apiDeps: withApply was not called');
    const active = await guard(() => unit!.run(async (tx) => tx.engine));
    current ??= active;
    return current;
  };
  const outgoing = new OutgoingEvents();
  const enqueue = async (tx: Tx, publications: readonly Publication[]) => {
    const decisions = publications.flatMap((p) => (p.topic === 'identity.decision.v1' ? [p.event] : []));
    const erasures = publications.flatMap((p) => (p.topic === 'identity.erasure.v1' ? [p.event] : []));
    if (decisions.length > 0) await outbox.enqueue(tx, topics.identityDecision, decisions);
    if (erasures.length > 0) await outbox.enqueue(tx, topics.identityErasure, erasures);
  };
  const hooks = apiHooks({
    hash,
    cache,
    onCacheError,
    later,
    outgoing,
    enqueue,
    onEngine: (e) => (current = e),
  });
  const reads = readSnapshot(pool);
  const snapshot: ReadSnapshot = (work) => guard(() => reads(work));
  const customersUnder = (hash: string) => guard(() => lookupKeys.customersUnder(pool, hash));
  const now = parts.now ?? (() => new Date());
  return {
    hooks,
    /** The use cases, given the resolution use case and the unit it runs in (for the active model). */
    withApply(apply: ApplyChanges, resolution: ResolutionUnit) {
      unit = resolution;
      const base = { engine, hash, snapshot };
      return {
        lookup: { ...base, cache, onCacheError, customersUnder },
        steward: { snapshot, apply, outgoing, now },
        erasure: { ...base, apply, outgoing, now },
      };
    },
  };
}

export type Api = ReturnType<ReturnType<typeof apiDeps>['withApply']>;
