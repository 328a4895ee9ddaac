import { z } from 'zod';
import { recordEventId } from '../event-id.ts';
import { Handle, Platform } from '../fields/person.ts';
import { nonBlank, ShortText } from '../fields/text.ts';
import { IsoDateTime } from '../fields/time.ts';
import { envelopeFields } from './envelope.ts';

const Count = z.int().min(0);

/** What the author's public profile showed when observed. */
export const SocialProfileSnapshot = z.object({
  followers: Count.optional(),
  following: Count.optional(),
  verified: z.boolean().optional(),
  bio: nonBlank(2000).optional(),
  location: ShortText.optional().describe('Free text as the author wrote it'),
  website: nonBlank(2000).optional(),
});

/** A social account, as seen on one of its posts. */
export const SocialAuthor = z.object({
  handle: Handle,
  displayName: ShortText.optional(),
  profile: SocialProfileSnapshot.optional(),
});

/**
 * Topic `social.author.v1` (compacted): the latest profile seen for each social account. The ingest
 * service emits it from each mention's author, so the matcher resolves accounts without reading
 * the mention stream.
 */
export const SocialAuthorEvent = z
  .object({
    ...envelopeFields(1),
    platform: Platform,
    ...SocialAuthor.shape,
    observedAt: IsoDateTime.describe('When the profile was seen (the post fetch time)'),
  })
  .describe('A social account profile was observed');
export type SocialAuthorEvent = z.output<typeof SocialAuthorEvent>;

/**
 * Key: per author, `${platform}:${handle}` lowercased (handles are case-insensitive on the
 * platforms we read). The mention topic uses the same key.
 */
export function socialAuthorKey(event: { platform: string; handle: string }): string {
  return `${event.platform}:${event.handle}`.toLowerCase();
}

/**
 * Kafka header of a `social.author.v1` message emitted from a mention's author: the id of that
 * `social.mention.v1` event, which carries the same observation (author, profile, observedAt). A consumer
 * of both topics that applies the mention's author itself (scoring) may skip such a message; one reading
 * only this topic (the matcher) needs it. Transport metadata, outside the event and its id.
 */
export const OBSERVED_WITH_MENTION_HEADER = 'rapport-observed-with-mention';

export function socialAuthorEvent(
  author: { platform: string; observedAt: string } & z.output<typeof SocialAuthor>,
  options: { source?: string } = {},
): SocialAuthorEvent {
  const source = options.source ?? 'social';
  // The record first: nothing in it may override the envelope.
  return {
    ...author,
    eventId: recordEventId(['social.author.v1', source, socialAuthorKey(author), author.observedAt], {
      ...author,
      source,
    }),
    schemaVersion: 1,
    source,
  };
}
