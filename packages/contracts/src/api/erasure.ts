import { z } from 'zod';
import { CustomerId } from '../fields/text.ts';
import { IdentifierQuery } from './customer-lookup.ts';

/** `POST /v1/erasures`: forget a person, named by their customer id or by one of their identifiers. */
export const ErasureBody = z
  .union([
    z.strictObject({ customerId: CustomerId }),
    z.strictObject({
      identifier: IdentifierQuery.describe('Erases the customer carrying it (409 when several do)'),
    }),
  ])
  .describe('The person to erase')
  .meta({
    examples: [
      { customerId: 'c:crm:0035g00000XyZ12AAB' },
      { identifier: { kind: 'email', email: 'jane@example.com' } },
    ],
  });
export type ErasureBody = z.input<typeof ErasureBody>;

/** 200 of an erasure: what was removed. Nothing of the person is left to show. */
export const ErasureResult = z
  .object({
    erasedCustomerIds: z.array(CustomerId),
    records: z.int().min(0).describe('Source records removed'),
    tombstones: z
      .int()
      .min(0)
      .describe('One-way hashes kept so that a replay of the topics does not bring the person back'),
  })
  .describe('The erasure, done');
export type ErasureResult = z.output<typeof ErasureResult>;
