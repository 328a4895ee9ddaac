// Purchases are summed in SCORING_CURRENCY only: without exchange rates, an amount in another currency is
// not added to amounts in euros as if it were the same money.
import { loyaltyTransactionEvent, loyaltyTransactionTopic } from '@rapport/contracts';
import type { RecordFeatures } from '@rapport/scoring-model';
import { test } from '@rapport/testing';
import { describe, expect } from 'vitest';
import { daysAgo, PROGRAM, purchases } from './events.ts';
import { withScoring } from './scoring-service.ts';

describe('currencies', () => {
  test('a purchase in another currency than SCORING_CURRENCY is not summed with the others', async ({
    kafka,
    redis,
    db,
  }) => {
    await withScoring(
      { kafka, redis, db },
      async (s) => {
        const [eur] = purchases({ memberId: 'M-5' }, 1, 1, '100.00');
        const usd = loyaltyTransactionEvent({
          transactionId: 'T-M-5-usd',
          program: PROGRAM,
          memberId: 'M-5',
          channel: 'app',
          kind: 'purchase',
          amount: '100.00',
          currency: 'USD',
          occurredAt: daysAgo(2),
        });
        await s.produce(loyaltyTransactionTopic, [eur!, usd]);
        await s.settled();
        const { rows } = await db.pool.query<{ features: RecordFeatures }>(
          `select features from scoring_records where record_id = $1`,
          [`loyalty:${PROGRAM}:M-5`],
        );
        expect(rows[0]!.features.evidence.map((e) => e.eventId)).toEqual([eur!.eventId]);
        // One purchase day, of the euro amount alone.
        expect(rows[0]!.features.purchases.days.map(([, n, amountMinor]) => [n, amountMinor])).toEqual([
          [1, 10_000],
        ]);
      },
      { SCORING_CURRENCY: 'EUR' },
    );
  });
});
