import {
  LoyaltyTransactionBatchBody,
  LoyaltyTransactionBody,
  loyaltyTransactionEvent,
  loyaltyTransactionTopic,
  normaliseLoyaltyTransaction,
} from '@rapport/contracts';
import type { Intake } from '@rapport/ingest';

/** A purchase or refund → `loyalty.transaction.v1`, keyed per member (else per card). */
export const loyaltyTransactionIntake: Intake<typeof LoyaltyTransactionBody> = {
  name: 'loyalty-transaction',
  body: LoyaltyTransactionBody,
  batchBody: LoyaltyTransactionBatchBody,
  toEvents(body) {
    const event = loyaltyTransactionEvent(normaliseLoyaltyTransaction(body));
    return { eventId: event.eventId, events: [{ topic: loyaltyTransactionTopic, event }] };
  },
};
