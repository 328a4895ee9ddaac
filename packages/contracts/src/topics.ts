import { CrmContactEvent, crmContactKey } from './events/crm-contact.ts';
import { CustomerPriorityEvent, customerPriorityKey } from './events/customer-priority.ts';
import { ErasureRequestEvent, erasureRequestKey } from './events/erasure-request.ts';
import { IdentityChangeEvent, identityChangeKey } from './events/identity-change.ts';
import { LoyaltyMemberEvent, loyaltyMemberKey } from './events/loyalty-member.ts';
import { LoyaltyTransactionEvent, loyaltyTransactionKey } from './events/loyalty-transaction.ts';
import { MentionPriorityEvent, mentionPriorityKey } from './events/mention-priority.ts';
import { SocialAuthorEvent, socialAuthorKey } from './events/social-author.ts';
import { SocialMentionEvent, socialMentionKey } from './events/social-mention.ts';
import { StewardDecisionEvent, stewardDecisionKey } from './events/steward-decision.ts';
import { defineRawTopic, defineTopic, type TopicDef } from './topic-def.ts';

const day = 24 * 60 * 60 * 1000;

// One partition count for every keyed topic: a member's profile and transactions, or an author's
// profile and mentions, then share a partition number, and a matcher instance sees both.
const partitions = 12;

export const loyaltyMemberTopic = defineTopic({
  name: 'loyalty.member.v1',
  version: 1,
  schema: LoyaltyMemberEvent,
  partitions,
  key: loyaltyMemberKey,
  keyDescription: 'per member: `${program}:${memberId}`',
  cleanupPolicy: 'compact',
  description: 'Loyalty members: enrolments, profile updates and deletions; latest state per member',
});

export const loyaltyTransactionTopic = defineTopic({
  name: 'loyalty.transaction.v1',
  version: 1,
  schema: LoyaltyTransactionEvent,
  partitions,
  key: loyaltyTransactionKey,
  keyDescription: 'per member: `${program}:${memberId}`, else `${program}:card:${cardNumber}`',
  cleanupPolicy: 'delete',
  retentionMs: 30 * day,
  description: 'Loyalty purchases and refunds',
});

export const socialMentionTopic = defineTopic({
  name: 'social.mention.v1',
  version: 1,
  schema: SocialMentionEvent,
  partitions,
  key: socialMentionKey,
  keyDescription: 'per author: `${platform}:${author.handle}`, lowercase',
  cleanupPolicy: 'delete',
  retentionMs: 30 * day,
  description: 'Social posts mentioning the brand; a post recurs when its engagement is re-observed',
});

export const socialAuthorTopic = defineTopic({
  name: 'social.author.v1',
  version: 1,
  schema: SocialAuthorEvent,
  partitions,
  key: socialAuthorKey,
  keyDescription: 'per author: `${platform}:${handle}`, lowercase',
  cleanupPolicy: 'compact',
  description: 'Social account profiles; latest observation per account',
});

export const crmContactTopic = defineTopic({
  name: 'crm.contact.v1',
  version: 1,
  schema: CrmContactEvent,
  partitions,
  key: crmContactKey,
  keyDescription: 'per contact: `crmId`',
  cleanupPolicy: 'compact',
  description: 'CRM contacts: creations, updates and deletions; latest state per contact',
});

export const identityCustomerTopic = defineTopic({
  name: 'identity.customer.v1',
  version: 1,
  schema: IdentityChangeEvent,
  partitions,
  key: identityChangeKey,
  keyDescription: 'per customer: `customerId`',
  cleanupPolicy: 'compact',
  description:
    'Matcher output: customers created, merged, split, updated or deleted; full snapshot per customer',
});

export const identityDecisionTopic = defineTopic({
  name: 'identity.decision.v1',
  version: 1,
  schema: StewardDecisionEvent,
  partitions,
  key: stewardDecisionKey,
  keyDescription: 'per pair: `${recordIds[0]}|${recordIds[1]}`, ascending',
  cleanupPolicy: 'compact',
  description: 'Steward decisions (together, apart, revoked) on pairs of records; latest ruling per pair',
});

export const identityErasureTopic = defineTopic({
  name: 'identity.erasure.v1',
  version: 1,
  schema: ErasureRequestEvent,
  partitions,
  key: erasureRequestKey,
  keyDescription: 'per subject: `subjectHash`',
  cleanupPolicy: 'compact',
  description: 'Erasure tombstones: one-way hashes of erased record ids and identifiers, kept forever',
});

export const customerPriorityTopic = defineTopic({
  name: 'scoring.priority.v1',
  version: 1,
  schema: CustomerPriorityEvent,
  partitions,
  key: customerPriorityKey,
  keyDescription: 'per customer: `customerId`',
  cleanupPolicy: 'compact',
  description: 'Scoring output: latest priority and its breakdown per customer',
});

export const mentionPriorityTopic = defineTopic({
  name: 'scoring.mention-priority.v1',
  version: 1,
  schema: MentionPriorityEvent,
  partitions,
  key: mentionPriorityKey,
  keyDescription: 'per author: `${platform}:${author.handle}`, lowercase (the mention topic key)',
  cleanupPolicy: 'delete',
  retentionMs: 30 * day,
  description: 'Scoring output: every social mention prioritised, and re-scored when its author is resolved',
});

const rawRetentionMs = 7 * day;

export const rawLoyaltyMembersTopic = defineRawTopic({
  name: 'raw.loyalty.members',
  partitions,
  keyDescription: 'set by the loyalty system (member id expected)',
  retentionMs: rawRetentionMs,
  description: 'Member records in the loyalty system format, decoded by ingest-loyalty',
});

export const rawLoyaltyTransactionsTopic = defineRawTopic({
  name: 'raw.loyalty.transactions',
  partitions,
  keyDescription: 'set by the loyalty system (member id or card number expected)',
  retentionMs: rawRetentionMs,
  description: 'Transactions in the loyalty system format, decoded by ingest-loyalty',
});

export const rawSocialMentionsTopic = defineRawTopic({
  name: 'raw.social.mentions',
  partitions,
  keyDescription: 'set by the listening tool (author or post id expected)',
  retentionMs: rawRetentionMs,
  description: 'Posts in the social listening tool format, decoded by ingest-social',
});

export const rawCrmContactsTopic = defineRawTopic({
  name: 'raw.crm.contacts',
  partitions,
  keyDescription: 'set by the CRM (contact id expected)',
  retentionMs: rawRetentionMs,
  description: 'Contacts in the CRM change-feed format, decoded by ingest-crm',
});

/** Producers and consumers reach topics through this object: `topics.loyaltyMember`. */
export const topics = {
  loyaltyMember: loyaltyMemberTopic,
  loyaltyTransaction: loyaltyTransactionTopic,
  socialMention: socialMentionTopic,
  socialAuthor: socialAuthorTopic,
  crmContact: crmContactTopic,
  identityCustomer: identityCustomerTopic,
  identityDecision: identityDecisionTopic,
  identityErasure: identityErasureTopic,
  customerPriority: customerPriorityTopic,
  mentionPriority: mentionPriorityTopic,
  rawLoyaltyMembers: rawLoyaltyMembersTopic,
  rawLoyaltyTransactions: rawLoyaltyTransactionsTopic,
  rawSocialMentions: rawSocialMentionsTopic,
  rawCrmContacts: rawCrmContactsTopic,
} as const;

export const allTopics: readonly TopicDef[] = Object.values(topics);
