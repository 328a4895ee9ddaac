import { redisScript, type Redis } from '@rapport/redis';
import type { LookupCache } from '../use-cases/ports.ts';

// UNLINK frees memory off the main thread; a batch's keys go in slices so no command grows unbounded.
const SLICE = 1000;
// SPOP's count: far more answers than one customer is ever filed under, so one SPOP empties its set.
const ALL = 1_000_000;

// A slice of customers' filings (KEYS) and of answers (ARGV after the first) dropped in one call: each
// customer's set popped and its answers unlinked on the server. A SPOP per customer, then an UNLINK, was a
// command per changed customer, ~2% of the matcher's CPU (ioredis builds and encodes each) and most of what
// it allocated for Redis. The answers' keys are made here from ARGV[1], their name with the client's key
// prefix, so the script names keys it is not given as KEYS: one Redis server allows that (the fleet uses
// no Redis Cluster, where they could sit in other slots).
const DROP = `
local answer = ARGV[1]
for i = 2, #ARGV do redis.call('UNLINK', answer .. ARGV[i]) end
for _, filed in ipairs(KEYS) do
  local hashes = redis.call('SPOP', filed, ${ALL})
  for j = 1, #hashes do redis.call('UNLINK', answer .. hashes[j]) end
end
return 0`;

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
  const drop = redisScript<number>(redis, 'rapportLookupDrop', DROP, 'any');
  const prefixedAnswer = `${redis.options.keyPrefix ?? ''}${answer('')}`;
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
      for (let i = 0; i < customers.length; i += SLICE)
        await drop(customers.slice(i, i + SLICE).map(filed), [prefixedAnswer]);
      for (let i = 0; i < hashes.length; i += SLICE)
        await drop([], [prefixedAnswer, ...hashes.slice(i, i + SLICE)]);
    },
  };
}

/** The replies of a pipeline or transaction, thrown as its first error if a command failed. */
function failed(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('redis transaction discarded');
  for (const [error] of results) if (error !== null) throw error;
  return results.map(([, reply]) => reply);
}
