// The situations the product exists for, through the service: canonical and identity events onto the
// topics, priorities read back from what scoring publishes and from its API.
import { mentionId, type MentionPriorityEvent } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { author, COMPLAINT, identity, member, mention, purchases } from './events.ts';
import { startScoring } from './scoring-service.ts';
import {
  crmContactTopic,
  identityCustomerTopic,
  loyaltyMemberTopic,
  loyaltyTransactionTopic,
  socialAuthorTopic,
  socialMentionTopic,
} from '@rapport/contracts';

const mentionOf = (events: MentionPriorityEvent[], postId: string) =>
  events.findLast((e) => e.mention.postId === postId);

describe('scoring', () => {
  test('a top-tier member with 75 followers complaining outranks a 20,000-follower account that never bought, same text', async ({
    kafka,
    redis,
    db,
  }) => {
    const s = await startScoring({ kafka, redis, db });
    try {
      await s.produce(loyaltyMemberTopic, [member('M-1', { tier: 'platinum', cardNumbers: ['1001'] })]);
      await s.produce(loyaltyTransactionTopic, purchases({ memberId: 'M-1' }, 14, 25, '300.00'));
      await s.produce(socialAuthorTopic, [author('quietguest', 75), author('loudaccount', 20_000)]);
      await s.produce(identityCustomerTopic, [
        identity('C-1', 1, ['loyalty:acme:M-1', 'social:x:quietguest']),
      ]);
      await s.consumed();
      await s.produce(socialMentionTopic, [
        mention('quietguest', 'p-quiet', { followers: 75 }),
        mention('loudaccount', 'p-loud', {
          followers: 20_000,
          engagement: { likes: 900, reposts: 120, replies: 60 },
        }),
      ]);
      const [quiet, loud] = await s.outputs.until((o) => {
        const q = mentionOf(o.mentions, 'p-quiet');
        const l = mentionOf(o.mentions, 'p-loud');
        return q && l ? [q, l] : undefined;
      });
      expect(quiet!.customer?.customerId).toBe('C-1');
      expect(loud!.customer).toBeNull();
      expect(quiet!.priority.urgency.score).toBeCloseTo(loud!.priority.urgency.score, 10);
      expect(loud!.priority.influence.score).toBeGreaterThan(quiet!.priority.influence.score);
      expect(quiet!.priority.score).toBeGreaterThan(loud!.priority.score);
      expect(quiet!.priority.rank).toBeLessThan(loud!.priority.rank);
      expect(quiet!.priority.value?.tier?.label).toBe('platinum');
      expect(quiet!.priority.rulesFired).toEqual(
        expect.arrayContaining(['intent.complaint', 'brand.direct-mention']),
      );
      expect(quiet!.brands).toEqual(['acme']);
      expect(quiet!.mention.text).toBe(COMPLAINT);

      // The care queue shows them in that order.
      const queue = (await s.get('/v1/scoring/care-queue')).json();
      expect(queue.items.map((i: { mentionId: string }) => i.mentionId)).toEqual([
        mentionId('x', 'p-quiet'),
        mentionId('x', 'p-loud'),
      ]);
    } finally {
      await s.stop();
    }
  });
});
