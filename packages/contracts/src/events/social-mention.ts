import { z } from 'zod';
import { recordEventId } from '../event-id.ts';
import { Handle, Platform } from '../fields/person.ts';
import { nonBlank, SourceId } from '../fields/text.ts';
import { IsoDateTime } from '../fields/time.ts';
import { envelopeFields } from './envelope.ts';
import { SocialAuthor, socialAuthorKey } from './social-author.ts';

const Count = z.int().min(0);

export const Engagement = z
  .object({
    likes: Count.optional(),
    replies: Count.optional(),
    reposts: Count.optional(),
    quotes: Count.optional(),
    views: Count.optional(),
  })
  .describe('Counts at observedAt; a later observation of the same post carries newer counts');

/** A public post that mentions the brand, as the social listening source delivered it. */
export const SocialMentionRecord = z.object({
  platform: Platform,
  postId: SourceId.describe('Unique within the platform'),
  url: nonBlank(2000).optional(),
  author: SocialAuthor,
  text: nonBlank(10_000).optional().describe('Post text; never logged'),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a BCP 47 tag such as "en" or "pt-BR"' })
    .optional()
    .describe('BCP 47 language tag'),
  occurredAt: IsoDateTime.describe('When the post was published'),
  observedAt: IsoDateTime.optional().describe(
    'When the source fetched it (and its engagement); defaults to occurredAt',
  ),
  replyTo: z.object({ postId: SourceId, authorHandle: Handle.optional() }).optional(),
  mentionedHandles: z.array(Handle).max(100).optional().describe('Handles mentioned in the text, without @'),
  engagement: Engagement.optional(),
});
export type SocialMentionRecord = z.output<typeof SocialMentionRecord>;

/**
 * Topic `social.mention.v1` (delete-retention stream). The same post may arrive again with newer
 * engagement: consumers upsert by `${platform}:${postId}` and keep the latest `observedAt`.
 */
export const SocialMentionEvent = z
  .object({ ...envelopeFields(1), ...SocialMentionRecord.shape })
  .describe('A social post mentioning the brand was observed');
export type SocialMentionEvent = z.output<typeof SocialMentionEvent>;

/** Key: per author, `${platform}:${author.handle}` lowercased: the author topic's key. */
export function socialMentionKey(event: Pick<SocialMentionEvent, 'platform' | 'author'>): string {
  return socialAuthorKey({ platform: event.platform, handle: event.author.handle });
}

/** The event id covers the observation, so a re-fetch with new engagement is a new event. */
export function socialMentionEvent(
  record: SocialMentionRecord,
  options: { source?: string } = {},
): SocialMentionEvent {
  const source = options.source ?? 'social';
  const observedAt = record.observedAt ?? record.occurredAt;
  // The record first: nothing in it may override the envelope.
  return {
    ...record,
    eventId: recordEventId(['social.mention.v1', source, record.platform, record.postId, observedAt], {
      ...record,
      source,
    }),
    schemaVersion: 1,
    source,
  };
}
