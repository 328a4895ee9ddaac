import {
  LoyaltyMemberBatchBody,
  LoyaltyMemberBody,
  loyaltyMemberEvent,
  loyaltyMemberTopic,
  normaliseLoyaltyMember,
} from '@rapport/contracts';
import type { Intake } from '@rapport/ingest';

/**
 * A member enrolment, profile update or deletion → `loyalty.member.v1`, keyed per member. The
 * body's `change` (enrolment | update) becomes the event's; `deleted: true` makes it a deletion.
 */
export const loyaltyMemberIntake: Intake<typeof LoyaltyMemberBody> = {
  name: 'loyalty-member',
  body: LoyaltyMemberBody,
  batchBody: LoyaltyMemberBatchBody,
  toEvents(body) {
    const { change, ...record } = normaliseLoyaltyMember(body);
    const event = loyaltyMemberEvent(record, change === undefined ? {} : { change });
    return { eventId: event.eventId, events: [{ topic: loyaltyMemberTopic, event }] };
  },
};
