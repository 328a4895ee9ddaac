import {
  LoyaltyMemberBatchBody,
  LoyaltyMemberBody,
  type LoyaltyMemberEvent,
  loyaltyMemberEvent,
  loyaltyMemberTopic,
  normaliseLoyaltyMember,
} from '@rapport/contracts';
import type { Intake } from '@rapport/ingest';
import type { z } from 'zod';

/**
 * A member enrolment, profile update or deletion → `loyalty.member.v1`, keyed per member. The
 * body's `change` (enrolment | update) becomes the event's; `deleted: true` makes it a deletion.
 */
export const loyaltyMemberIntake: Intake<typeof LoyaltyMemberBody> = {
  name: 'loyalty-member',
  body: LoyaltyMemberBody,
  batchBody: LoyaltyMemberBatchBody,
  toEvents(body) {
    const normal = normaliseLoyaltyMember(body);
    // Without a `change` key the normalised body is the record itself: no copy just to drop it.
    const event = 'change' in normal ? memberEventWithChange(normal) : loyaltyMemberEvent(normal);
    return { eventId: event.eventId, events: [{ topic: loyaltyMemberTopic, event }] };
  },
};

function memberEventWithChange(body: z.output<typeof LoyaltyMemberBody>): LoyaltyMemberEvent {
  const { change, ...record } = body;
  return loyaltyMemberEvent(record, change === undefined ? {} : { change });
}
