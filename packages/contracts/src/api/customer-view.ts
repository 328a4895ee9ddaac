import { z } from 'zod';
import { IdentityChangeKind } from '../events/identity-change.ts';
import { CustomerId, RecordId } from '../fields/text.ts';
import { pairOf } from '../fields/pair.ts';
import {
  PersonAddress,
  PersonCard,
  PersonEmail,
  PersonHandle,
  PersonPhone,
  PersonRecord,
} from '../person-record.ts';
import { StewardDecisionView } from './explanations.ts';

/** A surviving value and the source record it came from, with the survivorship rule that chose it. */
function golden<T extends z.ZodType>(value: T) {
  return z.object({
    value,
    recordId: RecordId,
    source: z.string(),
    rule: z.string().describe('most-trusted-source, most-recent, most-frequent, longest, only-value...'),
  });
}

export const GoldenRecordView = z
  .object({
    fields: z
      .object({
        givenName: golden(z.string()).optional(),
        middleName: golden(z.string()).optional(),
        familyName: golden(z.string()).optional(),
        fullName: golden(z.string()).optional(),
        birthDate: golden(z.string()).optional(),
        nationalId: golden(z.string()).optional(),
      })
      .describe('One value per field'),
    lists: z
      .object({
        emails: z.array(golden(PersonEmail)),
        phones: z.array(golden(PersonPhone)),
        addresses: z.array(golden(PersonAddress)),
        handles: z.array(golden(PersonHandle)),
        cards: z.array(golden(PersonCard)),
        crmIds: z.array(golden(z.string())),
      })
      .describe('Every distinct value, most recent first'),
  })
  .describe('The golden record: each field taken from one source record by a survivorship rule');

/** One identifier of the customer, as the engine normalises it, with the records carrying it. */
export const CustomerIdentifier = z.object({
  kind: z.enum(['email', 'phone', 'card', 'handle', 'crm-id']),
  value: z.string().describe('Normalised: lower-case email, E.164 phone, program:number, platform:handle'),
  recordIds: z.array(RecordId),
  ignored: z.boolean().describe('Carried by too many people: the engine treats it as no evidence'),
});

/** A customer sharing weaker evidence with this one: a household address, a landline. Never merged. */
export const RelatedCustomer = z.object({
  customerId: CustomerId,
  kinds: z.array(z.string()).describe('household-address, shared-landline'),
  via: z.array(pairOf(RecordId)).describe('Record pairs showing it: (ours, theirs)'),
});

/** One change of the customer, as it was published on identity.customer.v1. */
export const LinkHistoryEntry = z.object({
  revision: z.int().min(1),
  kind: IdentityChangeKind,
  occurredAt: z.string(),
  recordIds: z.array(RecordId).describe('Members after the change'),
  previousCustomerIds: z.array(CustomerId),
  modelVersion: z.string().optional().describe('The model that scored the links at the time'),
  cause: z
    .string()
    .optional()
    .describe('What set it off: records (source events), decision (a steward), model (a switch), erasure'),
  summary: z.string().optional().describe('The change in words, without personal data'),
  rules: z.array(z.string()).optional().describe('The deciding rules, e.g. deterministic:same-card'),
  matchProbability: z.number().min(0).max(1).optional().describe('Of the strongest link'),
  decisions: z
    .array(
      z.object({
        kind: z.enum(['together', 'apart']),
        a: RecordId,
        b: RecordId,
        by: z.string().optional().describe('Who decided'),
        reason: z.string().optional().describe('Why, in their words'),
      }),
    )
    .optional()
    .describe('The steward decisions the change applied'),
});
export type LinkHistoryEntry = z.output<typeof LinkHistoryEntry>;

/** `GET /v1/customers/{customerId}`: everything the matcher knows about one customer. */
export const Customer360 = z
  .object({
    customerId: CustomerId,
    golden: GoldenRecordView,
    records: z.array(PersonRecord).describe('Every source record, as last received'),
    identifiers: z.array(CustomerIdentifier),
    related: z.array(RelatedCustomer),
    decisions: z.array(StewardDecisionView).describe('Steward decisions naming its records'),
    history: z.array(LinkHistoryEntry).describe('Its changes, latest first'),
  })
  .describe('A customer: golden record, source records, identifiers, related customers, link history');
export type Customer360 = z.output<typeof Customer360>;
