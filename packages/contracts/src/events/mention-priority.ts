import { z } from 'zod';
import { deterministicEventId } from '../event-id.ts';
import { CustomerId, nonBlank } from '../fields/text.ts';
import { IsoDateTime } from '../fields/time.ts';
import { envelopeFields } from './envelope.ts';
import { IdentityCandidate } from './identity-change.ts';
import { ScoreExplanation } from './score-explanation.ts';
import { socialAuthorKey } from './social-author.ts';
import { SocialMentionRecord } from './social-mention.ts';

export const MentionPriorityTrigger = z
  .enum(['observed', 'identity'])
  .describe('observed: a new observation of the post; identity: its author was resolved, merged or split');
export type MentionPriorityTrigger = z.output<typeof MentionPriorityTrigger>;

/** A customer the author may be: a candidate of the author's customer on its latest identity event. */
export const MentionCandidate = IdentityCandidate;
export type MentionCandidate = IdentityCandidate;

/**
 * Topic `scoring.mention-priority.v1` (delete-retention stream): every observation of a social mention,
 * scored, and every re-score of it when the identity of its author changes. The latest event per
 * `mentionId` is the mention's current priority.
 */
export const MentionPriorityEvent = z
  .object({
    ...envelopeFields(1),
    mentionId: z.uuid().describe('Stable id of the post (platform and post id): the care queue item'),
    mentionEventId: z.uuid().describe('The social.mention.v1 event scored'),
    mention: SocialMentionRecord.describe('The post as observed; its text is personal data, never logged'),
    brands: z.array(nonBlank(100)).max(50).describe('Brands the post addresses (by their handles)'),
    customer: z
      .object({ customerId: CustomerId, identityRevision: z.int().min(1) })
      .nullable()
      .describe('The customer the author belongs to, as the matcher sees it now; null when none'),
    candidates: z
      .array(MentionCandidate)
      .max(10)
      .optional()
      .describe(
        "When the author's customer holds social accounts alone: the loyalty or CRM customers it may be (the matcher's candidates on its latest identity event)",
      ),
    trigger: MentionPriorityTrigger,
    priority: ScoreExplanation,
    modelVersion: nonBlank(300).describe('Scoring configuration and value snapshot versions'),
    occurredAt: IsoDateTime.describe('Event time the post was scored at: its publication time'),
  })
  .describe('A social mention was prioritised');
export type MentionPriorityEvent = z.output<typeof MentionPriorityEvent>;

/** Key: per author, `${platform}:${author.handle}` lowercased: the mention topic's key, so an author's posts stay in order. */
export function mentionPriorityKey(event: Pick<MentionPriorityEvent, 'mention'>): string {
  return socialAuthorKey({ platform: event.mention.platform, handle: event.mention.author.handle });
}

/** The care-queue id of a post: one per (platform, post id), however often it is observed. */
export function mentionId(platform: string, postId: string): string {
  return deterministicEventId(['mention', platform, postId]);
}

/** One event per (mention observation, customer revision scored, trigger): a replay gives the same ids. */
export function mentionPriorityEventId(
  inputs: {
    mentionEventId: string;
    customerId?: string;
    identityRevision?: number;
    modelVersion: string;
    trigger: MentionPriorityTrigger;
  },
  source = 'scoring',
): string {
  return deterministicEventId([
    'scoring.mention-priority.v1',
    source,
    inputs.mentionEventId,
    inputs.customerId ?? '',
    String(inputs.identityRevision ?? ''),
    inputs.modelVersion,
    inputs.trigger,
  ]);
}
