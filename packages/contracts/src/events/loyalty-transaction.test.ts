import { describe, expect, it } from 'vitest';
import { loyaltyMemberKey } from './loyalty-member.ts';
import {
  LoyaltyTransactionEvent,
  loyaltyTransactionEvent,
  loyaltyTransactionKey,
  LoyaltyTransactionRecord,
  signedAmount,
} from './loyalty-transaction.ts';

const record = LoyaltyTransactionRecord.parse({
  transactionId: 'T-1',
  program: 'skymiles',
  memberId: 'M-1',
  channel: 'store',
  kind: 'purchase',
  amount: '84.20',
  currency: 'GBP',
  itemCount: 3,
  occurredAt: '2025-03-14T09:26:53Z',
});
const event = loyaltyTransactionEvent(record);

describe('LoyaltyTransactionEvent', () => {
  it('builds a valid event whose id covers the transaction and its content', () => {
    expect(LoyaltyTransactionEvent.parse(event)).toEqual(event);
    expect(loyaltyTransactionEvent({ ...record }).eventId).toBe(event.eventId);
    expect(loyaltyTransactionEvent({ ...record, transactionId: 'T-2' }).eventId).not.toBe(event.eventId);
  });

  it('accepts a card-only transaction', () => {
    const { memberId: _, ...cardOnly } = event;
    expect(LoyaltyTransactionEvent.safeParse({ ...cardOnly, cardNumber: '6007' }).success).toBe(true);
  });

  it.each([
    ['neither member nor card', { memberId: undefined }],
    ['a lowercase currency', { currency: 'gbp' }],
    ['an unknown currency', { currency: 'ABC' }],
    ['a four-letter currency', { currency: 'EURO' }],
    ['a numeric amount', { amount: 84.2 }],
    ['a negative amount', { amount: '-5.00' }],
    ['an amount with a comma', { amount: '84,20' }],
    ['an unknown channel', { channel: 'kiosk' }],
    ['an unknown kind', { kind: 'exchange' }],
    ['a fractional item count', { itemCount: 1.5 }],
    ['a missing occurredAt', { occurredAt: undefined }],
  ])('rejects %s', (_, change) => {
    expect(LoyaltyTransactionEvent.safeParse({ ...event, ...change }).success).toBe(false);
  });

  it('signs refunds without float arithmetic', () => {
    expect(signedAmount({ kind: 'purchase', amount: '84.20' })).toBe('84.20');
    expect(signedAmount({ kind: 'refund', amount: '84.20' })).toBe('-84.20');
    expect(signedAmount({ kind: 'refund', amount: '0.00' })).toBe('0.00');
  });

  it('keys by member like the member topic, else by card', () => {
    expect(loyaltyTransactionKey(event)).toBe(loyaltyMemberKey({ program: 'skymiles', memberId: 'M-1' }));
    expect(loyaltyTransactionKey({ program: 'skymiles', cardNumber: '6007' })).toBe('skymiles:card:6007');
  });
});
