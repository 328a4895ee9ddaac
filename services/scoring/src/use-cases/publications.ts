import {
  customerPriorityEventId,
  mentionPriorityEventId,
  type CustomerPriorityEvent,
  type MentionCandidate,
  type MentionPriorityEvent,
  type MentionPriorityTrigger,
  type SocialMentionRecord,
} from '@rapport/contracts';
import { priorityBreakdown, type Band, type PriorityExplanation } from '@rapport/scoring-model';
import type { ScoringParameters } from './model-parameters.ts';

const SOURCE = 'scoring';
const iso = (ms: number) => new Date(ms).toISOString();

/** `scoring.priority.v1` for a customer whose published band changed. Event time: the score's asOf. */
export function priorityEvent(
  customer: { customerId: string; identityRevision: number; asOf: number },
  explanation: PriorityExplanation,
  band: Band,
  previousBand: Band | undefined,
  params: ScoringParameters,
): CustomerPriorityEvent {
  const occurredAt = iso(customer.asOf);
  const { modelVersion } = params;
  return {
    eventId: customerPriorityEventId(
      customer.customerId,
      { identityRevision: customer.identityRevision, modelVersion, occurredAt, band },
      SOURCE,
    ),
    schemaVersion: 1,
    source: SOURCE,
    customerId: customer.customerId,
    identityRevision: customer.identityRevision,
    score: explanation.score,
    breakdown: priorityBreakdown(explanation),
    modelVersion,
    band,
    ...(previousBand !== undefined && { previousBand }),
    rank: explanation.rank,
    influencer: explanation.influencer,
    occurredAt,
  };
}

/** `scoring.mention-priority.v1` for one observation of a post, or its re-score after an identity change. */
export function mentionEvent(
  post: {
    mentionId: string;
    mentionEventId: string;
    mention: SocialMentionRecord;
    brands: string[];
    occurredAt: number;
  },
  customer: { customerId: string; identityRevision: number } | null,
  priority: PriorityExplanation,
  trigger: MentionPriorityTrigger,
  params: ScoringParameters,
  candidates?: readonly MentionCandidate[],
): MentionPriorityEvent {
  const { modelVersion } = params;
  return {
    eventId: mentionPriorityEventId(
      {
        mentionEventId: post.mentionEventId,
        ...(customer !== null && {
          customerId: customer.customerId,
          identityRevision: customer.identityRevision,
        }),
        modelVersion,
        trigger,
      },
      SOURCE,
    ),
    schemaVersion: 1,
    source: SOURCE,
    mentionId: post.mentionId,
    mentionEventId: post.mentionEventId,
    mention: post.mention,
    brands: post.brands,
    customer,
    ...(candidates !== undefined && candidates.length > 0 && { candidates: candidates.slice(0, 10) }),
    trigger,
    priority,
    modelVersion,
    occurredAt: iso(post.occurredAt),
  };
}
