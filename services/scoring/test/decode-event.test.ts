import {
  deadLetterReasons,
  loyaltyTransactionEvent,
  OBSERVED_WITH_MENTION_HEADER,
  socialAuthorEvent,
  type LoyaltyTransactionRecord,
} from '@rapport/contracts';
import type { ConsumedMessage } from '@rapport/kafka';
import { describe, expect, it } from 'vitest';
import type { EventInvalid } from '../src/use-cases/decode-event.ts';
import { decodeEvent, toMinorUnits } from '../src/use-cases/decode-event.ts';

const message = (
  topic: string,
  value: string | null,
  key: string | null = 'k',
  headers: Record<string, string> = {},
): ConsumedMessage => ({
  topic,
  partition: 0,
  offset: '0',
  key,
  value: value === null ? null : Buffer.from(value),
  headers,
  timestamp: '0',
});

describe('toMinorUnits', () => {
  it.each([
    ['12.50', 'EUR', 1250],
    ['12.5', 'GBP', 1250],
    ['7', 'USD', 700],
    ['1200', 'JPY', 1200],
    ['0.005', 'EUR', 1],
    ['0.0049', 'EUR', 0],
    ['1.2345', 'KWD', 1235],
  ])('%s %s is %d minor units', (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it('refuses what is not a safe integer', () => {
    expect(toMinorUnits('999999999999999.99', 'EUR')).toBeUndefined();
  });
});

describe('decodeEvent', () => {
  it('reads an author, and skips one seen on a mention (the mention applies it)', () => {
    const author = JSON.stringify(
      socialAuthorEvent({
        platform: 'x',
        handle: 'ana',
        profile: { followers: 10 },
        observedAt: '2026-03-01T10:00:00.000Z',
      }),
    );
    expect(decodeEvent(message('social.author.v1', author))).toMatchObject({ event: { kind: 'author' } });
    const withMention = { [OBSERVED_WITH_MENTION_HEADER]: '6f1c1b62-3c4f-5b7a-9d55-0a8f2b8e7c11' };
    expect(decodeEvent(message('social.author.v1', author, 'x:ana', withMention))).toEqual({
      outcome: { kind: 'drop', reason: 'duplicate' },
    });
  });

  it('reads a valid event with its amount in minor units', () => {
    const event = loyaltyTransactionEvent({
      transactionId: 'T-1',
      program: 'acme',
      memberId: 'M-1',
      channel: 'store',
      kind: 'refund',
      amount: '19.99',
      currency: 'EUR',
      occurredAt: '2026-03-01T10:00:00.000Z',
    } as LoyaltyTransactionRecord);
    const decoded = decodeEvent(message('loyalty.transaction.v1', JSON.stringify(event)));
    expect(decoded).toEqual({
      event: { kind: 'transaction', eventId: event.eventId, event, amountMinor: 1999 },
    });
  });

  it('makes a tombstone on a person topic an erasure of that record, on the identity topic a deletion', () => {
    expect(decodeEvent(message('loyalty.member.v1', null, 'acme:M-1'))).toEqual({
      event: { kind: 'erase', recordId: 'loyalty:acme:M-1' },
    });
    expect(decodeEvent(message('crm.contact.v1', null, 'C-7'))).toEqual({
      event: { kind: 'erase', recordId: 'crm:C-7' },
    });
    expect(decodeEvent(message('identity.customer.v1', null, 'C-1'))).toEqual({
      event: { kind: 'identity-tombstone', customerId: 'C-1' },
    });
  });

  it('dead-letters what cannot be read, with the reason and field errors but never the values', () => {
    const outcome = (value: string | null, topic = 'social.mention.v1') => {
      const d = decodeEvent(message(topic, value));
      if (!('outcome' in d) || d.outcome.kind !== 'deadLetter') throw new Error('expected a dead letter');
      expect(deadLetterReasons).toContain(d.outcome.reason);
      return d.outcome;
    };
    expect(outcome(null).reason).toBe('empty_value');
    expect(outcome('{"secret text').reason).toBe('json_invalid');
    expect(outcome('{}', 'unknown.topic.v1').reason).toBe('topic_unknown');
    const invalid = outcome(JSON.stringify({ platform: 'x', text: 'my phone is 07700 900123' }));
    expect(invalid.reason).toBe('schema_invalid');
    const error = invalid.error as EventInvalid;
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/eventId', '/postId']));
    expect(JSON.stringify(error.issues)).not.toContain('07700');
  });
});
