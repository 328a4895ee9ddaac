import { describe, expect, it } from 'vitest';
import { CrmContactEvent, crmContactEvent, CrmContactRecord } from '../events/crm-contact.ts';
import { loyaltyMemberEvent, LoyaltyMemberRecord } from '../events/loyalty-member.ts';
import { SocialAuthorEvent, socialAuthorEvent } from '../events/social-author.ts';
import { PersonRecord } from '../person-record.ts';
import {
  crmContactPerson,
  loyaltyMemberPerson,
  personTombstone,
  personTopics,
  socialAuthorPerson,
} from './person-projection.ts';

const member = LoyaltyMemberRecord.parse({
  memberId: 'M-1',
  program: 'skymiles',
  cardNumbers: ['6007 1234', '6007 9999'],
  names: { given: 'Ana', middle: 'Maria', family: 'Souza' },
  email: 'ana@example.com',
  phone: '+44 7700 900123',
  address: { streetNumber: '12', line1: 'Oak Street', locality: 'Leeds', postcode: 'LS1 4AB', country: 'GB' },
  birthDate: '1988-04',
  tier: 'gold',
  handles: [{ platform: 'instagram', handle: 'ana.travels' }],
  consent: { email: true, profiling: false },
  updatedAt: '2025-03-14T09:26:53Z',
});

const contact = CrmContactRecord.parse({
  crmId: 'C-77',
  names: { given: 'Ana', family: 'Souza' },
  emails: [{ address: 'ana@work.example', type: 'work' }, { address: 'ana@example.com' }],
  phones: [{ number: '0113 496 0000', type: 'home' }],
  addresses: [{ line1: '12 Oak St', locality: 'Leeds', type: 'home' }],
  company: 'Acme',
  handles: [{ platform: 'x', handle: 'AnaS' }],
  loyaltyCards: [{ program: 'skymiles', number: '6007 1234' }],
  updatedAt: '2025-03-10T00:00:00Z',
});

describe('person projection', () => {
  it('makes a loyalty member one record: cards of its programme, handles linked by the member, its tier', () => {
    const change = loyaltyMemberPerson(loyaltyMemberEvent(member));
    expect(change).toEqual({
      kind: 'upsert',
      record: {
        recordId: 'loyalty:skymiles:M-1',
        source: 'loyalty',
        sourceRecordId: 'skymiles:M-1',
        updatedAt: '2025-03-14T09:26:53Z',
        givenName: 'Ana',
        middleName: 'Maria',
        familyName: 'Souza',
        birthDate: '1988-04',
        emails: [{ address: 'ana@example.com' }],
        phones: [{ number: '+44 7700 900123' }],
        addresses: [
          { streetNumber: '12', line1: 'Oak Street', locality: 'Leeds', postcode: 'LS1 4AB', country: 'GB' },
        ],
        handles: [{ platform: 'instagram', handle: 'ana.travels', linkedByOwner: true }],
        cards: [
          { program: 'skymiles', number: '6007 1234' },
          { program: 'skymiles', number: '6007 9999' },
        ],
        crmIds: [],
        loyaltyTier: 'gold',
      },
    });
    // What the projection makes is a valid PersonRecord, unchanged by its schema.
    if (change.kind === 'upsert') expect(PersonRecord.parse(change.record)).toEqual(change.record);
  });

  it('makes a CRM contact one record with its crm id, cards and typed contact points', () => {
    const change = crmContactPerson(CrmContactEvent.parse(crmContactEvent(contact)));
    expect(change).toEqual({
      kind: 'upsert',
      record: {
        recordId: 'crm:C-77',
        source: 'crm',
        sourceRecordId: 'C-77',
        updatedAt: '2025-03-10T00:00:00Z',
        givenName: 'Ana',
        familyName: 'Souza',
        emails: [{ address: 'ana@work.example', type: 'work' }, { address: 'ana@example.com' }],
        phones: [{ number: '0113 496 0000', type: 'home' }],
        addresses: [{ line1: '12 Oak St', locality: 'Leeds' }],
        handles: [{ platform: 'x', handle: 'AnaS' }],
        cards: [{ program: 'skymiles', number: '6007 1234' }],
        crmIds: ['C-77'],
      },
    });
  });

  it('carries a national id the CRM holds, and none when it holds none', () => {
    const withId = crmContactPerson(
      CrmContactEvent.parse(crmContactEvent({ ...contact, nationalId: '1234567' })),
    );
    expect(withId.kind === 'upsert' && withId.record.nationalId).toBe('1234567');
    const without = crmContactPerson(CrmContactEvent.parse(crmContactEvent(contact)));
    expect(without.kind === 'upsert' && 'nationalId' in without.record).toBe(false);
  });

  it('makes a social author a display name and a handle, keyed like its topic', () => {
    const event = SocialAuthorEvent.parse(
      socialAuthorEvent({
        platform: 'instagram',
        handle: 'Ana.Travels',
        displayName: 'Ana S.',
        profile: { location: 'Leeds and London', followers: 1200 },
        observedAt: '2025-03-01T12:00:00Z',
      }),
    );
    expect(socialAuthorPerson(event)).toEqual({
      kind: 'upsert',
      record: {
        recordId: 'social:instagram:ana.travels',
        source: 'social',
        sourceRecordId: 'instagram:ana.travels',
        updatedAt: '2025-03-01T12:00:00Z',
        fullName: 'Ana S.',
        emails: [],
        phones: [],
        addresses: [],
        handles: [{ platform: 'instagram', handle: 'Ana.Travels' }],
        cards: [],
        crmIds: [],
      },
    });
  });

  it('maps deletions and tombstones to deletes of the same record', () => {
    expect(loyaltyMemberPerson(loyaltyMemberEvent({ ...member, deleted: true }))).toEqual({
      kind: 'delete',
      recordId: 'loyalty:skymiles:M-1',
    });
    expect(crmContactPerson(crmContactEvent({ ...contact, deleted: true }))).toEqual({
      kind: 'delete',
      recordId: 'crm:C-77',
    });
    expect(personTopics.map((topic) => personTombstone(topic, 'k'))).toEqual([
      { kind: 'delete', recordId: 'loyalty:k' },
      { kind: 'delete', recordId: 'crm:k' },
      { kind: 'delete', recordId: 'social:k' },
    ]);
  });

  it('labels the record with the event source and names it by topic and key', () => {
    const change = loyaltyMemberPerson(loyaltyMemberEvent(member, { source: 'acme-pos' }));
    expect(change.kind === 'upsert' && change.record.source).toBe('acme-pos');
    expect(change.kind === 'upsert' && change.record.recordId).toBe('loyalty:skymiles:M-1');
  });
});
