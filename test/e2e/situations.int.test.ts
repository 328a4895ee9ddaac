// The situations the product exists for, through the fleet: records sent to the ingest services' REST intake,
// resolved into customers by the matcher, priorities read back from what scoring publishes and from its API.
// The matcher names a customer `c:<its smallest record id>`.
import { mentionId, type MentionPriorityEvent } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import {
  COMPLAINT,
  contact,
  daysAgo,
  member,
  mention,
  purchases,
} from '../../services/scoring/test/events.ts';
import type { Scoring } from '../../services/scoring/test/scoring-service.ts';
import { withFleet, type Fleet } from './fleet.ts';

const latest = (events: MentionPriorityEvent[], postId: string) =>
  events.findLast((e) => e.mention.postId === postId);

async function customer(s: Scoring, id: string) {
  const answer = await s.get(`/v1/scoring/customers/${encodeURIComponent(id)}`);
  return answer.statusCode === 200 ? answer.json() : undefined;
}

/** A test with the fleet started on its fixtures: `f` sends records and waits, `s` is scoring. */
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
      await f.send('/v1/social/mentions', [
        mention('quietguest', 'p-quiet', { followers: 75 }),
        mention('loudaccount', 'p-loud', {
          followers: 20_000,
          engagement: { likes: 900, reposts: 120, replies: 60 },
        }),
      ]);
      await f.settled();
      const quiet = latest(s.outputs.mentions, 'p-quiet')!;
      const loud = latest(s.outputs.mentions, 'p-loud')!;
      // The member linked the handle on their profile: the matcher puts the account on the member.
      expect(quiet.customer?.customerId).toBe('c:loyalty:acme:M-1');
      expect(loud.customer?.customerId).toBe('c:social:x:loudaccount');
      expect(loud.priority.value?.isCustomer).toBe(false);
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
      expect(quiet.mention.text).toBe(COMPLAINT);
      expect(quiet.brands).toEqual(['acme']);

      // The care queue shows them in that order, each with its explanation.
      const queue = (await s.get('/v1/scoring/care-queue')).json();
      expect(queue.items.map((i: { mentionId: string }) => i.mentionId)).toEqual([
        mentionId('x', 'p-quiet'),
        mentionId('x', 'p-loud'),
      ]);
      expect(queue.items[0].customerId).toBe('c:loyalty:acme:M-1');
    },
  );

  situation(
    'a gold-tier customer who is a real influencer gets the influencer flag and a high priority',
    async (f, s) => {
      await f.send('/v1/loyalty/members', [
        member('M-2', { tier: 'gold', handles: [{ platform: 'x', handle: 'bigvoice' }] }),
      ]);
      await f.send('/v1/loyalty/transactions', purchases({ memberId: 'M-2' }, 12, 30, '250.00'));
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
      await f.settled();
      const complaint = latest(s.outputs.mentions, 'bv-complaint')!;
      expect(complaint.customer?.customerId).toBe('c:loyalty:acme:M-2');
      expect(['P0', 'P1']).toContain(complaint.priority.band);
      expect(['online', 'both']).toContain(complaint.priority.influencer.flag);
      expect(complaint.priority.influence.score).toBeGreaterThan(60);
      expect(complaint.priority.rulesFired).toContain(`influencer.${complaint.priority.influencer.flag}`);

      const scores = await customer(s, 'c:loyalty:acme:M-2');
      expect(['online', 'both']).toContain(scores.influencer.flag);
      expect(['P0', 'P1']).toContain(scores.band);
      const influencers = (await s.get('/v1/scoring/influencers')).json();
      expect(influencers.items).toEqual([
        expect.objectContaining({ customerId: 'c:loyalty:acme:M-2', reason: scores.influencer.flag }),
      ]);
      expect(influencers.items[0].components.map((c: { name: string }) => c.name)).toContain(
        'influence.reach',
      );
    },
  );

  situation('a loyal customer who never posts keeps a high value score', async (f, s) => {
    await f.send('/v1/loyalty/members', [member('M-3', { tier: 'gold' })]);
    await f.send('/v1/loyalty/transactions', purchases({ memberId: 'M-3' }, 30, 21, '200.00'));
    await f.settled();
    const scores = await customer(s, 'c:loyalty:acme:M-3');
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
    // Its band as last published (the customer may be scored before its purchases: the band then moves).
    const published = s.outputs.priorities.findLast((p) => p.customerId === 'c:loyalty:acme:M-3');
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
      await f.settled();
      const offline = (await s.get('/v1/scoring/influencers?reason=offline')).json();
      expect(offline.items.map((i: { customerId: string }) => i.customerId)).toEqual(['c:loyalty:acme:M-4']);
      const scores = await customer(s, 'c:loyalty:acme:M-4');
      expect(scores.recordIds).toEqual(['loyalty:acme:M-4', 'social:x:fewfollowers']);
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
      const names = { given: 'Jane', family: 'Smith' };
      await f.send('/v1/loyalty/members', [member('M-J', { tier: 'gold', names, cardNumbers: ['123 456'] })]);
      // Her stays are paid with the card alone: the till does not know the member id.
      await f.send('/v1/loyalty/transactions', purchases({ cardNumber: '123456' }, 10, 30, '150.00'));
      const post = (postId: string, daysAgo = 0) =>
        mention('janesmith', postId, {
          daysAgo,
          author: { handle: 'janesmith', displayName: 'Jane Smith', profile: { followers: 300 } },
        });
      await f.send('/v1/social/mentions', [post('j-1', 2)]);
      await f.settled();
      const before = latest(s.outputs.mentions, 'j-1')!;
      expect(before.customer?.customerId).toBe('c:social:x:janesmith');
      expect(before.priority.value?.isCustomer).toBe(false);
      // Her account alone: the care agent is shown whom the matcher says it may be, the member.
      expect(before.candidates).toEqual([
        expect.objectContaining({
          customerId: 'c:loyalty:acme:M-J',
          recordId: 'loyalty:acme:M-J',
          ownRecordId: 'social:x:janesmith',
        }),
      ]);
      const queue = (await s.get('/v1/scoring/care-queue')).json();
      const item = queue.items.find((i: { postId: string }) => i.postId === 'j-1');
      expect(item.candidates.map((c: { customerId: string }) => c.customerId)).toEqual([
        'c:loyalty:acme:M-J',
      ]);

      // A CRM contact carries both the handle and the card: the matcher joins the three records.
      const card = { names, loyaltyCards: [{ program: 'acme', number: '123456' }] };
      await f.send('/v1/crm/contacts', [
        contact('C-77', { handles: [{ platform: 'x', handle: 'janesmith' }], ...card }),
      ]);
      await f.settled();
      const past = latest(s.outputs.mentions, 'j-1')!;
      expect(past.customer?.customerId).toBe('c:crm:C-77');
      expect(past.trigger).toBe('identity');
      expect(past.candidates).toBeUndefined();
      expect(past.priority.value?.tier?.label).toBe('gold');
      expect(past.priority.value?.rfm?.frequency).toBeGreaterThan(0);
      expect(past.priority.score).toBeGreaterThan(before.priority.score);

      await f.send('/v1/social/mentions', [post('j-2')]);
      await f.settled();
      const future = latest(s.outputs.mentions, 'j-2')!;
      expect(future.customer?.customerId).toBe('c:crm:C-77');
      expect(future.priority.value?.tier?.label).toBe('gold');
      expect((await customer(s, 'c:crm:C-77')).recordIds).toEqual([
        'crm:C-77',
        'loyalty:acme:M-J',
        'loyalty:acme:card:123456',
        'social:x:janesmith',
      ]);

      // The link was wrong: the CRM drops the handle, the matcher splits the account off again.
      const splitAt = Date.now();
      await f.send('/v1/crm/contacts', [contact('C-77', { ...card, updatedAt: daysAgo(29) })]);
      const moved = await s.outputs.until((o) =>
        ['j-1', 'j-2'].every((p) => latest(o.mentions, p)?.customer?.customerId === 'c:social:x:janesmith')
          ? ['j-1', 'j-2'].map((p) => latest(o.mentions, p)!)
          : undefined,
      );
      expect(Date.now() - splitAt).toBeLessThan(10_000);
      for (const m of moved) {
        expect(m.trigger).toBe('identity');
        expect(m.priority.value?.isCustomer).toBe(false);
        expect(m.candidates?.map((c) => c.customerId)).toEqual(['c:crm:C-77']);
        expect(m.priority.score).toBeLessThan(past.priority.score);
      }
      await f.settled();
      const [jane, holder] = await Promise.all([
        customer(s, 'c:social:x:janesmith'),
        customer(s, 'c:crm:C-77'),
      ]);
      expect(jane.recordIds).toEqual(['social:x:janesmith']);
      expect(jane.explanation.value.isCustomer).toBe(false);
      expect(holder.recordIds).toEqual(['crm:C-77', 'loyalty:acme:M-J', 'loyalty:acme:card:123456']);
      expect(holder.explanation.value.tier.label).toBe('gold');
    },
  );
});
