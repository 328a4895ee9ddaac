import { z } from 'zod';
import { recordEventId } from '../event-id.ts';
import { Consent, PersonNames, PostalAddress, SocialHandle } from '../fields/person.ts';
import { nonBlank, ShortText, SourceId } from '../fields/text.ts';
import { IsoDateTime, PartialDate } from '../fields/time.ts';
import { envelopeFields } from './envelope.ts';

/** A loyalty member as the loyalty system holds it: the body of `POST /loyalty/members` and of the event. */
export const LoyaltyMemberRecord = z.object({
  memberId: SourceId.describe('Member id, unique within the program'),
  program: SourceId.describe('Loyalty program id'),
  cardNumbers: z
    .array(SourceId)
    .max(50)
    .optional()
    .describe('Every card issued to the member, current and past'),
  names: PersonNames.optional(),
  email: nonBlank(320).optional(),
  phone: nonBlank(50).optional().describe('As entered; E.164 preferred'),
  address: PostalAddress.optional(),
  birthDate: PartialDate.optional(),
  enrolledAt: IsoDateTime.optional(),
  tier: ShortText.optional().describe('Current tier label, e.g. gold'),
  tierHistory: z
    .array(z.object({ tier: ShortText, since: IsoDateTime }))
    .max(100)
    .optional()
    .describe('Tiers held, oldest first'),
  handles: z
    .array(SocialHandle)
    .max(50)
    .optional()
    .describe('Social handles the member linked on their profile: deterministic evidence for matching'),
  referredByMemberId: SourceId.optional(),
  consent: Consent.optional(),
  updatedAt: IsoDateTime.describe('When the source last changed this member; orders versions'),
  deleted: z.boolean().default(false).describe('True for a deletion (erasure request or closed account)'),
});
export type LoyaltyMemberRecord = z.output<typeof LoyaltyMemberRecord>;

export const LoyaltyMemberChange = z.enum(['enrolment', 'update', 'deletion']);
export type LoyaltyMemberChange = z.output<typeof LoyaltyMemberChange>;

/**
 * Topic `loyalty.member.v1` (compacted): the latest state of each member. A deletion keeps its key
 * with `deleted: true` so every consumer sees it before compaction.
 */
export const LoyaltyMemberEvent = z
  .object({
    ...envelopeFields(1),
    change: LoyaltyMemberChange,
    ...LoyaltyMemberRecord.shape,
  })
  .describe('A loyalty member was enrolled, updated or deleted');
export type LoyaltyMemberEvent = z.output<typeof LoyaltyMemberEvent>;

/** Key: per member, `${program}:${memberId}`, so one member's versions stay ordered. */
export function loyaltyMemberKey(event: Pick<LoyaltyMemberEvent, 'program' | 'memberId'>): string {
  return `${event.program}:${event.memberId}`;
}

/** The event for a normalised record. `change` defaults from the record: deleted, else update. */
export function loyaltyMemberEvent(
  record: LoyaltyMemberRecord,
  options: { source?: string; change?: LoyaltyMemberChange } = {},
): LoyaltyMemberEvent {
  const source = options.source ?? 'loyalty';
  const change = record.deleted ? 'deletion' : (options.change ?? 'update');
  // The record first: nothing in it may override the envelope.
  return {
    ...record,
    eventId: recordEventId(['loyalty.member.v1', source, record.program, record.memberId, record.updatedAt], {
      ...record,
      source,
      change,
    }),
    schemaVersion: 1,
    source,
    change,
  };
}
