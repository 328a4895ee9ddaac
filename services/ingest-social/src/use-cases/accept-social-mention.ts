import {
  normaliseSocialMention,
  OBSERVED_WITH_MENTION_HEADER,
  SocialMentionBatchBody,
  SocialMentionBody,
  socialAuthorEvent,
  socialAuthorTopic,
  socialMentionEvent,
  socialMentionTopic,
} from '@rapport/contracts';
import type { Intake } from '@rapport/ingest';

/**
 * A mention → `social.mention.v1` and its author's profile snapshot → `social.author.v1`, both keyed
 * per author. The mention's event id covers `observedAt`, so the same post re-observed with newer
 * engagement is a new event (consumers keep the latest per post); a plain resend is a duplicate.
 * The author's message names the mention event in a header: scoring applies the author from the
 * mention and skips it (it used to rescore the customer once for each).
 */
export const socialMentionIntake: Intake<typeof SocialMentionBody> = {
  name: 'social-mention',
  body: SocialMentionBody,
  batchBody: SocialMentionBatchBody,
  toEvents(body) {
    const record = normaliseSocialMention(body);
    const mention = socialMentionEvent(record);
    const author = socialAuthorEvent({
      platform: record.platform,
      observedAt: record.observedAt ?? record.occurredAt,
      ...record.author,
    });
    return {
      eventId: mention.eventId,
      events: [
        { topic: socialMentionTopic, event: mention },
        {
          topic: socialAuthorTopic,
          event: author,
          headers: { [OBSERVED_WITH_MENTION_HEADER]: mention.eventId },
        },
      ],
    };
  },
};
