// The REST API: scopes, problem+json, cursor paging and filters of the care queue, marking a mention
// handled, score history, and the model's parameters (a value snapshot loaded, the network refitted).
import { readFileSync } from 'node:fs';
import {
  identityCustomerTopic,
  loyaltyMemberTopic,
  loyaltyTransactionTopic,
  mentionId,
  socialAuthorTopic,
  socialMentionTopic,
} from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { SHIPPED_SNAPSHOT } from '../src/deps.ts';
import { author, daysAgo, identity, member, mention, purchases } from './events.ts';
import { keys, withScoring, type Scoring } from './scoring-service.ts';

const texts = [
  'My room at @acmehotels was flooded, this is a safety hazard and I want a refund',
  'Worst stay ever @acmehotels, the staff were rude',
  'Is the pool open tomorrow @acmehotels?',
  'Lovely breakfast this morning',
  'Checking in at @acmehotels, excited!',
];

async function seedQueue(s: Scoring) {
  await s.produce(
    socialMentionTopic,
    texts.map((text, i) =>
      mention(`guest${i}`, `q-${i}`, {
        text,
        daysAgo: i,
        ...(i === 4 && { platform: 'instagram' }),
        ...(i === 3 && { mentionedHandles: [] }),
      }),
    ),
  );
  await s.consumed();
}

