import { describe, expect, it } from 'vitest';
import { CrmContactRecord, crmContactEvent } from './crm-contact.ts';
import { LoyaltyMemberRecord, loyaltyMemberEvent } from './loyalty-member.ts';
import { LoyaltyTransactionRecord, loyaltyTransactionEvent } from './loyalty-transaction.ts';
import { socialAuthorEvent } from './social-author.ts';
import { SocialMentionRecord, socialMentionEvent } from './social-mention.ts';

// The decision (README, "Event ids"): an event id covers the record's identity, its version and its
// content. The same record sent again keeps its id; anything new under the same version gets a new one.

const contact = CrmContactRecord.parse({
  crmId: '0035g0',
  names: { given: 'Ana', family: 'Souza' },
  emails: [{ address: 'a.souza@northwind.example', type: 'work' }],
  updatedAt: '2025-03-12T15:40:00Z',
});

const member = LoyaltyMemberRecord.parse({
  memberId: 'M-1',
  program: 'skymiles',
  email: 'ana@example.com',
  updatedAt: '2025-03-14T09:26:53Z',
});

const transaction = LoyaltyTransactionRecord.parse({
  transactionId: 'T-1',
  program: 'skymiles',
  memberId: 'M-1',
  channel: 'store',
  kind: 'purchase',
  amount: '84.20',
  currency: 'GBP',
  occurredAt: '2025-03-14T09:26:53Z',
});

const mention = SocialMentionRecord.parse({
  platform: 'instagram',
  postId: 'P-1',
  author: { handle: 'ana.travels', displayName: 'Ana', profile: { followers: 48200 } },
  text: 'Stuck at the gate',
  occurredAt: '2025-03-14T07:02:00Z',
  observedAt: '2025-03-14T07:10:00Z',
  engagement: { likes: 120 },
});

/** The same object with its top-level keys in reverse order. */
const reversed = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).reverse()) as T;

describe('event ids', () => {
  it('a CRM contact with another email under the same updatedAt gets another id', () => {
    const changed = { ...contact, emails: [{ address: 'ana@elsewhere.example', type: 'work' as const }] };
    expect(crmContactEvent(changed).eventId).not.toBe(crmContactEvent(contact).eventId);
    expect(crmContactEvent(reversed(contact)).eventId).toBe(crmContactEvent(contact).eventId);
  });

  it('a loyalty member with another email, or another kind of change, gets another id', () => {
    const id = loyaltyMemberEvent(member).eventId;
    expect(loyaltyMemberEvent({ ...member, email: 'other@example.com' }).eventId).not.toBe(id);
    expect(loyaltyMemberEvent(member, { change: 'enrolment' }).eventId).not.toBe(id);
    expect(loyaltyMemberEvent(reversed(member)).eventId).toBe(id);
  });

  it('a transaction corrected under the same id gets another event id', () => {
    const id = loyaltyTransactionEvent(transaction).eventId;
    expect(loyaltyTransactionEvent({ ...transaction, amount: '48.20' }).eventId).not.toBe(id);
    expect(loyaltyTransactionEvent(reversed(transaction)).eventId).toBe(id);
  });

  it('a post or an author seen with new figures at the same time gets another id', () => {
    const id = socialMentionEvent(mention).eventId;
    expect(socialMentionEvent({ ...mention, engagement: { likes: 121 } }).eventId).not.toBe(id);
    expect(socialMentionEvent(reversed(mention)).eventId).toBe(id);

    const author = { platform: 'instagram', observedAt: '2025-03-14T07:10:00Z', ...mention.author };
    const authorId = socialAuthorEvent(author).eventId;
    expect(socialAuthorEvent({ ...author, profile: { followers: 50000 } }).eventId).not.toBe(authorId);
    expect(socialAuthorEvent(reversed(author)).eventId).toBe(authorId);
  });

  it('a source label is part of the id', () => {
    expect(crmContactEvent(contact, { source: 'crm-eu' }).eventId).not.toBe(crmContactEvent(contact).eventId);
  });
});
