import { z } from 'zod';
import {
  DecimalAmount,
  hasMemberOrCard,
  loyaltyTransactionShape,
  type LoyaltyTransactionRecord,
} from '../events/loyalty-transaction.ts';
import { normaliseStrings, normaliseTimestamp } from '../normalise.ts';
import { strictDeep } from '../strict-deep.ts';
import { batchBody } from './ingest.ts';

// A JSON number is binary floating point once parsed: it is taken for the decimal it stands for,
// rounded to 6 places (`amountFromNumber`), within DecimalAmount's 15 integer digits. That rule is
// what JSON Schema can say (minimum, maximum); "at most 6 decimals" cannot be said of a float without
// multipleOf, which every validator reads differently. A decimal string is taken exactly.
const MAX_AMOUNT = 999_999_999_999_999;
const AmountNumber = z
  .number()
  .min(0)
  .max(MAX_AMOUNT)
  .describe(`Rounded to 6 decimal places; send a decimal string for an exact amount`);

/** A JSON number amount as DecimalAmount's string: 12.5 → "12.5", 0.1234567 → "0.123457". */
export function amountFromNumber(amount: number): string {
  // toFixed rounds the double's exact value; trailing zeros (and a bare point) go.
  return amount.toFixed(6).replace(/\.?0+$/, '');
}

const example = {
  transactionId: 'T-2025-000981',
  program: 'skymiles',
  memberId: 'M-100234',
  storeId: 'BRS-04',
  channel: 'store',
  kind: 'purchase',
  amount: '84.20',
  currency: 'GBP',
  itemCount: 3,
  occurredAt: '2025-03-14T09:26:53+01:00',
};

/** `POST /loyalty/transactions`: one purchase or refund. `amount` is non-negative; `kind` gives the direction. */
export const LoyaltyTransactionBody = strictDeep(
  z
    .object(
      loyaltyTransactionShape(
        z.union([DecimalAmount, AmountNumber]).describe('Decimal string (preferred) or number, non-negative'),
      ),
    )
    .refine(hasMemberOrCard, { message: 'needs memberId or cardNumber', path: ['memberId'] })
    // The refinement above, as JSON Schema says it, so the published document carries the rule.
    .meta({ anyOf: [{ required: ['memberId'] }, { required: ['cardNumber'] }] }),
)
  .describe('A loyalty purchase or refund')
  .meta({
    examples: [
      example,
      {
        transactionId: 'T-2025-000990',
        program: 'skymiles',
        cardNumber: '6007 1234 5678',
        channel: 'online',
        kind: 'refund',
        amount: 20,
        currency: 'GBP',
        originalTransactionId: 'T-2025-000981',
        occurredAt: '2025-03-20T16:02:11Z',
      },
    ],
  });
export type LoyaltyTransactionBody = z.input<typeof LoyaltyTransactionBody>;

/** `POST /loyalty/transactions/batch`. */
export const LoyaltyTransactionBatchBody = batchBody(LoyaltyTransactionBody)
  .describe('Up to 1000 loyalty transactions')
  .meta({ examples: [{ records: [example] }] });
export type LoyaltyTransactionBatchBody = z.input<typeof LoyaltyTransactionBatchBody>;

/** A validated body as the record to publish: amount as a decimal string, text trimmed, timestamp UTC. */
export function normaliseLoyaltyTransaction(
  body: z.output<typeof LoyaltyTransactionBody>,
): LoyaltyTransactionRecord {
  const record = normaliseStrings(body);
  return {
    ...record,
    amount: typeof record.amount === 'number' ? amountFromNumber(record.amount) : record.amount,
    occurredAt: normaliseTimestamp(record.occurredAt),
  };
}
