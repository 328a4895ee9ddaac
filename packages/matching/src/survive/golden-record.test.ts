import { describe, expect, it } from 'vitest';
import { person } from '../fixtures/person.fixture.ts';
import { goldenRecord } from './golden-record.ts';

describe('goldenRecord', () => {
  const records = [
    person('crm:1', {
      source: 'crm',
      givenName: 'Bill',
      familyName: 'Smith',
      birthDate: '1980-07-04',
      updatedAt: '2024-01-01',
      emails: [{ address: 'b@x.com' }],
    }),
    person('loyalty:9', {
      source: 'loyalty',
      givenName: 'William',
      familyName: 'Smith',
      birthDate: '1980-07-04',
      updatedAt: '2025-03-01',
      emails: [{ address: 'B@x.com' }, { address: 'w@y.com' }],
      cards: [{ program: 'club', number: '42' }],
    }),
    person('social:3', {
      source: 'social',
      fullName: 'Will Smith',
      birthDate: '1980-04-07',
      updatedAt: '2025-06-01',
    }),
  ];

  it('picks each field by its rules and points at the source record', () => {
    const g = goldenRecord(records);
    expect(g.fields.givenName).toEqual({
      value: 'Bill',
      recordId: 'crm:1',
      source: 'crm',
      rule: 'most-trusted-source',
    });
    expect(g.fields.birthDate).toMatchObject({ value: '1980-07-04', rule: 'most-frequent' });
    expect(g.fields.familyName).toMatchObject({ value: 'Smith', rule: 'only-value', recordId: 'crm:1' });
    expect(g.fields.fullName).toMatchObject({ value: 'Will Smith', recordId: 'social:3' });
  });

  it('honours configured rules (most recent, longest)', () => {
    const g = goldenRecord(records, {
      fields: {
        givenName: ['most-recent'],
        familyName: ['longest'],
        middleName: [],
        fullName: [],
        birthDate: ['most-recent'],
        nationalId: [],
      },
    });
    expect(g.fields.givenName).toMatchObject({
      value: 'William',
      recordId: 'loyalty:9',
      rule: 'most-recent',
    });
    expect(g.fields.birthDate).toMatchObject({ value: '1980-04-07', recordId: 'social:3' });
    const longest = goldenRecord(records, {
      fields: {
        givenName: ['longest'],
        familyName: [],
        middleName: [],
        fullName: [],
        birthDate: [],
        nationalId: [],
      },
    });
    expect(longest.fields.givenName).toMatchObject({ value: 'William', rule: 'longest' });
  });

  it('keeps every distinct list value once, with provenance', () => {
    const g = goldenRecord(records);
    expect(g.lists.emails.map((e) => e.value.address.toLowerCase()).sort()).toEqual(['b@x.com', 'w@y.com']);
    expect(g.lists.emails.find((e) => e.value.address.toLowerCase() === 'b@x.com')?.recordId).toBe(
      'loyalty:9',
    );
    expect(g.lists.cards).toEqual([expect.objectContaining({ recordId: 'loyalty:9' })]);
  });
});
