import { z } from 'zod';
import { CrmContactRecord } from '../events/crm-contact.ts';
import { normaliseHandle, normaliseStrings, normaliseTimestamp } from '../normalise.ts';
import { strictDeep } from '../strict-deep.ts';
import { batchBody } from './ingest.ts';

const example = {
  crmId: '0035g00000XyZ12AAB',
  names: { given: 'Ana', middle: 'Maria', family: 'Souza' },
  emails: [{ address: 'a.souza@northwind.example', type: 'work' }],
  phones: [{ number: '+44 117 496 0123', type: 'work' }],
  addresses: [
    { type: 'work', line1: '1 Temple Quay', locality: 'Bristol', postcode: 'BS1 6DZ', country: 'GB' },
  ],
  company: 'Northwind Travel Ltd',
  jobTitle: 'Head of Procurement',
  decisionMaker: true,
  decisionScopes: ['travel', 'purchasing'],
  handles: [{ platform: 'linkedin', handle: 'ana-souza-procurement' }],
  loyaltyCards: [{ program: 'skymiles', number: '6007 1234 5678' }],
  consent: { email: true, profiling: true },
  optOuts: ['sms'],
  updatedAt: '2025-03-12T15:40:00Z',
};

/** `POST /crm/contacts`: one contact version. Unknown fields, at any depth, are rejected. */
export const CrmContactBody = strictDeep(CrmContactRecord)
  .describe('A CRM contact as created or last updated; deleted: true for a deletion')
  .meta({ examples: [example] });
export type CrmContactBody = z.input<typeof CrmContactBody>;

/** `POST /crm/contacts/batch`. */
export const CrmContactBatchBody = batchBody(CrmContactBody)
  .describe('Up to 1000 CRM contacts')
  .meta({ examples: [{ records: [example] }] });
export type CrmContactBatchBody = z.input<typeof CrmContactBatchBody>;

/** A validated body as the record to publish: text trimmed and NFC, timestamps UTC, handles without @. */
export function normaliseCrmContact(
  body: z.output<typeof CrmContactBody>,
): z.output<typeof CrmContactRecord> {
  const record = normaliseStrings(body);
  return {
    ...record,
    ...(record.handles === undefined
      ? {}
      : { handles: record.handles.map((h) => ({ ...h, handle: normaliseHandle(h.handle) })) }),
    ...(record.consent?.updatedAt === undefined
      ? {}
      : { consent: { ...record.consent, updatedAt: normaliseTimestamp(record.consent.updatedAt) } }),
    updatedAt: normaliseTimestamp(record.updatedAt),
  };
}

/**
 * Record fields a CSV column can fill. List fields (`emails`, `phones`, `decisionScopes`,
 * `optOuts`) split a cell on `listSeparator`; `handles` cells hold `platform:handle` items and
 * `loyaltyCards` cells `program:number` items; boolean cells take true/false, yes/no, y/n, 1/0.
 */
export const CsvContactField = z.enum([
  'crmId',
  'names.given',
  'names.middle',
  'names.family',
  'birthDate',
  'emails',
  'phones',
  'address.streetNumber',
  'address.line1',
  'address.line2',
  'address.locality',
  'address.region',
  'address.postcode',
  'address.country',
  'company',
  'jobTitle',
  'decisionMaker',
  'decisionScopes',
  'referredByCrmId',
  'handles',
  'loyaltyCards',
  'consent.email',
  'consent.sms',
  'consent.phone',
  'consent.post',
  'consent.profiling',
  'consent.thirdParty',
  'doNotContact',
  'optOuts',
  'updatedAt',
  'deleted',
]);
export type CsvContactField = z.output<typeof CsvContactField>;

/**
 * Options of `POST /crm/contacts/imports` (multipart: an `options` part with this JSON and a `file`
 * part with the CSV). The answer is a `BatchAccepted` whose `index` is the 0-based data row.
 */
export const CrmCsvImportOptions = z
  .strictObject({
    columns: z
      .partialRecord(CsvContactField, z.string().min(1).describe('Header of the column in the file'))
      .refine((columns) => columns.crmId !== undefined, { message: 'must map crmId', path: ['crmId'] })
      // The refinement as JSON Schema says it, so the published document carries the rule.
      .meta({ required: ['crmId'] })
      .describe('Record field → CSV column header'),
    delimiter: z.enum([',', ';', '\t', '|']).default(','),
    listSeparator: z.enum([';', '|', ',']).default(';').describe('Separates items inside a list cell'),
    encoding: z.enum(['utf-8', 'latin1']).default('utf-8'),
    emailType: z
      .enum(['work', 'personal', 'other'])
      .optional()
      .describe('Type given to every imported email'),
    phoneType: z.enum(['mobile', 'landline', 'work', 'home', 'other']).optional(),
    addressType: z.enum(['home', 'work', 'billing', 'shipping', 'other']).optional(),
    updatedAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Used for rows without an updatedAt column or value; default: the import time'),
  })
  .describe('How to read a CRM CSV export')
  .meta({
    examples: [
      {
        columns: {
          crmId: 'Contact ID',
          'names.given': 'First Name',
          'names.family': 'Last Name',
          emails: 'Email',
          phones: 'Phone',
          company: 'Account Name',
          jobTitle: 'Title',
          updatedAt: 'Last Modified Date',
        },
        delimiter: ',',
        emailType: 'work',
      },
    ],
  });
export type CrmCsvImportOptions = z.output<typeof CrmCsvImportOptions>;
export type CrmCsvImportOptionsInput = z.input<typeof CrmCsvImportOptions>;
