// Consent: a member who refuses profiling (`consent.profiling: false`) is not scored from their data, and
// what was kept of it goes, as for a deletion.
import { identityCustomerTopic, loyaltyMemberTopic, loyaltyTransactionTopic } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { daysAgo, identity, member, PROGRAM, purchases } from './events.ts';
import { withScoring } from './scoring-service.ts';

describe('consent', () => {
  test('a member who refuses profiling loses their features and their value score', async ({
    kafka,
    redis,
    db,
  }) => {
    await withScoring({ kafka, redis, db }, async (s) => {
      const record = `loyalty:${PROGRAM}:M-6`;
      await s.produce(loyaltyMemberTopic, [member('M-6', { tier: 'gold' })]);
      await s.produce(loyaltyTransactionTopic, purchases({ memberId: 'M-6' }, 6, 20, '300.00'));
      await s.produce(identityCustomerTopic, [identity('K-6', 1, [record])]);
      await s.settled();
      const score = async () =>
        (
          await db.pool.query<{ value_score: number; erased: boolean; days: number }>(
            `select s.value_score, r.erased, json_array_length(r.features->'purchases'->'days') as days
               from scoring_records r left join scoring_scores s on s.customer_id = 'K-6'
              where r.record_id = $1`,
            [record],
          )
        ).rows[0]!;
      const consenting = await score();
      expect(consenting.erased).toBe(false);
      expect(consenting.days).toBe(6);
      expect(consenting.value_score).toBeGreaterThan(0);

      await s.produce(loyaltyMemberTopic, [
        member('M-6', { tier: 'gold', updatedAt: daysAgo(1), consent: { profiling: false } }),
      ]);
      await s.produce(loyaltyTransactionTopic, [
        ...purchases({ memberId: 'M-6' }, 1, 1, '300.00', 0).map((p) => ({
          ...p,
          eventId: '7d0e4a57-2a4c-4c36-8f49-3c1d2b0a9e11',
          transactionId: 'T-M-6-after',
        })),
      ]);
      await s.settled();
      const refusing = await score();
      expect(refusing.erased).toBe(true);
      expect(refusing.days).toBe(0);
      // The customer holds nothing scoring may use: no value score is kept for it.
      expect(refusing.value_score ?? 0).toBe(0);
    });
  });
});
