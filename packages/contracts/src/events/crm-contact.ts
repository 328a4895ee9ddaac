import { z } from 'zod';
import { recordEventId } from '../event-id.ts';
import { Consent, LoyaltyCard, PersonNames, PostalAddress, SocialHandle } from '../fields/person.ts';
import { nonBlank, ShortText, SourceId } from '../fields/text.ts';
import { IsoDateTime, PartialDate } from '../fields/time.ts';
import { envelopeFields } from './envelope.ts';

export const ContactChannel = z.enum(['email', 'sms', 'phone', 'post']);

/** A contact as the CRM holds it: the body of `POST /crm/contacts`, a CSV row once mapped, and the event. */
export const CrmContactRecord = z.object({
  crmId: SourceId.describe('Contact id in the CRM'),
  names: PersonNames.optional(),
  birthDate: PartialDate.optional(),
  nationalId: nonBlank(50)
    .optional()
    .describe('A national identifier the CRM holds (e.g. a social security number): strong evidence'),
  emails: z
    .array(z.object({ address: nonBlank(320), type: z.enum(['work', 'personal', 'other']).optional() }))
    .max(20)
    .optional(),
  phones: z
    .array(
      z.object({
        number: nonBlank(50).describe('As entered; E.164 preferred'),
        type: z.enum(['mobile', 'landline', 'work', 'home', 'other']).optional(),
      }),
    )
    .max(20)
    .optional(),
  addresses: z
    .array(
      PostalAddress.extend({ type: z.enum(['home', 'work', 'billing', 'shipping', 'other']).optional() }),
    )
    .max(20)
    .optional(),
  company: ShortText.optional(),
  jobTitle: ShortText.optional(),
  decisionMaker: z.boolean().optional().describe('Decides purchases for their company'),
  decisionScopes: z
    .array(nonBlank(100))
    .max(20)
    .optional()
    .describe('What they decide on, e.g. travel, purchasing'),
  referredByCrmId: SourceId.optional(),
  handles: z.array(SocialHandle).max(50).optional(),
  loyaltyCards: z
    .array(LoyaltyCard)
    .max(50)
    .optional()
    .describe('Loyalty cards the CRM knows for this contact'),
  consent: Consent.optional(),
  doNotContact: z.boolean().optional().describe('Global opt-out: no channel may be used'),
  optOuts: z.array(ContactChannel).max(4).optional().describe('Channels the contact opted out of'),
  updatedAt: IsoDateTime.describe('When the CRM last changed this contact; orders versions'),
  deleted: z.boolean().default(false).describe('True for a deletion (erasure request or removed contact)'),
});
export type CrmContactRecord = z.output<typeof CrmContactRecord>;

/** Topic `crm.contact.v1` (compacted): the latest state of each contact; deletions keep their key. */
export const CrmContactEvent = z
  .object({ ...envelopeFields(1), ...CrmContactRecord.shape })
  .describe('A CRM contact was created, updated or deleted');
export type CrmContactEvent = z.output<typeof CrmContactEvent>;

/** Key: per contact, the `crmId`. */
export function crmContactKey(event: Pick<CrmContactEvent, 'crmId'>): string {
  return event.crmId;
}

export function crmContactEvent(
  record: CrmContactRecord,
  options: { source?: string } = {},
): CrmContactEvent {
  const source = options.source ?? 'crm';
  // The record first: nothing in it may override the envelope.
  return {
    ...record,
    eventId: recordEventId(['crm.contact.v1', source, record.crmId, record.updatedAt], { ...record, source }),
    schemaVersion: 1,
    source,
  };
}
