import { StewardDecisionEvent } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { startApi, type ApiHarness } from './api-harness.ts';
import { author, everyone, jane, joneses, member, recordOf, tom, upserts } from './api-people.ts';

const id = (c: Parameters<typeof recordOf>[0]) => recordOf(c).recordId;
const path = (s: string) => encodeURIComponent(s);

async function customerOf(api: ApiHarness, recordId: string): Promise<string> {
  const { rows } = await api.pool.query<{ cluster_id: string }>(
    'select cluster_id from resolution_placements where record_id = $1',
    [recordId],
  );
  return rows[0]!.cluster_id;
}

/** Every customer as its sorted member list, for comparing two databases. */
async function customers(api: ApiHarness): Promise<string[]> {
  const { rows } = await api.pool.query<{ members: string }>(
    `select string_agg(record_id, ',' order by record_id) as members from resolution_placements group by cluster_id
      order by 1`,
  );
  return rows.map((r) => r.members);
}

describe('matcher API: stewardship', () => {
  test('lists possible matches by what a decision is worth, page by page', async ({ redis }) => {
    const api = await startApi(redis);
    try {
      // A second unresolved pair between two social accounts: worth less than Tom's.
      const extra = [author('annlee1', 'Ann Lee'), author('ann_lee', 'Ann Lee')];
      await api.apply(upserts([...everyone, ...extra]));
      const all = (await api.get('/v1/review-queue?limit=100')).json();
      const pairs = all.items.map((i: { a: string; b: string; worth: number }) => [i.a, i.b, i.worth]);
      // The Joneses share a home: the engine reports them as related, and does not queue them.
      expect(pairs).toEqual([
        [id(tom.member), id(tom.author), 4],
        [id(extra[1]!), id(extra[0]!), 2],
      ]);
      expect(all.items[0]).toMatchObject({ reason: 'guard:no-personal-evidence' });
      expect(all.items[0].explanation.comparisons.length).toBeGreaterThan(0);
      expect(all.nextCursor).toBeUndefined();

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = (await api.get(`/v1/review-queue?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items.map((i: { a: string; b: string }) => `${i.a}|${i.b}`));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(seen).toEqual(pairs.map(([a, b]: string[]) => `${a}|${b}`));
      expect((await api.get('/v1/review-queue?cursor=not-a-cursor')).statusCode).toBe(400);
    } finally {
      await api.close();
    }
  });

  test('same-person and not-same-person decisions hold through re-resolution, and can be revoked', async ({
    redis,
  }) => {
    const api = await startApi(redis);
    try {
      await api.apply(upserts(everyone));
      const decide = (a: string, b: string, ruling: string, key: 'admin' | 'reader' = 'admin') =>
        api.post(
          '/v1/decisions',
          { a, b, ruling, reason: 'checked with the customer', decidedBy: 'ana' },
          key,
        );

      expect((await decide(id(tom.author), id(tom.member), 'same-person', 'reader')).statusCode).toBe(403);
      const same = await decide(id(tom.author), id(tom.member), 'same-person');
      expect(same.statusCode).toBe(200);
      const tomCustomer = `c:${id(tom.member)}`;
      expect(same.json()).toMatchObject({
        a: id(tom.member),
        b: id(tom.author),
        ruling: 'same-person',
        decidedBy: 'ana',
        customers: [tomCustomer, tomCustomer],
      });
      // Decided: out of the queue; the lookup cache follows.
      const queue = (await api.get('/v1/review-queue')).json();
      expect(queue.items.map((i: { a: string }) => i.a)).not.toContain(id(tom.member));
      const handle = { kind: 'handle', platform: 'instagram', handle: 'tbaker_75' };
      expect((await api.post('/v1/customers/lookup', handle)).json().customers[0].customerId).toBe(
        tomCustomer,
      );

      const apart = await decide(id(jane.author), id(jane.contact), 'not-same-person');
      expect(apart.json().customers[0]).not.toBe(apart.json().customers[1]);
      const why = (
        await api.get(`/v1/records/why?a=${path(id(jane.author))}&b=${path(id(jane.contact))}`)
      ).json();
      expect(why).toMatchObject({ together: false, because: 'steward:apart' });
      expect(why.decisions).toEqual([
        {
          kind: 'apart',
          a: id(jane.contact),
          b: id(jane.author),
          by: 'ana',
          reason: 'checked with the customer',
        },
      ]);

      // Re-resolution: new versions of the records arrive; the rulings hold.
      await api.apply(
        upserts([
          member({ memberId: 'M-3', names: { given: 'Thomas', family: 'Baker' }, email: 'tb@new.example' }),
          author('janesmith', 'Jane A Smith'),
          jane.contact,
        ]),
      );
      expect(await customerOf(api, id(tom.author))).toBe(await customerOf(api, id(tom.member)));
      expect(await customerOf(api, id(jane.author))).not.toBe(await customerOf(api, id(jane.contact)));

      // Revoked: the engine decides again, as if no steward had ruled.
      const revoked = await api.del(`/v1/decisions?a=${path(id(jane.contact))}&b=${path(id(jane.author))}`);
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json()).toMatchObject({ ruling: 'revoked', decidedBy: 'admin' });
      expect(await customerOf(api, id(jane.author))).toBe(await customerOf(api, id(jane.contact)));
      expect(
        (await api.del(`/v1/decisions?a=${path(id(jane.contact))}&b=${path(id(jane.author))}`)).statusCode,
      ).toBe(404);
      await api.del(`/v1/decisions?a=${path(id(tom.author))}&b=${path(id(tom.member))}`);
      expect(await customerOf(api, id(tom.author))).not.toBe(await customerOf(api, id(tom.member)));
      expect((await decide(id(tom.author), 'loyalty:club:nobody', 'same-person')).json()).toMatchObject({
        status: 404,
        recordIds: ['loyalty:club:nobody'],
      });

      // Every ruling went to the outbox, in order, for identity.decision.v1, keyed by its pair.
      const rows = await api.published('identity.decision.v1');
      const rulings = rows.map((r) => StewardDecisionEvent.parse(JSON.parse(r.payload)));
      expect(rulings.map((r) => r.kind)).toEqual(['together', 'apart', 'revoked', 'revoked']);
      expect(rows.map((r) => r.key)).toEqual(rulings.map((r) => r.recordIds.join('|')));
      // Read back by the consumer, each is recognised as applied: nothing changes.
      const before = await customers(api);
      expect((await api.consume(rows)).resolved).toBeUndefined();
      expect(await customers(api)).toEqual(before);
    } finally {
      await api.close();
    }
  });

  test('a rebuild from the same records and the published rulings gives the same customers', async ({
    redis,
  }) => {
    const live = await startApi(redis);
    const rebuilt = await startApi({ ...redis, prefix: `${redis.prefix}rebuilt:` });
    try {
      await live.apply(upserts(everyone));
      await live.post(
        '/v1/decisions',
        { a: id(tom.author), b: id(tom.member), ruling: 'same-person', reason: 'r' },
        'admin',
      );
      await live.post(
        '/v1/decisions',
        { a: id(jane.author), b: id(jane.contact), ruling: 'not-same-person', reason: 'r' },
        'admin',
      );
      await live.post(
        '/v1/decisions',
        { a: id(joneses.alice), b: id(joneses.bob), ruling: 'same-person', reason: 'r' },
        'admin',
      );
      await live.del(`/v1/decisions?a=${path(id(joneses.alice))}&b=${path(id(joneses.bob))}`);
      // The rulings first, then the records, as a rebuild may read the topics in any order.
      await rebuilt.consume(await live.published('identity.decision.v1'));
      await rebuilt.apply(upserts(everyone));
      expect(await customers(rebuilt)).toEqual(await customers(live));
      expect(await customerOf(rebuilt, id(tom.author))).toBe(await customerOf(rebuilt, id(tom.member)));
    } finally {
      await live.close();
      await rebuilt.close();
    }
  });

  test('offers the candidates of an unresolved social author, confirmed with one decision', async ({
    redis,
  }) => {
    const api = await startApi(redis);
    try {
      await api.apply(upserts(everyone));
      const res = await api.get('/v1/social-authors/instagram/tbaker_75/candidates');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ recordId: id(tom.author), resolved: false });
      expect(body.candidates[0]).toMatchObject({
        customerId: `c:${id(tom.member)}`,
        recordId: id(tom.member),
      });
      expect(body.candidates[0].explanation.comparisons.length).toBeGreaterThan(0);
      // Candidates are known customers only: never another social account.
      expect(body.candidates.every((c: { recordId: string }) => !c.recordId.startsWith('social:'))).toBe(
        true,
      );

      const confirmed = await api.post(
        '/v1/decisions',
        { a: body.recordId, b: body.candidates[0].recordId, ruling: 'same-person', reason: 'DM confirmed' },
        'admin',
      );
      expect(confirmed.statusCode).toBe(200);
      const after = (await api.get('/v1/social-authors/instagram/tbaker_75/candidates')).json();
      expect(after).toMatchObject({ resolved: true, customerId: `c:${id(tom.member)}`, candidates: [] });
      expect((await api.get('/v1/social-authors/instagram/janesmith/candidates')).json().resolved).toBe(true);
      expect((await api.get('/v1/social-authors/instagram/nobody/candidates')).statusCode).toBe(404);
    } finally {
      await api.close();
    }
  });
});
