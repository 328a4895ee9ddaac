import { z } from 'zod';
import { CustomerId, RecordId } from '../fields/text.ts';
import { pairOf } from '../fields/pair.ts';

// The resolution engine's explanations as the matcher's API answers them (`@rapport/matching`'s
// PairExplanation, StoredPairExplanation, ClusterExplanation, RecordExplanation). Weights are log2 odds.

export const ComparisonExplanation = z
  .object({
    comparison: z.string().describe('givenName, familyName, birthDate, email, postcode...'),
    level: z.int().min(0).describe('0 missing, 1 exact, then closer to further'),
    label: z.string().describe('exact, nickname, typo, different...'),
    m: z.number().describe('P(this level | same person)'),
    u: z.number().describe('P(this level | different people)'),
    weight: z.number().describe('log2(m/u) as applied, after any term-frequency adjustment; 0 when missing'),
    termFrequencyAdjusted: z.boolean(),
    values: pairOf(z.string()).describe('The two values compared, as normalised'),
  })
  .describe('One comparison of two records');

export const PairExplanation = z
  .object({
    a: RecordId,
    b: RecordId,
    comparisons: z.array(ComparisonExplanation),
    priorWeight: z.number().describe('log2 prior odds that two records are one person'),
    totalWeight: z.number().describe('Prior plus every comparison weight'),
    probability: z.number().min(0).max(1),
    deterministic: z.string().optional().describe('Evidence that links without weighing: same-card...'),
    negative: z.array(z.string()).describe('Evidence against: different-cards:<program>, birth-dates-differ'),
    related: z.array(z.string()).describe('household-address, shared-landline'),
    decision: z.object({
      kind: z.enum(['link', 'review', 'separate']),
      reason: z.string().describe('The rule, guard or threshold that decided: threshold:link, guard:...'),
    }),
    thresholds: z.object({ linkProbability: z.number(), reviewProbability: z.number() }),
  })
  .describe('Every comparison of two records, the total and what decided');
export type PairExplanation = z.output<typeof PairExplanation>;

/** A stored scored pair. */
export const StoredEdge = z.object({
  kind: z.enum(['link', 'review', 'separate']),
  reason: z.string(),
  weight: z.number(),
  refusedBy: z.string().optional().describe('The clustering guard that held this link back'),
  related: z.array(z.string()).optional(),
});

export const StewardDecisionView = z.object({
  kind: z.enum(['together', 'apart']).describe('together: same person; apart: not the same'),
  a: RecordId,
  b: RecordId,
  by: z.string().optional(),
  reason: z.string().optional(),
});
export type StewardDecisionView = z.output<typeof StewardDecisionView>;

/** `GET /v1/records/why?a=&b=`: why two records are one customer, or what keeps them apart. */
export const PairWhy = z
  .object({
    a: RecordId,
    b: RecordId,
    customers: pairOf(CustomerId).describe('The customer of a, and of b'),
    together: z.boolean(),
    because: z
      .string()
      .describe(
        'What decided. Together: steward:together, the rule of their link, or linked-through-other-records. ' +
          'Apart: steward:apart, refused:<clustering guard>, a review or separate verdict (threshold:review, ' +
          'threshold:separate, guard:...), not-compared:no-shared-blocking-key, not-compared:blocks-over-cap',
      ),
    pair: PairExplanation,
    edge: StoredEdge.optional(),
    decisions: z.array(StewardDecisionView),
    blocks: z
      .array(z.object({ rule: z.string(), size: z.int().min(0), cap: z.int().min(0) }))
      .describe(
        'Blocking keys both records carry; a block over its cap is not compared inside (its size is then only said to exceed the cap)',
      ),
    ignored: z
      .tuple([z.array(z.string()), z.array(z.string())])
      .describe('Emails and phones of each record carried by too many people: no evidence'),
  })
  .describe('Why two records are, or are not, one customer');
export type PairWhy = z.output<typeof PairWhy>;

export const PairQuery = z
  .strictObject({ a: RecordId, b: RecordId })
  .refine((q) => q.a !== q.b, { message: 'must name two different records', path: ['b'] });

const ClusterPair = z.object({
  a: RecordId,
  b: RecordId,
  reason: z.string(),
  refusedBy: z.string().optional(),
  pair: PairExplanation.optional(),
});

/** `GET /v1/customers/{customerId}/why`. */
export const CustomerWhy = z
  .object({
    customerId: CustomerId,
    members: z.array(RecordId),
    links: z
      .array(ClusterPair)
      .describe('The links and steward decisions joining the records, strongest first'),
    refused: z.array(ClusterPair).describe('Links between members a clustering guard held back'),
    decisions: z.array(StewardDecisionView),
  })
  .describe('What holds a customer together');
export type CustomerWhy = z.output<typeof CustomerWhy>;

/** `GET /v1/customers/{customerId}/records/{recordId}/why`. */
export const RecordWhy = z
  .object({
    recordId: RecordId,
    customerId: CustomerId.describe('The customer asked about'),
    inCustomer: z.boolean(),
    recordCustomerId: CustomerId.optional().describe('The customer the record is in'),
    evidence: z
      .array(
        z.object({
          other: RecordId,
          kind: z.enum(['link', 'review', 'separate', 'steward-together', 'steward-apart']),
          reason: z.string(),
          weight: z.number(),
          probability: z.number().min(0).max(1),
          refusedBy: z.string().optional(),
          pair: PairExplanation,
        }),
      )
      .describe('The record against every other record of the customer'),
  })
  .describe('Why a record is in a customer, or not');
export type RecordWhy = z.output<typeof RecordWhy>;

export const CustomerRecordParams = z.strictObject({ customerId: CustomerId, recordId: RecordId });
