import { z } from 'zod';
import { deterministicEventId } from '../event-id.ts';
import { CustomerId, RecordId, nonBlank } from '../fields/text.ts';
import { IsoDateTime } from '../fields/time.ts';
import { envelopeFields } from './envelope.ts';

export const IdentityChangeKind = z.enum(['created', 'merged', 'split', 'updated', 'deleted']);
export type IdentityChangeKind = z.output<typeof IdentityChangeKind>;

/**
 * A loyalty or CRM customer a customer of social accounts alone may be: a pair of their records that the
 * matcher scored for review or whose link a guard held back. A steward decision on (`ownRecordId`,
 * `recordId`) confirms it.
 */
export const IdentityCandidate = z.object({
  customerId: CustomerId,
  recordId: RecordId.optional().describe("The candidate customer's record scored against this customer"),
  ownRecordId: RecordId.optional().describe('The record of this customer it was scored against'),
  matchProbability: z.number().min(0).max(1).optional(),
  summary: nonBlank(2000).optional().describe('Why, without personal data'),
});
export type IdentityCandidate = z.output<typeof IdentityCandidate>;

/**
 * Topic `identity.customer.v1` (compacted): the matcher's current view of one customer. Each event
 * is a full snapshot (every record id), so compaction keeping only the last one per key loses nothing.
 * A merge emits `merged` for the survivor and `deleted` for each absorbed id; a split emits `split`
 * for the original and `created` for each new customer.
 */
export const IdentityChangeEvent = z
  .object({
    ...envelopeFields(1),
    customerId: CustomerId.describe('Stable customer id chosen by the matcher'),
    kind: IdentityChangeKind,
    revision: z.int().min(1).describe('Increases by one with each change of this customer'),
    recordIds: z
      .array(RecordId)
      .describe('Every record in the customer now (`${source}:${sourceRecordId}`); empty when deleted'),
    previousCustomerIds: z
      .array(CustomerId)
      .default([])
      .describe(
        'merged: the absorbed customers; split: the customer split from; deleted: the survivor it merged into',
      ),
    explanation: z
      .object({
        summary: nonBlank(2000).describe(
          'Why, in words, without personal data: "card 12** and linked handle agree"',
        ),
        matchProbability: z.number().min(0).max(1).optional(),
        rules: z
          .array(nonBlank(200))
          .max(50)
          .optional()
          .describe('Ids of the rules or comparisons that decided'),
      })
      .optional(),
    candidates: z
      .array(IdentityCandidate)
      .max(10)
      .optional()
      .describe(
        'For a customer of social accounts alone: the loyalty or CRM customers it may be, most likely first, as of this revision',
      ),
    occurredAt: IsoDateTime,
  })
  .describe('The matcher created, merged, split, updated or deleted a customer');
export type IdentityChangeEvent = z.output<typeof IdentityChangeEvent>;
export type IdentityChangeInput = z.input<typeof IdentityChangeEvent>;

/** Key: per customer, the `customerId`. */
export function identityChangeKey(event: Pick<IdentityChangeEvent, 'customerId'>): string {
  return event.customerId;
}

/** The id of a customer's revision: one event per (customer, revision), however often replayed. */
export function identityChangeEventId(customerId: string, revision: number, source = 'matcher'): string {
  return deterministicEventId(['identity.customer.v1', source, customerId, String(revision)]);
}
