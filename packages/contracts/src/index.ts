export * from './person-record.ts';
export * from './projection/person-projection.ts';

export * from './event-id.ts';
export * from './normalise.ts';
export * from './strict-deep.ts';
export * from './fields/currency.ts';
export * from './fields/person.ts';
export * from './fields/text.ts';
export * from './fields/time.ts';

export * from './events/envelope.ts';
export * from './events/loyalty-member.ts';
export * from './events/loyalty-transaction.ts';
export * from './events/social-author.ts';
export * from './events/social-mention.ts';
export * from './events/crm-contact.ts';
export * from './events/identity-change.ts';
export * from './events/steward-decision.ts';
export * from './events/erasure-request.ts';
export * from './events/customer-priority.ts';
export * from './events/score-explanation.ts';
export * from './events/mention-priority.ts';

export * from './topic-def.ts';
export * from './topics.ts';
export * from './dead-letter.ts';
export * from './problem.ts';

export * from './api/ingest.ts';
export * from './api/health.ts';
export * from './api/loyalty-members.ts';
export * from './api/loyalty-transactions.ts';
export * from './api/social-mentions.ts';
export * from './api/crm-contacts.ts';
export * from './api/scoring.ts';
export * from './api/customer-lookup.ts';
export * from './api/customer-view.ts';
export * from './api/explanations.ts';
export * from './api/stewardship.ts';
export * from './api/erasure.ts';

export * from './json-schema.ts';
export * from './api/json-body.ts';
