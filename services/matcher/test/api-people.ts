// People for the API's tests, made the way the matcher receives them: source events through the projection.
import {
  crmContactEvent,
  crmContactPerson,
  loyaltyMemberEvent,
  loyaltyMemberPerson,
  socialAuthorEvent,
  socialAuthorPerson,
  type CrmContactRecord,
  type LoyaltyMemberRecord,
  type PersonChange,
  type PersonRecord,
} from '@rapport/contracts';
import { generatePeople } from '@rapport/datagen';
import { trainModel, type MatchModel, type RecordChange } from '@rapport/matching';

const at = '2025-03-14T09:00:00Z';

export function member(fields: Partial<LoyaltyMemberRecord> & { memberId: string }): PersonChange {
  return loyaltyMemberPerson(
    loyaltyMemberEvent({ program: 'club', updatedAt: at, deleted: false, ...fields }),
  );
}

export function contact(fields: Partial<CrmContactRecord> & { crmId: string }): PersonChange {
  return crmContactPerson(crmContactEvent({ updatedAt: at, deleted: false, ...fields }));
}

export function author(handle: string, displayName: string): PersonChange {
  return socialAuthorPerson(
    socialAuthorEvent({ platform: 'instagram', handle, displayName, observedAt: at }),
  );
}

export const recordOf = (c: PersonChange): PersonRecord => {
  if (c.kind !== 'upsert') throw new Error('not an upsert');
  return c.record;
};

/**
 * The seed scenario: a CRM contact carrying @janesmith and loyalty card 123456 joins the social author
 * and the loyalty member; Bob and Alice Jones share a home and a landline (related, never merged); Tom
 * Baker's social account is on no customer, and a loyalty member of the same name is its candidate.
 */
export const jane = {
  member: member({
    memberId: 'M-1',
    cardNumbers: ['123456'],
    names: { given: 'Jane', family: 'Smith' },
    email: 'Jane.Smith+shop@Example.com',
    phone: '+44 7700 900123',
    address: { streetNumber: '12', line1: 'Oak Street', locality: 'Leeds', postcode: 'LS1 4AB' },
    birthDate: '1985-06-01',
    tier: 'gold',
  }),
  contact: contact({
    crmId: 'C-1',
    names: { given: 'Jane', family: 'Smith' },
    emails: [{ address: 'jane@northwind.example' }],
    handles: [{ platform: 'instagram', handle: 'janesmith' }],
    loyaltyCards: [{ program: 'club', number: '123456' }],
  }),
  author: author('janesmith', 'Jane Smith'),
};

export const joneses = {
  bob: member({
    memberId: 'M-2',
    cardNumbers: ['222222'],
    names: { given: 'Bob', family: 'Jones' },
    phone: '+44 113 496 0000',
    address: { streetNumber: '7', line1: 'Elm Road', locality: 'York', postcode: 'YO1 7HH' },
    birthDate: '1950-02-02',
  }),
  alice: contact({
    crmId: 'C-2',
    names: { given: 'Alice', family: 'Jones' },
    phones: [{ number: '+44 113 496 0000', type: 'landline' }],
    addresses: [{ streetNumber: '7', line1: 'Elm Road', locality: 'York', postcode: 'YO1 7HH' }],
    birthDate: '1952-09-09',
  }),
};

export const tom = {
  // A display name with an initial: the names alone are not enough to link.
  author: author('tbaker_75', 'T Baker'),
  member: member({
    memberId: 'M-3',
    cardNumbers: ['333333'],
    names: { given: 'Tom', family: 'Baker' },
    email: 'tom.baker@example.org',
    address: { streetNumber: '3', line1: 'High Street', locality: 'Bath', postcode: 'BA1 1AA' },
  }),
};

export const everyone: PersonChange[] = [
  jane.member,
  jane.contact,
  jane.author,
  joneses.bob,
  joneses.alice,
  tom.author,
  tom.member,
];

export const upserts = (changes: readonly PersonChange[]): RecordChange[] => [...changes];

let model: MatchModel | undefined;

/** A model trained on generated people (as the shipped default is), once per test file. */
export function testModel(): MatchModel {
  model ??= trainModel(
    [...generatePeople({ seed: 7, people: 1500 })].map((g) => g.record),
    { seed: 1, normalise: { defaultRegion: 'GB' } },
  );
  return model;
}
