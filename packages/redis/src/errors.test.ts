import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { pingRedis } from './client.ts';
import { RedisUnavailable } from './errors.ts';

describe('RedisUnavailable', () => {
  it('is what a failed readiness ping throws, with the client error as its cause', async () => {
    // Nothing listens on port 1; one attempt, no reconnects.
    const redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => {});
    const error = await pingRedis(redis).catch((e: unknown) => e);
    redis.disconnect();
    expect(error).toBeInstanceOf(RedisUnavailable);
    expect(error).toMatchObject({ code: 'REDIS_UNAVAILABLE', name: 'RedisUnavailable' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
