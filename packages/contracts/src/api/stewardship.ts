import { z } from 'zod';
import { Handle, Platform } from '../fields/person.ts';
import { CustomerId, RecordId, ShortText, nonBlank } from '../fields/text.ts';
import { pairOf } from '../fields/pair.ts';
import { CustomerSummary } from './customer-lookup.ts';
import { PairExplanation } from './explanations.ts';

/** `GET /v1/review-queue`. */
export const ReviewQueueQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .describe('`nextCursor` of the previous page; the queue is read from its start without one'),
});

/** One possible match for a steward: two records in different customers that might be one person. */
export const ReviewItem = z.object({
  a: RecordId,
  b: RecordId,
  customers: pairOf(CustomerSummary).describe('The customer of a, and of b'),
  reason: z
    .string()
    .describe('Why it is not linked: threshold:review, guard:no-personal-evidence, refused:size-cap...'),
  probability: z.number().min(0).max(1),
  worth: z
    .number()
    .min(0)
    .describe(
      'What a decision is worth: the value of the two customers, from the number and kind of their source ' +
        'records and their loyalty tier. The queue is ordered by it, highest first',
    ),
  explanation: PairExplanation,
});
export type ReviewItem = z.output<typeof ReviewItem>;

export const ReviewQueuePage = z
  .object({
    items: z.array(ReviewItem),
    nextCursor: z.string().optional().describe('Absent on the last page'),
  })
  .describe('A page of the review queue, most valuable decision first');
export type ReviewQueuePage = z.output<typeof ReviewQueuePage>;

/** `POST /v1/decisions`: a steward says whether two records are the same person. */
export const DecisionBody = z
  .strictObject({
    a: RecordId,
    b: RecordId,
    ruling: z.enum(['same-person', 'not-same-person']),
    reason: nonBlank(2000).describe('Why, in the steward’s words; never personal data'),
    decidedBy: ShortText.optional().describe('The steward; defaults to the API key’s name'),
  })
  .refine((d) => d.a !== d.b, { message: 'must name two different records', path: ['b'] })
  .describe('A steward decision on two records')
  .meta({
    examples: [
      {
        a: 'social:instagram:janesmith',
        b: 'loyalty:club:M-1',
        ruling: 'same-person',
        reason: 'confirmed with the customer on the phone',
        decidedBy: 'ana.care',
      },
    ],
  });
export type DecisionBody = z.input<typeof DecisionBody>;

/** `DELETE /v1/decisions?a=&b=`: withdraw the ruling on a pair. */
export const DecisionPairQuery = z
  .strictObject({ a: RecordId, b: RecordId })
  .refine((q) => q.a !== q.b, { message: 'must name two different records', path: ['b'] });

/** 200 of a decision or a revocation: the ruling now standing and where the two records are after it. */
export const DecisionResult = z
  .object({
    a: RecordId,
    b: RecordId,
    ruling: z.enum(['same-person', 'not-same-person', 'revoked']),
    decidedBy: z.string(),
    decidedAt: z.string(),
    customers: pairOf(CustomerId).describe('The customer of a, and of b, after the ruling'),
  })
  .describe('The ruling, applied');
export type DecisionResult = z.output<typeof DecisionResult>;

/** `{platform}/{handle}` of a social author in a path. */
export const AuthorParams = z.strictObject({ platform: Platform, handle: Handle });

export const AuthorCandidatesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

/** `GET /v1/social-authors/{platform}/{handle}/candidates`. */
export const AuthorCandidates = z
  .object({
    recordId: RecordId.describe('The author’s record'),
    customerId: CustomerId.describe('The author’s customer now'),
    resolved: z
      .boolean()
      .describe('True when that customer already holds a loyalty or CRM record: nothing to confirm'),
    candidates: z
      .array(
        CustomerSummary.extend({
          recordId: RecordId.describe('The record to confirm the author against (POST /v1/decisions)'),
          probability: z.number().min(0).max(1),
          explanation: PairExplanation,
        }),
      )
      .describe('Loyalty and CRM customers that may be this author, best first'),
  })
  .describe('Who an unresolved social author may be');
export type AuthorCandidates = z.output<typeof AuthorCandidates>;
