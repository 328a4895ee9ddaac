import { z } from 'zod';
import { deterministicEventId } from '../event-id.ts';
import { CustomerId, nonBlank } from '../fields/text.ts';
import { IsoDateTime } from '../fields/time.ts';
import { envelopeFields } from './envelope.ts';
import { InfluencerFlag, PriorityBand } from './score-explanation.ts';

const Score = z.number().min(0).max(100);

export const PriorityComponent = z.object({
  name: nonBlank(100).describe('e.g. rfm.recency, clv, influence.reach, urgency.complaint'),
  value: Score,
  weight: z.number().min(0).max(1).optional(),
  reasons: z.array(nonBlank(500)).max(20).describe('Why, without personal data: "3 purchases in 30 days"'),
});

/** Topic `scoring.priority.v1` (compacted): each customer's latest priority. */
export const CustomerPriorityEvent = z
  .object({
    ...envelopeFields(1),
    customerId: CustomerId,
    identityRevision: z.int().min(1).optional().describe('The identity.customer.v1 revision scored'),
    score: Score.describe('0 to 100; higher means act sooner'),
    breakdown: z.object({
      loyaltyValue: Score,
      influence: Score,
      urgency: Score,
      components: z.array(PriorityComponent).max(50),
    }),
    modelVersion: nonBlank(100).describe('Scoring model version, so scores are comparable'),
    band: PriorityBand.optional().describe('The band published (after hysteresis); P0 is the most urgent'),
    previousBand: PriorityBand.optional().describe('The band published before; absent for the first'),
    rank: z.int().min(1).max(100).optional().describe('Queue position 1..100, 1 first'),
    influencer: z
      .object({ flag: InfluencerFlag, online: z.number().min(0).max(1), offline: z.number().min(0).max(1) })
      .optional()
      .describe('For marketing, independent of care priority'),
    occurredAt: IsoDateTime.describe('When the score was computed'),
  })
  .describe('A customer was (re)scored');
export type CustomerPriorityEvent = z.output<typeof CustomerPriorityEvent>;

/** Key: per customer, the `customerId`. */
export function customerPriorityKey(event: Pick<CustomerPriorityEvent, 'customerId'>): string {
  return event.customerId;
}

/**
 * The same inputs scored by the same model give the same id. `band`, when given, tells apart two band
 * changes of one customer at the same event time.
 */
export function customerPriorityEventId(
  customerId: string,
  inputs: { identityRevision?: number; modelVersion: string; occurredAt: string; band?: string },
  source = 'scoring',
): string {
  return deterministicEventId([
    'scoring.priority.v1',
    source,
    customerId,
    String(inputs.identityRevision ?? ''),
    inputs.modelVersion,
    inputs.occurredAt,
    ...(inputs.band === undefined ? [] : [inputs.band]),
  ]);
}
