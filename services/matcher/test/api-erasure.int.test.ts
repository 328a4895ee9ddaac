import { ErasureRequestEvent } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { startApi, type ApiHarness } from './api-harness.ts';
import { everyone, jane, joneses, recordOf, tom, upserts } from './api-people.ts';
import { findErased } from './erasure-scan.ts';

const id = (c: Parameters<typeof recordOf>[0]) => recordOf(c).recordId;
const janeIds = [id(jane.contact), id(jane.member), id(jane.author)];

// Everything of Jane's the matcher was given, as it could be stored or cached: names, identifiers as
// typed and as normalised, the ids of her records.
const janesValues = [
  'Jane',
  'Smith',
  'jane.smith',
  'northwind',
  '7700 900123',
  '7700900123',
  '123456',
  'janesmith',
  'Oak Street',
  'LS1 4AB',
  'LS14AB',
  '1985-06-01',
  ...janeIds,
];

async function erasureEvents(api: ApiHarness): Promise<ErasureRequestEvent[]> {
  const rows = await api.published('identity.erasure.v1');
  return rows.map((r) => ErasureRequestEvent.parse(JSON.parse(r.payload)));
}

describe('matcher API: erasure', () => {
  test('erases a person by identifier from every table and Redis, and a replay does not bring them back', async ({
    redis,
  }) => {
    const api = await startApi(redis);
    try {
      await api.apply(upserts(everyone));
      await api.post(
        '/v1/decisions',
        { a: id(jane.author), b: id(tom.member), ruling: 'not-same-person', reason: 'r' },
        'admin',
      );
      // Cached answers that hold Jane's data.
      for (const q of [
        { kind: 'email', email: 'jane.smith@example.com' },
        { kind: 'handle', platform: 'instagram', handle: 'janesmith' },
        { kind: 'phone', phone: '+441134960000' },
      ])
        await api.post('/v1/customers/lookup', q);
      expect((await findErased(api.pool, redis, ['Jane'])).some((f) => f.startsWith('redis'))).toBe(true);

      expect((await api.post('/v1/erasures', { customerId: `c:${id(jane.contact)}` })).statusCode).toBe(403);
      const res = await api.post(
        '/v1/erasures',
        { identifier: { kind: 'card', program: 'club', number: '123456' } },
        'admin',
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ erasedCustomerIds: [`c:${id(jane.contact)}`], records: 3, tombstones: 3 });

      // The tombstones are hashes, published for a rebuild.
      const events = await erasureEvents(api);
      // Once the relay has published what is in the outbox (the decision naming Jane's record), it is gone.
      await api.pool.query(`delete from matcher_outbox`);
      expect(await findErased(api.pool, redis, janesValues)).toEqual([]);
      expect(events).toHaveLength(3);
      expect(JSON.stringify(events)).not.toContain('jane');
      expect((await api.post('/v1/customers/lookup', { kind: 'crm-id', crmId: 'C-1' })).statusCode).toBe(404);
      // Everyone else is still there.
      expect(
        (await api.post('/v1/customers/lookup', { kind: 'phone', phone: '+441134960000' })).json().customers,
      ).toHaveLength(2);

      // The topics replayed: Jane's records (and a decision naming one) come again, and are dropped.
      await api.apply([
        ...upserts(everyone),
        { kind: 'decision', decision: { kind: 'apart', a: id(jane.author), b: id(tom.member) } },
      ]);
      expect(await findErased(api.pool, redis, janesValues)).toEqual([]);
      expect(
        (await api.post('/v1/customers/lookup', { kind: 'member-id', program: 'club', memberId: 'M-1' }))
          .statusCode,
      ).toBe(404);
      expect(
        (await api.post('/v1/customers/lookup', { kind: 'member-id', program: 'club', memberId: 'M-3' }))
          .statusCode,
      ).toBe(200);
    } finally {
      await api.close();
    }
  });

  test('erases by customer id, refuses an identifier several customers carry, 404s the unknown', async ({
    redis,
  }) => {
    const api = await startApi(redis);
    try {
      await api.apply(upserts(everyone));
      const shared = await api.post(
        '/v1/erasures',
        { identifier: { kind: 'phone', phone: '+441134960000' } },
        'admin',
      );
      expect(shared.statusCode).toBe(409);
      expect(shared.json().customerIds).toEqual([`c:${id(joneses.alice)}`, `c:${id(joneses.bob)}`]);
      const bob = await api.post('/v1/erasures', { customerId: `c:${id(joneses.bob)}` }, 'admin');
      expect(bob.json()).toMatchObject({ records: 1 });
      // The identity events naming Bob's record, as the relay publishes and removes them.
      await api.pool.query(`delete from matcher_outbox`);
      expect(await findErased(api.pool, redis, [id(joneses.bob), 'Bob', '222222'])).toEqual([]);
      // Alice is not Bob: the household survives on her side.
      expect(
        (await api.post('/v1/customers/lookup', { kind: 'phone', phone: '+441134960000' })).json().customers,
      ).toHaveLength(1);
      expect((await api.post('/v1/erasures', { customerId: 'c:nobody' }, 'admin')).statusCode).toBe(404);
      expect(
        (await api.post('/v1/erasures', { identifier: { kind: 'email', email: 'no@one.example' } }, 'admin'))
          .statusCode,
      ).toBe(404);
    } finally {
      await api.close();
    }
  });

  test('a rebuild honours the tombstones whether they arrive before or after the records', async ({
    redis,
  }) => {
    const live = await startApi(redis);
    const early = await startApi({ ...redis, prefix: `${redis.prefix}early:` });
    const late = await startApi({ ...redis, prefix: `${redis.prefix}late:` });
    try {
      await live.apply(upserts(everyone));
      await live.post('/v1/erasures', { customerId: `c:${id(jane.contact)}` }, 'admin');
      const tombstones = await erasureEvents(live);

      const published = await live.published('identity.erasure.v1');
      expect(published).toHaveLength(tombstones.length);
      await early.consume(published);
      await early.apply(upserts(everyone));
      await late.apply(upserts(everyone));
      await late.consume(published);
      for (const rebuilt of [early, late]) {
        // The late rebuild published Jane's customers before their tombstones came: the relay takes them.
        await rebuilt.pool.query(`delete from matcher_outbox`);
        expect(await findErased(rebuilt.pool, { ...redis, prefix: `${redis.prefix}x` }, janesValues)).toEqual(
          [],
        );
        const { rows } = await rebuilt.pool.query('select record_id from resolution_records order by 1');
        expect(rows.map((r) => r.record_id)).toEqual(
          everyone
            .map((c) => recordOf(c).recordId)
            .filter((r) => !janeIds.includes(r))
            .sort(),
        );
      }
    } finally {
      await Promise.all([live.close(), early.close(), late.close()]);
    }
  });
});
