import type { z } from 'zod';
import { SocialMentionRecord } from '../events/social-mention.ts';
import { normaliseHandle, normaliseStrings, normaliseTimestamp } from '../normalise.ts';
import { strictDeep } from '../strict-deep.ts';
import { batchBody } from './ingest.ts';

const example = {
  platform: 'instagram',
  postId: '3301928374650',
  url: 'https://www.instagram.com/p/C9xYz/',
  author: {
    handle: 'ana.travels',
    displayName: 'Ana Souza',
    profile: { followers: 48200, following: 310, verified: false, location: 'Bristol, UK' },
  },
  text: 'Stuck at the gate for 3 hours, @skymiles any help?',
  language: 'en',
  occurredAt: '2025-03-14T07:02:00Z',
  observedAt: '2025-03-14T07:10:00Z',
  mentionedHandles: ['skymiles'],
  engagement: { likes: 120, replies: 14, reposts: 3, views: 5400 },
};

/** `POST /social/mentions`: one observed post. Unknown fields, at any depth, are rejected. */
export const SocialMentionBody = strictDeep(SocialMentionRecord)
  .describe('A social post mentioning the brand, with its author and engagement when observed')
  .meta({ examples: [example] });
export type SocialMentionBody = z.input<typeof SocialMentionBody>;

/** `POST /social/mentions/batch`. */
export const SocialMentionBatchBody = batchBody(SocialMentionBody)
  .describe('Up to 1000 social mentions')
  .meta({ examples: [{ records: [example] }] });
export type SocialMentionBatchBody = z.input<typeof SocialMentionBatchBody>;

/** A validated body as the record to publish: handles without @, text trimmed and NFC, timestamps UTC. */
export function normaliseSocialMention(
  body: z.output<typeof SocialMentionBody>,
): z.output<typeof SocialMentionRecord> {
  const record = normaliseStrings(body);
  return {
    ...record,
    author: { ...record.author, handle: normaliseHandle(record.author.handle) },
    occurredAt: normaliseTimestamp(record.occurredAt),
    ...(record.observedAt === undefined ? {} : { observedAt: normaliseTimestamp(record.observedAt) }),
    ...(record.replyTo?.authorHandle === undefined
      ? {}
      : { replyTo: { ...record.replyTo, authorHandle: normaliseHandle(record.replyTo.authorHandle) } }),
    ...(record.mentionedHandles === undefined
      ? {}
      : { mentionedHandles: record.mentionedHandles.map(normaliseHandle) }),
  };
}
