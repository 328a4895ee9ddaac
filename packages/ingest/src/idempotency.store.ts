import { createHash } from 'node:crypto';
import { redisScript, type Redis } from '@rapport/redis';

/** A response as it was sent, so a retried request gets it again byte for byte. */
export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

export type IdempotencyStart =
  | { kind: 'started' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

/** Port: what the HTTP layer needs to make a write idempotent. */
export interface IdempotencyStore {
  /** Claims `key` for a request with `fingerprint`, or says why it cannot run. */
  start(scope: string, key: string, fingerprint: string): Promise<IdempotencyStart>;
  /** Remembers the answer for the key's lifetime. */
  complete(scope: string, key: string, fingerprint: string, response: StoredResponse): Promise<void>;
  /** Forgets a claim whose request produced nothing to remember (a 5xx), so a retry runs again. */
  release(scope: string, key: string, fingerprint: string): Promise<void>;
}

interface Entry {
  s: 'pending' | 'done';
  f: string;
  r?: StoredResponse;
}

// GET then SET NX in one step: two requests with the same key can never both start.
const START = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

// Only our own claim is deleted: never a finished answer, never another request's claim.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface IdempotencyStoreOptions {
  /** How long an answer is remembered. */
  ttlSeconds: number;
  /**
   * How long a claim holds without an answer: longer than any request takes, short enough that a
   * process that died mid-request does not block the key for long.
   */
  claimSeconds?: number;
}

/** Idempotency keys in Redis, per caller (`scope`, the API key's name) so callers never collide. */
export function redisIdempotencyStore(redis: Redis, options: IdempotencyStoreOptions): IdempotencyStore {
  const claimMs = (options.claimSeconds ?? 120) * 1000;
  const ttlMs = options.ttlSeconds * 1000;
  // The key as given may be long or odd: its digest bounds the Redis key and keeps it inert.
  const redisKey = (scope: string, key: string) =>
    `idem:${scope}:${createHash('sha256').update(key).digest('base64url')}`;
  const start = redisScript<string | null>(redis, 'rapportIdempotencyStart', START, 1);
  const release = redisScript<number>(redis, 'rapportIdempotencyRelease', RELEASE, 1);
  const pending = (fingerprint: string) => JSON.stringify({ s: 'pending', f: fingerprint } satisfies Entry);

  return {
    async start(scope, key, fingerprint) {
      const current = await start([redisKey(scope, key)], [pending(fingerprint), claimMs]);
      if (current === null) return { kind: 'started' };
      const entry = JSON.parse(current) as Entry;
      // In flight wins over a mismatch: until the first request answered there is nothing to compare.
      if (entry.s === 'pending' || entry.r === undefined) return { kind: 'in_flight' };
      if (entry.f !== fingerprint) return { kind: 'mismatch' };
      return { kind: 'replay', response: entry.r };
    },
    async complete(scope, key, fingerprint, response) {
      const entry: Entry = { s: 'done', f: fingerprint, r: response };
      await redis.set(redisKey(scope, key), JSON.stringify(entry), 'PX', ttlMs);
    },
    async release(scope, key, fingerprint) {
      await release([redisKey(scope, key)], [pending(fingerprint)]);
    },
  };
}