async function pages(s: Scoring, query: string, key = keys.reader) {
  const items: { mentionId: string; score: number; occurredAt: string }[] = [];
  let cursor: string | null = null;
  do {
    const answer = await s.get(`/v1/scoring/care-queue?${query}${cursor ? `&cursor=${cursor}` : ''}`, key);
    expect(answer.statusCode, answer.body).toBe(200);
    const page = answer.json();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

describe('the scoring API', () => {
  test('answers problems, checks scopes, pages and filters the care queue, marks mentions handled', async ({
    kafka,
    redis,
    db,
  }) => {
    await withScoring({ kafka, redis, db }, async (s) => {
      await seedQueue(s);

      const missing = await s.get('/v1/scoring/customers/C-none');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.json()).toMatchObject({ type: 'urn:rapport:problem:customer-not-scored', status: 404 });
      expect((await s.svc.app.inject({ url: '/v1/scoring/care-queue' })).statusCode).toBe(401);

      const all = await pages(s, 'limit=50');
      expect(all).toHaveLength(5);
      const paged = await pages(s, 'limit=2');
      expect(paged.map((i) => i.mentionId)).toEqual(all.map((i) => i.mentionId));
      for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
      // The rude complaint first (negative sentiment and the complaint rule), the friendly posts last.
      expect(all[0]!.mentionId).toBe(mentionId('x', 'q-1'));

      const bad = await s.get('/v1/scoring/care-queue?cursor=bm90LWEtY3Vyc29y');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([expect.objectContaining({ path: '/cursor' })]);
      const badBand = await s.get('/v1/scoring/care-queue?band=P9');
      expect(badBand.statusCode).toBe(400);
      expect(badBand.json().errors[0].path).toBe('/band');

      expect((await pages(s, 'platform=instagram')).map((i) => i.mentionId)).toEqual([
        mentionId('instagram', 'q-4'),
      ]);
      expect(await pages(s, 'brand=acme')).toHaveLength(4);
      expect(await pages(s, `from=${daysAgo(1.5)}&to=${daysAgo(0.5)}`)).toEqual([
        expect.objectContaining({ mentionId: mentionId('x', 'q-1') }),
      ]);
      const top = all[0] as unknown as { band: string };
      const inBand = await pages(s, `band=${top.band}`);
      expect(inBand.map((i) => i.mentionId)).toContain(mentionId('x', 'q-1'));
      expect(inBand.every((i) => (i as unknown as { band: string }).band === top.band)).toBe(true);

      const url = `/v1/scoring/care-queue/${mentionId('x', 'q-1')}/handled`;
      const post = (key: string, note: string) =>
        s.svc.app.inject({ method: 'POST', url, headers: { 'x-api-key': key }, payload: { note } });
      expect((await post(keys.reader, 'x')).statusCode).toBe(403);
      const handled = await post(keys.care, 'called back, refund issued');
      expect(handled.statusCode).toBe(200);
      expect(handled.json().handled).toMatchObject({ by: 'care', note: 'called back, refund issued' });
      expect((await post(keys.care, 'again')).json().handled.note).toBe('called back, refund issued');
      expect((await pages(s, '')).map((i) => i.mentionId)).not.toContain(mentionId('x', 'q-1'));
      expect((await pages(s, 'status=handled')).map((i) => i.mentionId)).toEqual([mentionId('x', 'q-1')]);
      const unknown = await s.svc.app.inject({
        method: 'POST',
        url: `/v1/scoring/care-queue/${mentionId('x', 'never-seen')}/handled`,
        headers: { 'x-api-key': keys.care },
      });
      expect(unknown.statusCode, unknown.body).toBe(404);
      expect(unknown.json().type).toBe('urn:rapport:problem:mention-not-found');

      const docs = (await s.svc.app.inject({ url: '/docs/json' })).json();
      expect(Object.keys(docs.paths)).toEqual(
        expect.arrayContaining([
          '/v1/scoring/customers/{customerId}',
          '/v1/scoring/customers/{customerId}/history',
          '/v1/scoring/care-queue',
          '/v1/scoring/care-queue/{mentionId}/handled',
          '/v1/scoring/influencers',
          '/v1/scoring/model',
          '/v1/scoring/model/value-snapshot',
          '/v1/scoring/model/network',
        ]),
      );
    });
  });

  test("pages a customer's history; loads a value snapshot and refits the network for the scores that follow", async ({
    kafka,
    redis,
    db,
  }) => {
    await withScoring({ kafka, redis, db }, async (s) => {
      await s.produce(loyaltyMemberTopic, [member('M-H', { tier: 'silver' })]);
      await s.produce(identityCustomerTopic, [
        identity('C-H', 1, ['loyalty:acme:M-H', 'social:x:historian']),
      ]);
      await s.consumed();
      for (const batch of purchases({ memberId: 'M-H' }, 4, 30, '120.00')) {
        await s.produce(loyaltyTransactionTopic, [batch]);
        await s.consumed();
      }
      const history = [];
      let cursor: string | null = null;
      do {
        const page: { items: unknown[]; nextCursor: string | null } = (
          await s.get(`/v1/scoring/customers/C-H/history?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        history.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      // A score per purchase, one for the identity (and one for the profile when it came after it).
      expect(history.length).toBeGreaterThanOrEqual(5);
      expect((await s.get('/v1/scoring/customers/C-H/history?limit=200')).json().items).toEqual(history);
      expect((history.at(-1) as { published: boolean }).published).toBe(true);
      const current = (await s.get('/v1/scoring/customers/C-H')).json();
      expect(current.history.items[0]).toEqual(history[0]);
      expect(current.explanation.value.snapshotVersion).toBe('shipped-cdnow-1997-09-30');

      const model = (await s.get('/v1/scoring/model')).json();
      expect(model.valueSnapshot).toMatchObject({ version: 'shipped-cdnow-1997-09-30', source: 'shipped' });
      expect(model.network).toBeNull();

      const snapshot = { ...JSON.parse(readFileSync(SHIPPED_SNAPSHOT, 'utf8')), version: 'fitted-2026-03' };
      const put = (key: string, body: object) =>
        s.svc.app.inject({
          method: 'PUT',
          url: '/v1/scoring/model/value-snapshot',
          headers: { 'x-api-key': key },
          payload: body,
        });
      expect((await put(keys.reader, snapshot)).statusCode).toBe(403);
      const invalid = await put(keys.admin, { ...snapshot, bgNbd: { ...snapshot.bgNbd, params: { r: -1 } } });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().errors.map((e: { path: string }) => e.path)).toContain('/bgNbd/params/r');
      const loaded = await put(keys.admin, snapshot);
      expect(loaded.statusCode, loaded.body).toBe(200);
      expect(loaded.json().valueSnapshot).toMatchObject({ version: 'fitted-2026-03', source: 'loaded' });
      expect((await put(keys.admin, snapshot)).statusCode).toBe(200);
      const conflict = await put(keys.admin, {
        ...snapshot,
        population: { ...snapshot.population, customers: 1 },
      });
      expect(conflict.statusCode).toBe(409);

      await s.produce(socialAuthorTopic, [author('historian', 500), author('fan', 10)]);
      await s.produce(socialMentionTopic, [
        mention('fan', 'fan-1', {
          mentionedHandles: ['historian', 'acmehotels'],
          text: 'Ask @historian about @acmehotels',
        }),
        mention('historian', 'h-1', { text: 'Back at @acmehotels' }),
      ]);
      await s.consumed();
      const rescored = (await s.get('/v1/scoring/customers/C-H')).json();
      expect(rescored.explanation.value.snapshotVersion).toBe('fitted-2026-03');

      const refit = await s.svc.app.inject({
        method: 'POST',
        url: '/v1/scoring/model/network',
        headers: { 'x-api-key': keys.admin },
      });
      expect(refit.statusCode, refit.body).toBe(200);
      // fan → historian; the brand's own account is left out of the graph.
      expect(refit.json().network).toMatchObject({ nodes: 2, edges: 1 });
      await s.produce(socialMentionTopic, [mention('historian', 'h-2', { text: 'Pool time @acmehotels' })]);
      const scored = await s.outputs.until((o) => o.mentions.find((m) => m.mention.postId === 'h-2'));
      expect(scored.modelVersion).toBe(`default-2026.1+fitted-2026-03+${refit.json().network.version}`);
      const network = scored.priority.influence.online.components.find(
        (c) => c.name === 'influence.network.social',
      );
      expect(network?.reasons[0]).toMatch(/PageRank .*× the average/);
    });
  });
});
