import { redisScript, type Redis } from '@rapport/redis';

export interface RateLimitHit {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

/** Port: counts a caller's requests. */
export interface RateLimiter {
  readonly limit: number;
  readonly windowSeconds: number;
  hit(caller: string): Promise<RateLimitHit>;
}

// Fixed window: the first request of a window starts its clock. INCR, expiry and TTL in one step so
// concurrent instances share one count; the PTTL guard repairs a key left without expiry.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

/** A fixed-window request counter per caller in Redis, shared by every instance of a service. */
export function redisRateLimiter(
  redis: Redis,
  options: { limit: number; windowSeconds: number },
): RateLimiter {
  const windowMs = options.windowSeconds * 1000;
  const hit = redisScript<[number, number]>(redis, 'rapportRateLimitHit', HIT, 1);
  return {
    limit: options.limit,
    windowSeconds: options.windowSeconds,
    async hit(caller) {
      const [count, ttlMs] = await hit([`rl:${caller}`], [windowMs]);
      return {
        allowed: count <= options.limit,
        limit: options.limit,
        remaining: Math.max(0, options.limit - count),
        resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
      };
    },
  };
}
