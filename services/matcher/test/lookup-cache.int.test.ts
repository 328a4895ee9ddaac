import { createLogger } from '@rapport/service-kit';
import { createRedis } from '@rapport/redis';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { redisLookupCache } from '../src/adapters/lookup.cache.ts';

describe('the Redis lookup cache', () => {
  test('drops the answers filed under a changed customer, and one filed after the first drop at the second', async ({
    redis: fixture,
  }) => {
    const logger = createLogger({ service: 'matcher-test', version: '0', level: 'silent' });
    const redis = createRedis(fixture.url, logger, { keyPrefix: fixture.prefix });
    await redis.connect();
    try {
      const cache = redisLookupCache(redis, 60);
      await cache.set('e1', '[{"customerId":"c:a"}]', ['c:a']);
      await cache.set('p1', '[{"customerId":"c:a"},{"customerId":"c:b"}]', ['c:a', 'c:b']);
      await cache.set('h1', '[{"customerId":"c:b"}]', ['c:b']);
      await cache.set('miss', '[]', []);
      expect(await cache.get('p1')).toBe('[{"customerId":"c:a"},{"customerId":"c:b"}]');

      // c:a changes: every answer naming it goes, the others stay; a miss goes by its hash.
      await cache.invalidate({ hashes: ['miss'], customers: ['c:a'] });
      expect(await cache.get('e1')).toBeUndefined();
      expect(await cache.get('p1')).toBeUndefined();
      expect(await cache.get('miss')).toBeUndefined();
      expect(await cache.get('h1')).toBe('[{"customerId":"c:b"}]');

      // A lookup that read before the commit writes its answer after the first drop: the second drops it.
      await cache.set('e1', '[{"customerId":"c:a"}]', ['c:a']);
      await cache.invalidate({ hashes: ['miss'], customers: ['c:a'] });
      expect(await cache.get('e1')).toBeUndefined();
      // Filings go with their answers: nothing is left under the customer.
      expect(await redis.exists('lookup-customer:c:a')).toBe(0);
      expect(await redis.ttl('lookup-customer:c:b')).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});
