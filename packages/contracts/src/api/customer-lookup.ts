import { z } from 'zod';
import { Handle, Platform } from '../fields/person.ts';
import { CustomerId, RecordId, ShortText, SourceId, nonBlank } from '../fields/text.ts';

// Identifiers travel in request bodies, not in URLs: a URL ends up in proxies' and browsers' logs.

const email = z.strictObject({ kind: z.literal('email'), email: nonBlank(320) });
const phone = z.strictObject({
  kind: z.literal('phone'),
  phone: nonBlank(50).describe(
    'As written; read in the matcher’s default region when it has no country code',
  ),
});
const card = z.strictObject({
  kind: z.literal('card'),
  program: SourceId.describe('Loyalty program id'),
  number: SourceId.describe('Card number as printed; spaces and dashes are ignored'),
});
const handle = z.strictObject({ kind: z.literal('handle'), platform: Platform, handle: Handle });
const crmId = z.strictObject({ kind: z.literal('crm-id'), crmId: SourceId });
const memberId = z.strictObject({ kind: z.literal('member-id'), program: SourceId, memberId: SourceId });

/** One identifier of a person, normalised by the matcher the way the resolution engine normalises it. */
export const IdentifierQuery = z
  .discriminatedUnion('kind', [email, phone, card, handle, crmId, memberId])
  .describe('An identifier: an email, a phone, a loyalty card, a social handle, a CRM id or a member id')
  .meta({
    examples: [
      { kind: 'email', email: 'Jane.Smith+shop@Example.com' },
      { kind: 'card', program: 'club', number: '1234 5678' },
      { kind: 'handle', platform: 'instagram', handle: '@janesmith' },
    ],
  });
export type IdentifierQuery = z.output<typeof IdentifierQuery>;
export type IdentifierKind = IdentifierQuery['kind'];

/** `POST /v1/customers/lookup`. */
export const LookupBody = IdentifierQuery;
export type LookupBody = z.input<typeof LookupBody>;

/** A source record as the summary of a customer lists it. */
export const RecordRef = z.object({
  recordId: RecordId.describe('`${source}:${sourceRecordId}`'),
  source: z.string(),
});

/** Who a customer is at a glance: what a care agent needs while the customer waits. */
export const CustomerSummary = z
  .object({
    customerId: CustomerId,
    displayName: ShortText.optional().describe('The golden record’s name'),
    records: z.array(RecordRef).describe('Every source record of the customer'),
    sources: z.record(z.string(), z.int().min(0)).describe('Source records per source system'),
    loyaltyTier: ShortText.optional().describe('The tier of its loyalty membership, when it has one'),
  })
  .describe('A customer in brief');
export type CustomerSummary = z.output<typeof CustomerSummary>;

/** 200 of a lookup: every customer carrying the identifier (a shared household phone names several). */
export const LookupResult = z
  .object({
    kind: z.string().describe('The kind of identifier looked up'),
    customers: z
      .array(
        CustomerSummary.extend({
          matchedRecordIds: z.array(RecordId).describe('The customer’s records carrying the identifier'),
        }),
      )
      .min(1),
  })
  .describe('The customers carrying the identifier');
export type LookupResult = z.output<typeof LookupResult>;

/** `POST /v1/customers/search`: a name with a postcode or a town. */
export const SearchBody = z
  .strictObject({
    name: ShortText.describe('Full name as spoken ("Jane Smith"), or just the family name'),
    postcode: nonBlank(20).optional(),
    town: ShortText.optional(),
    limit: z.int().min(1).max(50).default(10),
  })
  .refine((b) => b.postcode !== undefined || b.town !== undefined, {
    message: 'give a postcode or a town',
    path: ['postcode'],
  })
  .describe('A name with a postcode or a town')
  .meta({ examples: [{ name: 'Jane Smith', postcode: 'LS1 4AP' }] });
export type SearchBody = z.input<typeof SearchBody>;

/** 200 of a search, best first; possibly empty (a search, unlike a lookup, may find nobody). */
export const SearchResult = z
  .object({
    customers: z.array(
      CustomerSummary.extend({
        recordId: RecordId.describe('The record that matched best'),
        probability: z.number().min(0).max(1).describe('Match probability of that record and the query'),
      }),
    ),
  })
  .describe('Customers whose records match the name and place, best first');
export type SearchResult = z.output<typeof SearchResult>;

/** `{customerId}` in a path. */
export const CustomerIdParams = z.strictObject({
  customerId: CustomerId.describe('A customer id as the matcher gives it (`c:<record id>`)'),
});
