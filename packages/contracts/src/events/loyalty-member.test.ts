import { describe, expect, it } from 'vitest';
import {
  LoyaltyMemberEvent,
  loyaltyMemberEvent,
  loyaltyMemberKey,
  LoyaltyMemberRecord,
} from './loyalty-member.ts';

const record = LoyaltyMemberRecord.parse({
  memberId: 'M-1',
  program: 'skymiles',
  cardNumbers: ['6007 1234'],
  names: { given: 'Ana', family: 'Souza' },
  email: 'ana@example.com',
  birthDate: '1988-04',
  tier: 'gold',
  tierHistory: [{ tier: 'gold', since: '2024-06-15T00:00:00Z' }],
  handles: [{ platform: 'instagram', handle: 'ana.travels' }],
  consent: { email: true, profiling: false },
  updatedAt: '2025-03-14T09:26:53Z',
});

describe('LoyaltyMemberEvent', () => {
  it('builds a valid event from a record, id derived from the record version', () => {
    const event = loyaltyMemberEvent(record);
    expect(LoyaltyMemberEvent.parse(event)).toEqual(event);
    expect(event).toMatchObject({ schemaVersion: 1, source: 'loyalty', change: 'update', deleted: false });
    expect(loyaltyMemberEvent(record).eventId).toBe(event.eventId);
    expect(loyaltyMemberEvent({ ...record, updatedAt: '2025-03-15T00:00:00Z' }).eventId).not.toBe(
      event.eventId,
    );
  });

  it('marks deletions as such whatever change was asked', () => {
    expect(loyaltyMemberEvent({ ...record, deleted: true }, { change: 'enrolment' }).change).toBe('deletion');
    expect(loyaltyMemberEvent(record, { change: 'enrolment' }).change).toBe('enrolment');
  });

  it('reads tolerantly: unknown fields from a newer producer are ignored', () => {
    const parsed = LoyaltyMemberEvent.parse({
      ...loyaltyMemberEvent(record),
      newField: 1,
      names: { given: 'Ana', nick: 'A' },
    });
    expect(parsed).not.toHaveProperty('newField');
    expect(parsed.names).toEqual({ given: 'Ana' });
  });

  it.each([
    ['a missing memberId', { memberId: undefined }],
    ['a blank program', { program: '   ' }],
    ['a non-ISO updatedAt', { updatedAt: '14/03/2025' }],
    ['a date-time without offset', { updatedAt: '2025-03-14T09:26:53' }],
    ['an impossible birth month', { birthDate: '1988-13' }],
    ['a card number that is not a string', { cardNumbers: [6007] }],
    ['an unknown change', { change: 'renewal' }],
    ['a wrong schema version', { schemaVersion: 2 }],
    ['an eventId that is not a UUID', { eventId: 'abc' }],
    ['an uppercase platform', { handles: [{ platform: 'Instagram', handle: 'a' }] }],
  ])('rejects %s', (_, change) => {
    expect(LoyaltyMemberEvent.safeParse({ ...loyaltyMemberEvent(record), ...change }).success).toBe(false);
  });

  it('keys by program and member id', () => {
    expect(loyaltyMemberKey({ program: 'skymiles', memberId: 'M-1' })).toBe('skymiles:M-1');
  });
});
