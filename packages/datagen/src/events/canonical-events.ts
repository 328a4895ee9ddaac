import {
  crmContactEvent,
  loyaltyMemberEvent,
  socialAuthorEvent,
  topics,
  type CrmContactEvent,
  type LoyaltyMemberEvent,
  type PersonRecord,
  type SocialAuthorEvent,
} from '@rapport/contracts';

/** A generated record as the ingest services would publish it: topic, key and canonical event. */
export type CanonicalEvent =
  | { topic: typeof topics.loyaltyMember.name; key: string; event: LoyaltyMemberEvent }
  | { topic: typeof topics.crmContact.name; key: string; event: CrmContactEvent }
  | { topic: typeof topics.socialAuthor.name; key: string; event: SocialAuthorEvent };

// What the event schemas take: dates in range, texts within their lengths. A generated value outside them
// (a day/month swap giving month 13, say) is left out rather than turned into a poison message.
const partialDate = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const FALLBACK_TIME = '2020-01-01T00:00:00Z';
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
const names = (r: PersonRecord) => {
  const n = defined({ given: r.givenName, middle: r.middleName, family: r.familyName });
  return Object.keys(n).length === 0 ? undefined : n;
};
const birthDate = (r: PersonRecord) =>
  r.birthDate !== undefined && partialDate.test(r.birthDate) ? r.birthDate : undefined;
const address = (a: PersonRecord['addresses'][number]) =>
  defined({
    streetNumber: a.streetNumber,
    line1: a.line1,
    line2: a.line2,
    locality: a.locality,
    region: a.region,
    postcode: a.postcode,
    country: a.country !== undefined && /^[A-Z]{2}$/.test(a.country) ? a.country : undefined,
  });

/**
 * The canonical event of a generated record (@rapport/datagen's loyalty, CRM and social records), for tests
 * and benchmarks that feed the matcher through Kafka. What an event of that source cannot carry is left out:
 * verification flags, a loyalty member's second phone or email, a social author's email and town. A social
 * record without a handle has no event (the topic is keyed by the handle). The matcher's projection of the
 * event names the record `loyalty:<program>:<memberId>`, `crm:<crmId>` or `social:<platform>:<handle>`.
 */
export function canonicalEvent(r: PersonRecord): CanonicalEvent | undefined {
  const updatedAt = r.updatedAt ?? FALLBACK_TIME;
  if (r.source === 'loyalty') {
    const event = loyaltyMemberEvent(
      defined({
        memberId: r.sourceRecordId,
        program: r.cards[0]?.program ?? 'rapport-rewards',
        cardNumbers: r.cards.length === 0 ? undefined : r.cards.map((c) => c.number),
        names: names(r),
        email: r.emails[0]?.address,
        phone: r.phones[0]?.number,
        address: r.addresses[0] === undefined ? undefined : address(r.addresses[0]),
        birthDate: birthDate(r),
        handles:
          r.handles.length === 0
            ? undefined
            : r.handles.map((h) => ({ platform: h.platform, handle: h.handle })),
        updatedAt,
        deleted: false,
      }),
      { change: 'enrolment' },
    );
    return { topic: topics.loyaltyMember.name, key: topics.loyaltyMember.key(event), event };
  }
  if (r.source === 'crm') {
    const event = crmContactEvent(
      defined({
        crmId: r.sourceRecordId,
        names: names(r),
        birthDate: birthDate(r),
        emails: r.emails.length === 0 ? undefined : r.emails.map((e) => ({ address: e.address })),
        phones:
          r.phones.length === 0
            ? undefined
            : r.phones.map((p) => defined({ number: p.number, type: p.type })),
        addresses: r.addresses.length === 0 ? undefined : r.addresses.map(address),
        handles:
          r.handles.length === 0
            ? undefined
            : r.handles.map((h) => ({ platform: h.platform, handle: h.handle })),
        loyaltyCards:
          r.cards.length === 0 ? undefined : r.cards.map((c) => ({ program: c.program, number: c.number })),
        updatedAt,
        deleted: false,
      }),
    );
    return { topic: topics.crmContact.name, key: topics.crmContact.key(event), event };
  }
  const handle = r.handles[0];
  if (handle === undefined) return undefined;
  const event = socialAuthorEvent(
    defined({
      platform: handle.platform,
      handle: handle.handle,
      displayName: r.fullName,
      observedAt: updatedAt,
    }),
  );
  return { topic: topics.socialAuthor.name, key: topics.socialAuthor.key(event), event };
}
