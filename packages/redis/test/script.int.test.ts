import { test, uniqueId } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { createRedis, redisScript } from '../src/index.ts';

const silent = { warn: () => {} };

describe('redisScript', () => {
  test('runs by SHA with the client key prefix, also autopipelined, and checks its key count', async ({
    redis,
  }) => {
    const client = createRedis(redis.url, silent, { keyPrefix: redis.prefix, autoPipelining: true });
    await client.connect();
    try {
      // A script the server has never seen: the first call on the connection must load it.
      const lua = `-- ${uniqueId()}\nreturn {redis.call('INCRBY', KEYS[1], ARGV[1]), KEYS[1]}`;
      const add = redisScript<[number, string]>(client, 'testAdd', lua, 1);
      const answers = await Promise.all(Array.from({ length: 20 }, () => add(['n'], [2])));
      expect(answers.map(([n]) => n).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => 2 * (i + 1)),
      );
      expect(answers[0]![1]).toBe(`${redis.prefix}n`);
      expect(await redis.client.get(`${redis.prefix}n`)).toBe('40');
      expect(await add(['n'], [1])).toEqual([41, `${redis.prefix}n`]);
      expect(() => add([], [1])).toThrow('testAdd takes 1 keys, got 0');
    } finally {
      client.disconnect();
    }
  });
});
