// The situations the product exists for, through the fleet: records sent to the ingest services' REST intake,
// customers resolved, priorities read back from what scoring publishes and from its API.
import { mentionId, type MentionPriorityEvent } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import {
  COMPLAINT,
  contact,
  identity,
  member,
  mention,
  purchases,
} from '../../services/scoring/test/events.ts';
import type { Scoring } from '../../services/scoring/test/scoring-service.ts';
import { withFleet, type Fleet } from './fleet.ts';

const latest = (
  events: MentionPriorityEvent[],
  postId: string,
  where: (e: MentionPriorityEvent) => boolean = () => true,
) => events.findLast((e) => e.mention.postId === postId && where(e));

async function customer(s: Scoring, id: string) {
  const answer = await s.get(`/v1/scoring/customers/${id}`);
  return answer.statusCode === 200 ? answer.json() : undefined;
}

/** A test with the fleet started on its fixtures: `f` sends records and resolves customers, `s` is scoring. */
const situation = (name: string, work: (f: Fleet, s: Scoring) => Promise<void>) =>
  test(name, ({ kafka, redis, db }) => withFleet({ kafka, redis, db }, (f) => work(f, f.scoring)));

describe('the situations the product exists for, through the fleet', () => {
  situation(
    'a top-tier member with 75 followers complaining outranks a 20,000-follower account that never bought, same text',
    async (f, s) => {
      await f.send('/v1/loyalty/members', [
        member('M-1', {
          tier: 'platinum',
          cardNumbers: ['1001'],
          handles: [{ platform: 'x', handle: 'quietguest' }],
        }),
      ]);
      await f.send('/v1/loyalty/transactions', purchases({ memberId: 'M-1' }, 14, 25, '300.00'));
      await f.resolve([identity('C-1', 1, ['loyalty:acme:M-1', 'social:x:quietguest'])]);
      await s.consumed();
      await f.send('/v1/social/mentions', [
        mention('quietguest', 'p-quiet', { followers: 75 }),
        mention('loudaccount', 'p-loud', {
          followers: 20_000,
          engagement: { likes: 900, reposts: 120, replies: 60 },
        }),
      ]);
      const [quiet, loud] = await s.outputs.until((o) => {
        const q = latest(o.mentions, 'p-quiet', (e) => e.customer !== null);
        const l = latest(o.mentions, 'p-loud');
        return q && l ? [q, l] : undefined;
      });
      expect(quiet.customer?.customerId).toBe('C-1');
      expect(loud.customer).toBeNull();
      expect(quiet.priority.urgency.score).toBeCloseTo(loud.priority.urgency.score, 10);
      expect(loud.priority.influence.score).toBeGreaterThan(quiet.priority.influence.score);
      expect(quiet.priority.score).toBeGreaterThan(loud.priority.score);
      expect(quiet.priority.rank).toBeLessThan(loud.priority.rank);
      expect(['P0', 'P1']).toContain(quiet.priority.band);
      expect(quiet.priority.value?.tier?.label).toBe('platinum');
      expect(quiet.priority.rfm?.segment).toBe('Champions');
      expect(quiet.priority.rulesFired).toEqual(
        expect.arrayContaining(['intent.complaint', 'brand.direct-mention']),
      );
      expect(loud.priority.components[0]!.reasons).toEqual(['not a customer']);
      expect(quiet.mention.text).toBe(COMPLAINT);
      expect(quiet.brands).toEqual(['acme']);
      expect(quiet.trigger).toBe('observed');

      // The care queue shows them in that order, each with its explanation.
      const queue = (await s.get('/v1/scoring/care-queue')).json();
      expect(queue.items.map((i: { mentionId: string }) => i.mentionId)).toEqual([
        mentionId('x', 'p-quiet'),
        mentionId('x', 'p-loud'),
      ]);
      expect(queue.items[0].customerId).toBe('C-1');
      expect(queue.items[1].customerId).toBeNull();
    },
  );

  situation(
    'a gold-tier customer who is a real influencer gets the influencer flag and a high priority',
    async (f, s) => {
      await f.send('/v1/loyalty/members', [
        member('M-2', { tier: 'gold', handles: [{ platform: 'x', handle: 'bigvoice' }] }),
      ]);
      await f.send('/v1/loyalty/transactions', purchases({ memberId: 'M-2' }, 12, 30, '250.00'));
      await f.resolve([identity('C-2', 1, ['loyalty:acme:M-2', 'social:x:bigvoice'])]);
      await s.consumed();
      const praise = Array.from({ length: 20 }, (_, k) =>
        mention('bigvoice', `praise-${k}`, {
          daysAgo: 3 + 3 * k,
          followers: 250_000,
          text: 'Another lovely weekend with @acmehotels, thank you!',
          engagement: { likes: 1200, replies: 80, reposts: 150 },
        }),
      );
      await f.send('/v1/social/mentions', [
        ...praise,
        mention('bigvoice', 'bv-complaint', { followers: 250_000 }),
      ]);
      const complaint = await s.outputs.until((o) =>
        latest(o.mentions, 'bv-complaint', (e) => e.customer?.customerId === 'C-2'),
      );
      await s.consumed();

      expect(['P0', 'P1']).toContain(complaint.priority.band);
      expect(['online', 'both']).toContain(complaint.priority.influencer.flag);
      expect(complaint.priority.influence.score).toBeGreaterThan(60);
      expect(complaint.priority.rulesFired).toContain(`influencer.${complaint.priority.influencer.flag}`);

      const scores = await customer(s, 'C-2');
      expect(['online', 'both']).toContain(scores.influencer.flag);
      expect(['P0', 'P1']).toContain(scores.band);
      const influencers = (await s.get('/v1/scoring/influencers')).json();
      expect(influencers.items).toEqual([
        expect.objectContaining({ customerId: 'C-2', reason: scores.influencer.flag }),
      ]);
      expect(influencers.items[0].components.map((c: { name: string }) => c.name)).toContain(
        'influence.reach',
      );
    },
  );

  situation('a loyal customer who never posts keeps a high value score', async (f, s) => {
    await f.send('/v1/loyalty/members', [member('M-3', { tier: 'gold' })]);
    await f.send('/v1/loyalty/transactions', purchases({ memberId: 'M-3' }, 30, 21, '200.00'));
    await f.resolve([identity('C-3', 1, ['loyalty:acme:M-3'])]);
    await s.consumed();
    const scores = await customer(s, 'C-3');
    const value = scores.explanation.value;
    expect(value.score).toBeGreaterThan(70);
    expect(['Champions', 'Loyal Customers']).toContain(value.rfm.segment);
    expect(value.clv.probabilityAlive).toBeGreaterThan(0.9);
    expect(scores.explanation.influence.score).toBe(0);
    expect(scores.explanation.urgency.score).toBe(0);
    expect(scores.influencer.flag).toBe('none');
    expect(scores.recordIds).toEqual(['loyalty:acme:M-3']);
    expect(scores.history.items.length).toBeGreaterThan(0);
    // Its purchases as ingest published them are the evidence.
    expect(scores.explanation.sourceEventIds).toContain(
      purchases({ memberId: 'M-3' }, 1, 21, '200.00')[0]!.eventId,
    );
    // Its band as last published (the identity may be scored before the purchases: the band then moves).
    await s.settled();
    const published = s.outputs.priorities.findLast((p) => p.customerId === 'C-3');
    expect(published?.band).toBe(scores.band);
  });

  situation(
    'a member with few followers whose referrals brought in spending customers is an offline influencer',
    async (f, s) => {
      const friends = ['M-4a', 'M-4b', 'M-4c'];
      await f.send('/v1/loyalty/members', [
        member('M-4', { tier: 'silver', handles: [{ platform: 'x', handle: 'fewfollowers' }] }),
        ...friends.map((id) => member(id, { tier: 'blue', referredByMemberId: 'M-4' })),
      ]);
      await f.send('/v1/loyalty/transactions', [
        ...purchases({ memberId: 'M-4' }, 6, 45, '80.00'),
        ...friends.flatMap((id) => purchases({ memberId: id }, 8, 20, '50.00')),
      ]);
      await f.send('/v1/social/mentions', [
        mention('fewfollowers', 'few-1', {
          daysAgo: 5,
          followers: 40,
          text: 'Breakfast at @acmehotels again, thank you!',
        }),
      ]);
      await f.resolve([
        identity('C-4', 1, ['loyalty:acme:M-4', 'social:x:fewfollowers']),
        ...friends.map((id) => identity(`C-${id}`, 1, [`loyalty:acme:${id}`])),
      ]);
      await s.consumed();
      const offline = (await s.get('/v1/scoring/influencers?reason=offline')).json();
      expect(offline.items.map((i: { customerId: string }) => i.customerId)).toEqual(['C-4']);
      const scores = await customer(s, 'C-4');
      const referrals = scores.explanation.influence.offline.components.find(
        (c: { name: string }) => c.name === 'influence.referrals',
      );
      expect(referrals.score).toBeGreaterThan(0.5);
      expect(referrals.reasons[0]).toMatch(/^3 referred customers/);
      expect(scores.explanation.influence.online.score).toBeLessThan(0.5);
    },
  );

  situation(
    'when @janesmith is linked to card 123456 by a CRM contact, her past and future mentions carry her loyalty value; a split makes the scores follow within seconds',
    async (f, s) => {
      await f.send('/v1/loyalty/members', [member('M-J', { tier: 'gold', cardNumbers: ['123 456'] })]);
      // Her stays are paid with the card alone: the till does not know the member id.
      await f.send('/v1/loyalty/transactions', purchases({ cardNumber: '123456' }, 10, 30, '150.00'));
      await f.send('/v1/social/mentions', [mention('janesmith', 'j-1', { daysAgo: 2, followers: 300 })]);
      await f.resolve([identity('C-J', 1, ['loyalty:acme:M-J']), identity('C-S', 1, ['social:x:janesmith'])]);
      const before = await s.outputs.until((o) =>
        latest(o.mentions, 'j-1', (e) => e.customer?.customerId === 'C-S'),
      );
      expect(before.priority.value?.isCustomer).toBe(false);

      // A CRM contact carries both the handle and the card; the matcher joins the three records.
      await f.send('/v1/crm/contacts', [
        contact('C-77', {
          handles: [{ platform: 'x', handle: 'janesmith' }],
          loyaltyCards: [{ program: 'acme', number: '123456' }],
        }),
      ]);
      await f.resolve([
        identity('C-J', 2, ['crm:C-77', 'loyalty:acme:M-J', 'social:x:janesmith'], 'merged', undefined, [
          'C-S',
        ]),
        identity('C-S', 2, [], 'deleted', undefined, ['C-J']),
      ]);
      const past = await s.outputs.until((o) =>
        latest(o.mentions, 'j-1', (e) => e.customer?.customerId === 'C-J'),
      );
      expect(past.trigger).toBe('identity');
      expect(past.priority.value?.tier?.label).toBe('gold');
      expect(past.priority.value?.rfm?.frequency).toBeGreaterThan(0);
      expect(past.priority.score).toBeGreaterThan(before.priority.score);

      await f.send('/v1/social/mentions', [mention('janesmith', 'j-2', { followers: 300 })]);
      const future = await s.outputs.until((o) => latest(o.mentions, 'j-2'));
      expect(future.customer?.customerId).toBe('C-J');
      expect(future.priority.value?.tier?.label).toBe('gold');
      const linked = await customer(s, 'C-J');
      expect(linked.recordIds).toEqual([
        'crm:C-77',
        'loyalty:acme:M-J',
        'loyalty:acme:card:123456',
        'social:x:janesmith',
      ]);

      // The link was wrong: the matcher splits the handle and the contact off into a customer of their own.
      const splitAt = Date.now();
      await f.resolve([
        identity('C-J', 3, ['loyalty:acme:M-J'], 'split', undefined, ['C-K']),
        identity('C-K', 1, ['crm:C-77', 'social:x:janesmith'], 'created', undefined, ['C-J']),
      ]);
      const moved = await s.outputs.until((o) =>
        ['j-1', 'j-2'].every((p) => latest(o.mentions, p)?.customer?.customerId === 'C-K')
          ? ['j-1', 'j-2'].map((p) => latest(o.mentions, p)!)
          : undefined,
      );
      const followed = Date.now() - splitAt;
      expect(followed).toBeLessThan(10_000);
      for (const m of moved) {
        expect(m.trigger).toBe('identity');
        expect(m.priority.value?.isCustomer).toBe(false);
        expect(m.priority.score).toBeLessThan(past.priority.score);
      }
      const [jane, card] = await Promise.all([customer(s, 'C-K'), customer(s, 'C-J')]);
      expect(jane.recordIds).toEqual(['crm:C-77', 'social:x:janesmith']);
      expect(jane.explanation.value.isCustomer).toBe(false);
      expect(card.recordIds).toEqual(['loyalty:acme:M-J', 'loyalty:acme:card:123456']);
      expect(card.explanation.value.tier.label).toBe('gold');
      expect(card.explanation.influence.online.components[0].reasons).toEqual(['0 followers']);
    },
  );
});
