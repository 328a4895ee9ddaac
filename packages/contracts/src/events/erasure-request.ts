import { z } from 'zod';
import { deterministicEventId } from '../event-id.ts';
import { IsoDateTime } from '../fields/time.ts';
import { envelopeFields } from './envelope.ts';

export const ErasureSubjectKind = z.enum([
  'record',
  'email',
  'phone',
  'card',
  'handle',
  'crm-id',
  'member-id',
]);
export type ErasureSubjectKind = z.output<typeof ErasureSubjectKind>;

/**
 * Topic `identity.erasure.v1` (compacted): a right-to-be-forgotten tombstone, published by the matcher's API
 * through its outbox. It carries no personal data: only a keyed one-way hash of what was erased (a record id
 * or a normalised identifier), so that the matcher drops that person's records when the topics are replayed.
 */
export const ErasureRequestEvent = z
  .object({
    ...envelopeFields(1),
    subjectHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { message: 'must be a lowercase hex SHA-256' })
      .describe(
        "Keyed one-way hash (HMAC-SHA256 under the matcher's secret, hex) of the kind and the erased record " +
          'id or normalised identifier: without the secret it tells nothing, not even of a guessable email',
      ),
    subjectKind: ErasureSubjectKind.describe('What the hash is of'),
    requestedAt: IsoDateTime,
  })
  .describe('A person asked to be forgotten: records matching the hash are erased and stay erased');
export type ErasureRequestEvent = z.output<typeof ErasureRequestEvent>;
export type ErasureRequestInput = z.input<typeof ErasureRequestEvent>;

/** Key: the subject's hash. */
export function erasureRequestKey(event: Pick<ErasureRequestEvent, 'subjectHash'>): string {
  return event.subjectHash;
}

export function erasureRequestEventId(
  event: Pick<ErasureRequestEvent, 'subjectHash' | 'subjectKind'>,
  source = 'matcher',
): string {
  return deterministicEventId(['identity.erasure.v1', source, event.subjectKind, event.subjectHash]);
}
