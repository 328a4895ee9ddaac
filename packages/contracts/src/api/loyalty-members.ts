import { z } from 'zod';
import { LoyaltyMemberRecord } from '../events/loyalty-member.ts';
import { normaliseHandle, normaliseStrings, normaliseTimestamp } from '../normalise.ts';
import { strictDeep } from '../strict-deep.ts';
import { batchBody } from './ingest.ts';

const example = {
  memberId: 'M-100234',
  program: 'skymiles',
  cardNumbers: ['6007 1234 5678'],
  names: { given: 'Ana', family: 'Souza' },
  email: 'ana.souza@example.com',
  phone: '+44 7700 900123',
  address: { line1: '12 Harbour Road', locality: 'Bristol', postcode: 'BS1 5TX', country: 'GB' },
  birthDate: '1988-04',
  tier: 'gold',
  tierHistory: [
    { tier: 'silver', since: '2021-02-01T00:00:00Z' },
    { tier: 'gold', since: '2024-06-15T00:00:00Z' },
  ],
  handles: [{ platform: 'instagram', handle: 'ana.travels' }],
  consent: { email: true, sms: false, profiling: true },
  updatedAt: '2025-03-14T09:26:53Z',
};

/** `POST /loyalty/members`: one member version. Unknown fields, at any depth, are rejected. */
export const LoyaltyMemberBody = strictDeep(
  LoyaltyMemberRecord.extend({
    change: z
      .enum(['enrolment', 'update'])
      .optional()
      .describe('What happened in the source; default update'),
  }),
)
  .describe('A loyalty member, as enrolled or last updated; deleted: true for a deletion')
  .meta({
    examples: [
      example,
      { memberId: 'M-100235', program: 'skymiles', updatedAt: '2025-03-14T10:00:00Z', deleted: true },
    ],
  });
export type LoyaltyMemberBody = z.input<typeof LoyaltyMemberBody>;

/** `POST /loyalty/members/batch`. */
export const LoyaltyMemberBatchBody = batchBody(LoyaltyMemberBody)
  .describe('Up to 1000 loyalty members')
  .meta({ examples: [{ records: [example] }] });
export type LoyaltyMemberBatchBody = z.input<typeof LoyaltyMemberBatchBody>;

/** A validated body as the record to publish: text trimmed and NFC, timestamps UTC, handles without @. */
export function normaliseLoyaltyMember(
  body: z.output<typeof LoyaltyMemberBody>,
): z.output<typeof LoyaltyMemberBody> {
  // One shallow copy, fields rewritten in place (an existing key keeps its position, as a spread
  // would): nested values are replaced, never mutated, since normaliseStrings may share them.
  const record = { ...normaliseStrings(body) };
  if (record.enrolledAt !== undefined) record.enrolledAt = normaliseTimestamp(record.enrolledAt);
  if (record.tierHistory !== undefined)
    record.tierHistory = record.tierHistory.map((t) => ({ ...t, since: normaliseTimestamp(t.since) }));
  if (record.handles !== undefined)
    record.handles = record.handles.map((h) => ({ ...h, handle: normaliseHandle(h.handle) }));
  if (record.consent?.updatedAt !== undefined)
    record.consent = { ...record.consent, updatedAt: normaliseTimestamp(record.consent.updatedAt) };
  record.updatedAt = normaliseTimestamp(record.updatedAt);
  return record;
}
