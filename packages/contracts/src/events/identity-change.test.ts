import { describe, expect, it } from 'vitest';
import { IdentityChangeEvent, identityChangeEventId, identityChangeKey } from './identity-change.ts';

const event = {
  eventId: identityChangeEventId('C-9', 3),
  schemaVersion: 1,
  source: 'matcher',
  customerId: 'C-9',
  kind: 'merged',
  revision: 3,
  recordIds: ['loyalty:skymiles:M-1', 'crm:0035g0'],
  previousCustomerIds: ['C-12'],
  explanation: { summary: 'loyalty card on the CRM contact matches', matchProbability: 0.98 },
  occurredAt: '2025-03-14T09:30:00Z',
};

describe('IdentityChangeEvent', () => {
  it('accepts a merge snapshot and defaults previousCustomerIds', () => {
    expect(IdentityChangeEvent.parse(event).kind).toBe('merged');
    const { previousCustomerIds: _, ...created } = { ...event, kind: 'created', revision: 1 };
    expect(IdentityChangeEvent.parse(created).previousCustomerIds).toEqual([]);
  });

  it('derives one id per customer revision', () => {
    expect(identityChangeEventId('C-9', 3)).toBe(event.eventId);
    expect(identityChangeEventId('C-9', 4)).not.toBe(event.eventId);
  });

  it.each([
    ['an unknown kind', { kind: 'absorbed' }],
    ['a zero revision', { revision: 0 }],
    ['a probability above 1', { explanation: { summary: 's', matchProbability: 1.2 } }],
    ['record ids that are not a list', { recordIds: 'crm:1' }],
  ])('rejects %s', (_, change) => {
    expect(IdentityChangeEvent.safeParse({ ...event, ...change }).success).toBe(false);
  });

  it('keys by customer id', () => {
    expect(identityChangeKey(event)).toBe('C-9');
  });
});
