import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoyaltyTransactionEvent, loyaltyTransactionEvent } from '../events/loyalty-transaction.ts';
import {
  amountFromNumber,
  LoyaltyTransactionBatchBody,
  LoyaltyTransactionBody,
  normaliseLoyaltyTransaction,
} from './loyalty-transactions.ts';

const body = {
  transactionId: 'T-1',
  program: 'skymiles',
  memberId: 'M-1',
  channel: 'online',
  kind: 'purchase',
  amount: '84.20',
  currency: 'GBP',
  occurredAt: '2025-03-14T09:26:53Z',
};

describe('LoyaltyTransactionBody', () => {
  it('accepts its documented examples', () => {
    for (const example of LoyaltyTransactionBody.meta()?.examples as unknown[]) {
      expect(LoyaltyTransactionBody.safeParse(example).error).toBeUndefined();
    }
  });

  it.each([
    ['an unknown field', { ...body, tip: '1.00' }],
    ['neither member nor card', { ...body, memberId: undefined }],
    ['an unknown currency', { ...body, currency: 'ABC' }],
    ['a lowercase currency', { ...body, currency: 'gbp' }],
    ['a negative amount', { ...body, amount: -5 }],
    ['a negative amount string', { ...body, amount: '-5.00' }],
    ['an amount string with too many decimals', { ...body, amount: '0.0000001' }],
    ['an amount above 15 integer digits', { ...body, amount: 1e15 }],
    ['an amount as a boolean', { ...body, amount: true }],
    ['an unknown channel', { ...body, channel: 'kiosk' }],
    ['an occurredAt without time', { ...body, occurredAt: '2025-03-14' }],
  ])('rejects %s', (_, candidate) => {
    expect(LoyaltyTransactionBody.safeParse(candidate).success).toBe(false);
  });

  it('normalises a numeric amount to a decimal string and the time to UTC', () => {
    const record = normaliseLoyaltyTransaction(
      LoyaltyTransactionBody.parse({ ...body, amount: 12.5, occurredAt: '2025-03-14T10:26:53+01:00' }),
    );
    expect(record).toMatchObject({ amount: '12.5', occurredAt: '2025-03-14T09:26:53Z' });
    expect(LoyaltyTransactionEvent.safeParse(loyaltyTransactionEvent(record)).success).toBe(true);
  });

  it('takes any number the document allows, as the decimal it stands for, rounded to 6 places', () => {
    expect(amountFromNumber(84.2)).toBe('84.2');
    expect(amountFromNumber(0.1234567)).toBe('0.123457');
    expect(amountFromNumber(1.192092896e-7)).toBe('0');
    expect(amountFromNumber(999_999_999_999_999)).toBe('999999999999999');
    fc.assert(
      fc.property(fc.double({ min: 0, max: 999_999_999_999_999, noNaN: true }), (amount) => {
        const record = normaliseLoyaltyTransaction(LoyaltyTransactionBody.parse({ ...body, amount }));
        expect(
          LoyaltyTransactionEvent.safeParse(loyaltyTransactionEvent(record)).success,
          String(amount),
        ).toBe(true);
        expect(Math.abs(Number(record.amount) - amount)).toBeLessThanOrEqual(5e-7 + amount * Number.EPSILON);
      }),
    );
  });

  it('batches', () => {
    expect(
      LoyaltyTransactionBatchBody.safeParse({ records: [body, { ...body, transactionId: 'T-2' }] }).success,
    ).toBe(true);
    expect(LoyaltyTransactionBatchBody.safeParse({ records: [{ ...body, extra: 1 }] }).success).toBe(false);
  });
});
