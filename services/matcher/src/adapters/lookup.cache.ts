import type { Redis } from '@rapport/redis';
import type { LookupCache } from '../use-cases/ports.ts';

// UNLINK frees memory off the main thread; a batch's keys go in slices so no command grows unbounded.
const SLICE = 1000;

/**
 * Lookup answers in Redis under `lookup:<key hash>` (the client adds the service's key prefix), with a TTL
 * that bounds how long an answer racing with a change could outlive it.
 */
export function redisLookupCache(redis: Redis, ttlSeconds: number): LookupCache {
  const key = (hash: string) => `lookup:${hash}`;
  return {
    async get(hash) {
      return (await redis.get(key(hash))) ?? undefined;
    },
    async set(hash, json) {
      await redis.set(key(hash), json, 'EX', ttlSeconds);
    },
    async invalidate(hashes) {
      for (let i = 0; i < hashes.length; i += SLICE)
        await redis.unlink(...hashes.slice(i, i + SLICE).map(key));
    },
  };
}
