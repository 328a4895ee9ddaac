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

// A JSON number is accepted when its shortest spelling, String(n), is a valid decimal string, so
// converting it loses nothing; 1e-7 or 1e21 are refused rather than rounded.
const AmountNumber = z
  .number()
  .min(0)
  .refine((n) => DecimalAmount.safeParse(String(n)).success, {
    message: 'must have at most 15 integer and 6 decimal digits',
  });

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
    .refine(hasMemberOrCard, { message: 'needs memberId or cardNumber', path: ['memberId'] }),
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
    amount: typeof record.amount === 'number' ? String(record.amount) : record.amount,
    occurredAt: normaliseTimestamp(record.occurredAt),
  };
}
