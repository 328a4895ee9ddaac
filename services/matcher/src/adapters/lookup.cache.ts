import type { Redis } from '@rapport/redis';
import type { LookupCache } from '../use-cases/ports.ts';

// UNLINK frees memory off the main thread; a batch's keys go in slices so no command grows unbounded.
const SLICE = 1000;
// SPOP's count: far more answers than one customer is ever filed under, so one SPOP empties its set.
const ALL = 1_000_000;

/**
 * Lookup answers in Redis under `lookup-answer:<key hash>` (the client adds the service's key prefix), with
 * a TTL that bounds how long an answer racing with a change could outlive it. Each answer is also filed
 * under every customer it names, in the set `lookup-customer:<customer id>`: a change to a customer drops
 * the answers naming it without the matcher reading which keys its records carry. The set lives at least as
 * long as its answers (each filing renews its TTL). Named apart from the `lookup:<key hash>` answers of
 * earlier versions, which were filed nowhere: after a deploy none of those is read (they expire by their TTL).
 */
export function redisLookupCache(redis: Redis, ttlSeconds: number): LookupCache {
  const answer = (hash: string) => `lookup-answer:${hash}`;
  const filed = (customer: string) => `lookup-customer:${customer}`;
  return {
    async get(hash) {
      return (await redis.get(answer(hash))) ?? undefined;
    },
    async set(hash, json, customers) {
      // One transaction: an answer is never cached without being filed, so no invalidation can miss it.
      const tx = redis.multi().set(answer(hash), json, 'EX', ttlSeconds);
      for (const c of customers) tx.sadd(filed(c), hash).expire(filed(c), ttlSeconds);
      failed(await tx.exec());
    },
    async invalidate({ hashes, customers }) {
      // SPOP takes a customer's answers and empties its set in one step: an answer filed a moment later
      // stays filed, for the next invalidation (the second delete catches one that raced this one).
      const stale = [...hashes];
      for (let i = 0; i < customers.length; i += SLICE) {
        const pops = redis.pipeline();
        for (const c of customers.slice(i, i + SLICE)) pops.spop(filed(c), ALL);
        for (const popped of failed(await pops.exec())) stale.push(...(popped as string[]));
      }
      for (let i = 0; i < stale.length; i += SLICE)
        await redis.unlink(...stale.slice(i, i + SLICE).map(answer));
    },
  };
}

/** The replies of a pipeline or transaction, thrown as its first error if a command failed. */
function failed(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('redis transaction discarded');
  for (const [error] of results) if (error !== null) throw error;
  return results.map(([, reply]) => reply);
}
