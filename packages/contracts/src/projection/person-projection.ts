/**
 * Canonical person events as the resolution engine sees them: each loyalty member, CRM contact and social
 * author becomes one PersonRecord, and a deletion (a `deleted: true` event, or a tombstone: a null value
 * under the entity's key) becomes a delete of that record. It lives in contracts because it is a function
 * of two contract types alone: the matcher's consumers and the `rapport` CLI (replaying topic dumps) read
 * the same topics and must see the same records, and the engine stays unaware of sources.
 *
 * A record's id is its topic's prefix and its event key (`loyalty:<program>:<member>`, `crm:<crmId>`,
 * `social:<platform>:<handle>`), so a tombstone, which carries only the key, names the same record.
 */
import type { CrmContactEvent } from '../events/crm-contact.ts';
import { crmContactKey } from '../events/crm-contact.ts';
import type { LoyaltyMemberEvent } from '../events/loyalty-member.ts';
import { loyaltyMemberKey } from '../events/loyalty-member.ts';
import type { SocialAuthorEvent } from '../events/social-author.ts';
import { socialAuthorKey } from '../events/social-author.ts';
import type { PersonRecord } from '../person-record.ts';
import { crmContactTopic, loyaltyMemberTopic, socialAuthorTopic } from '../topics.ts';

/** What an event means for resolution; structurally one of the engine's record changes. */
export type PersonChange = { kind: 'upsert'; record: PersonRecord } | { kind: 'delete'; recordId: string };

const PREFIX = {
  [loyaltyMemberTopic.name]: 'loyalty',
  [crmContactTopic.name]: 'crm',
  [socialAuthorTopic.name]: 'social',
} as const;

/** The topics whose events are people. */
export type PersonTopic = keyof typeof PREFIX;
export const personTopics: readonly PersonTopic[] = Object.keys(PREFIX) as PersonTopic[];

export function personRecordId(topic: PersonTopic, key: string): string {
  return `${PREFIX[topic]}:${key}`;
}

/** A tombstone (null value) under `key` on a person topic. */
export function personTombstone(topic: PersonTopic, key: string): PersonChange {
  return { kind: 'delete', recordId: personRecordId(topic, key) };
}

function person(
  topic: PersonTopic,
  key: string,
  source: string,
  fields: Partial<Omit<PersonRecord, 'recordId' | 'source' | 'sourceRecordId'>>,
): PersonChange {
  return {
    kind: 'upsert',
    record: {
      recordId: personRecordId(topic, key),
      source,
      sourceRecordId: key,
      emails: [],
      phones: [],
      addresses: [],
      handles: [],
      cards: [],
      crmIds: [],
      ...fields,
    },
  };
}

/** Drops what is undefined, so a projected record carries only the fields its event had. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function address(a: {
  streetNumber?: string;
  line1?: string;
  line2?: string;
  locality?: string;
  region?: string;
  postcode?: string;
  country?: string;
}): PersonRecord['addresses'][number] {
  const { streetNumber, line1, line2, locality, region, postcode, country } = a;
  return defined({ streetNumber, line1, line2, locality, region, postcode, country });
}

/** The fields loyalty members and CRM contacts name alike. */
function namesAndBirth(event: LoyaltyMemberEvent | CrmContactEvent) {
  return defined({
    updatedAt: event.updatedAt,
    givenName: event.names?.given,
    middleName: event.names?.middle,
    familyName: event.names?.family,
    birthDate: event.birthDate,
  });
}

export function loyaltyMemberPerson(event: LoyaltyMemberEvent): PersonChange {
  const key = loyaltyMemberKey(event);
  if (event.deleted) return personTombstone(loyaltyMemberTopic.name, key);
  return person(loyaltyMemberTopic.name, key, event.source, {
    ...namesAndBirth(event),
    emails: event.email === undefined ? [] : [{ address: event.email }],
    phones: event.phone === undefined ? [] : [{ number: event.phone }],
    addresses: event.address === undefined ? [] : [address(event.address)],
    // The member linked these handles on their own profile: deterministic evidence.
    handles: (event.handles ?? []).map((h) => ({
      platform: h.platform,
      handle: h.handle,
      linkedByOwner: true,
    })),
    cards: (event.cardNumbers ?? []).map((number) => ({ program: event.program, number })),
    ...defined({ loyaltyTier: event.tier }),
  });
}

export function crmContactPerson(event: CrmContactEvent): PersonChange {
  const key = crmContactKey(event);
  if (event.deleted) return personTombstone(crmContactTopic.name, key);
  return person(crmContactTopic.name, key, event.source, {
    ...namesAndBirth(event),
    emails: (event.emails ?? []).map((e) => defined({ address: e.address, type: e.type })),
    phones: (event.phones ?? []).map((p) => defined({ number: p.number, type: p.type })),
    addresses: (event.addresses ?? []).map(address),
    // Handles a CRM holds were typed by staff, not linked by their owner.
    handles: (event.handles ?? []).map((h) => ({ platform: h.platform, handle: h.handle })),
    cards: (event.loyaltyCards ?? []).map((c) => ({ program: c.program, number: c.number })),
    crmIds: [event.crmId],
    ...defined({ nationalId: event.nationalId }),
  });
}

/**
 * A social account: its display name and handle. The profile's free-text location is left out: "Leeds
 * and London" is not an address, and guessing one from it would be evidence the account never gave.
 */
export function socialAuthorPerson(event: SocialAuthorEvent): PersonChange {
  const key = socialAuthorKey(event);
  return person(socialAuthorTopic.name, key, event.source, {
    ...defined({ updatedAt: event.observedAt, fullName: event.displayName }),
    handles: [{ platform: event.platform, handle: event.handle }],
  });
}
