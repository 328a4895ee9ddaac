import type { PreparedRecord } from '@rapport/matching';
import { describe, expect, it } from 'vitest';
import { PreparedCache } from '../src/adapters/prepared-cache.ts';

// Its use by the store, against Postgres, is in resolution-store.int.test.ts.
describe('PreparedCache', () => {
  it('holds at most its limit, the least recently used going first', () => {
    const cache = new PreparedCache(2);
    const form = (id: string) => ({ id }) as unknown as PreparedRecord;
    cache.put('a', 'v1', form('a'));
    cache.put('b', 'v1', form('b'));
    cache.put('a', 'v1', form('a'));
    cache.put('c', 'v1', form('c'));
    expect([cache.get('a')?.version, cache.get('b'), cache.get('c')?.version]).toEqual([
      'v1',
      undefined,
      'v1',
    ]);
    const none = new PreparedCache(0);
    none.put('a', 'v1', form('a'));
    expect(none.size).toBe(0);
  });
});
