// Canonical events as the ingest services and the matcher publish them, built with the contracts' own
// builders (deterministic event ids), for the scoring service's tests.
import {
  crmContactEvent,
  identityChangeEventId,
  loyaltyMemberEvent,
  loyaltyTransactionEvent,
  socialAuthorEvent,
  socialMentionEvent,
  type CrmContactRecord,
  type IdentityChangeEvent,
  type IdentityChangeKind,
  type LoyaltyMemberRecord,
  type LoyaltyTransactionRecord,
  type SocialMentionRecord,
} from '@rapport/contracts';

const DAY = 86_400_000;
/** The tests' "now" in event time: every event is dated relative to it. */
export const NOW = Date.UTC(2026, 2, 1, 12);
export const iso = (ms: number) => new Date(ms).toISOString();
export const daysAgo = (days: number) => iso(NOW - days * DAY);

export const PROGRAM = 'acme';
export const BRAND_HANDLE = 'acmehotels';
export const COMPLAINT = 'Worst stay ever: the room was filthy and the staff were rude. I want a refund.';

export function member(memberId: string, fields: Partial<LoyaltyMemberRecord> = {}) {
  return loyaltyMemberEvent({
    memberId,
    program: PROGRAM,
    updatedAt: daysAgo(400),
    deleted: false,
    ...fields,
  } as LoyaltyMemberRecord);
}

/** `count` stays of `amount`, every `everyDays` days, the latest `lastDaysAgo` days before NOW. */
export function purchases(
  who: { memberId?: string; cardNumber?: string },
  count: number,
  everyDays: number,
  amount: string,
  lastDaysAgo = 3,
) {
  return Array.from({ length: count }, (_, k) =>
    loyaltyTransactionEvent({
      transactionId: `T-${who.memberId ?? who.cardNumber}-${k}`,
      program: PROGRAM,
      ...who,
      channel: 'app',
      kind: 'purchase',
      amount,
      currency: 'EUR',
      occurredAt: daysAgo(lastDaysAgo + k * everyDays),
    } as LoyaltyTransactionRecord),
  );
}

export function contact(crmId: string, fields: Partial<CrmContactRecord> = {}) {
  return crmContactEvent({ crmId, updatedAt: daysAgo(30), deleted: false, ...fields } as CrmContactRecord);
}

export function author(handle: string, followers: number, observedDaysAgo = 1, platform = 'x') {
  return socialAuthorEvent({
    platform,
    handle,
    profile: { followers },
    observedAt: daysAgo(observedDaysAgo),
  });
}

export function mention(
  handle: string,
  postId: string,
  fields: Partial<SocialMentionRecord> & { followers?: number; daysAgo?: number } = {},
) {
  const { followers, daysAgo: ago = 0, ...rest } = fields;
  const at = rest.occurredAt ?? daysAgo(ago);
  return socialMentionEvent({
    platform: 'x',
    postId,
    author: { handle, ...(followers !== undefined && { profile: { followers } }) },
    text: COMPLAINT,
    language: 'en',
    occurredAt: at,
    observedAt: at,
    mentionedHandles: [BRAND_HANDLE],
    ...rest,
  });
}

/** The matcher's snapshot of a customer: every record it holds now. */
export function identity(
  customerId: string,
  revision: number,
  recordIds: string[],
  kind: IdentityChangeKind = revision === 1 ? 'created' : 'updated',
  occurredAt = iso(NOW - 3600_000 + revision * 1000),
  previousCustomerIds: string[] = [],
): IdentityChangeEvent {
  return {
    eventId: identityChangeEventId(customerId, revision),
    schemaVersion: 1,
    source: 'matcher',
    customerId,
    kind,
    revision,
    recordIds,
    previousCustomerIds,
    occurredAt,
  };
}
