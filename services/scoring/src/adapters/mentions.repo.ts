import type { SocialMentionRecord } from '@rapport/contracts';
import type { PriorityExplanation, UrgencyScore } from '@rapport/scoring-model';
import { jsonTexts, JSON_TEXTS } from '@rapport/db';
import type { PricedMention, RepricedMention, StoredMention } from '../use-cases/ports.ts';
import { rowsParam } from './sql.ts';

// scoring_mentions as the batch sees it (the care queue's reads are in care-queue.repo.ts).

interface MentionRow {
  mention_id: string;
  platform: string;
  post_id: string;
  record_id: string;
  brands: string[];
  occurred_at: string;
  observed_at: string;
  first_event_id: string;
  last_event_id: string;
  engagement: number;
  urgency: UrgencyScore;
  mention: SocialMentionRecord;
  customer_id: string | null;
  identity_revision: number | null;
  explanation: PriorityExplanation;
  model_version: string | null;
  handled: boolean;
}

/** A post as one JSON object (`m` is scoring_mentions), so several reads share one statement. */
export const MENTION_JSON = `json_build_object('mention_id', m.mention_id, 'platform', m.platform,
  'post_id', m.post_id, 'record_id', m.record_id, 'brands', m.brands, 'occurred_at', m.occurred_at,
  'observed_at', m.observed_at, 'first_event_id', m.first_event_id, 'last_event_id', m.last_event_id,
  'engagement', m.engagement, 'urgency', m.urgency, 'mention', m.mention, 'customer_id', m.customer_id,
  'identity_revision', m.identity_revision, 'explanation', m.explanation, 'model_version', m.model_version,
  'handled', m.handled_at is not null)`;

export function mentionFromRow(r: MentionRow): StoredMention {
  return {
    mentionId: r.mention_id,
    platform: r.platform,
    postId: r.post_id,
    recordId: r.record_id,
    brands: r.brands,
    occurredAt: Date.parse(r.occurred_at),
    observedAt: Date.parse(r.observed_at),
    firstEventId: r.first_event_id,
    lastEventId: r.last_event_id,
    engagement: r.engagement,
    urgency: r.urgency,
    mention: r.mention,
    customerId: r.customer_id,
    identityRevision: r.identity_revision,
    priority: r.explanation,
    modelVersion: r.model_version,
    handled: r.handled,
  };
}

/**
 * The posts as MENTION_UPSERT's four parameters: the rows, then their urgency, the posts as observed and
 * their priority explanations beside them (jsonTexts).
 */
export function mentionParams(
  mentions: readonly PricedMention[],
): [string, string | null, string | null, string | null] {
  const rows = mentions.map((m) => ({
    mention_id: m.mentionId,
    platform: m.platform,
    post_id: m.postId,
    record_id: m.recordId,
    brands: m.brands,
    occurred_at: new Date(m.occurredAt).toISOString(),
    observed_at: new Date(m.observedAt).toISOString(),
    first_event_id: m.firstEventId,
    last_event_id: m.lastEventId,
    engagement: m.engagement,
    urgency_score: m.urgency.score,
    ...pricedColumns(m),
  }));
  return [
    rowsParam(rows),
    jsonTexts(mentions.map((m) => m.urgency)),
    jsonTexts(mentions.map((m) => m.mention)),
    jsonTexts(mentions.map((m) => m.priority)),
  ];
}

/** Upserts the posts' scoring (the parameters of `mentionParams`, in order); handling is kept. */
export const MENTION_UPSERT = (rows: string, urgency: string, mention: string, explanation: string) => `
  insert into scoring_mentions (mention_id, platform, post_id, record_id, brands, occurred_at, observed_at,
    first_event_id, last_event_id, engagement, urgency, urgency_score, mention, customer_id,
    identity_revision, score, band, rank, influencer_flag, model_version, explanation)
  select mention_id, platform, post_id, record_id, brands, occurred_at, observed_at, first_event_id,
    last_event_id, engagement, urgency::json, urgency_score, mention::json, customer_id, identity_revision,
    score, band, rank, influencer_flag, model_version, explanation::json
  from rows from (
    json_to_recordset(${rows}::json) as (mention_id uuid, platform text, post_id text, record_id text,
      brands text[], occurred_at timestamptz, observed_at timestamptz, first_event_id uuid,
      last_event_id uuid, engagement float8, urgency_score float8, customer_id text, identity_revision int,
      score float8, band text, rank int, influencer_flag text, model_version text),
    ${JSON_TEXTS(urgency)}, ${JSON_TEXTS(mention)}, ${JSON_TEXTS(explanation)})
    as x(mention_id, platform, post_id, record_id, brands, occurred_at, observed_at, first_event_id,
      last_event_id, engagement, urgency_score, customer_id, identity_revision, score, band, rank,
      influencer_flag, model_version, urgency, mention, explanation)
  on conflict (mention_id) do update set record_id = excluded.record_id, brands = excluded.brands,
    occurred_at = excluded.occurred_at, observed_at = excluded.observed_at,
    last_event_id = excluded.last_event_id, engagement = excluded.engagement, mention = excluded.mention,
    customer_id = excluded.customer_id, identity_revision = excluded.identity_revision,
    score = excluded.score, band = excluded.band, rank = excluded.rank,
    influencer_flag = excluded.influencer_flag, model_version = excluded.model_version,
    explanation = excluded.explanation`;

/** The rescored posts as MENTION_REPRICE's two parameters: the rows, their explanations beside them. */
export function repricedParams(mentions: readonly RepricedMention[]): [string, string | null] {
  const rows = mentions.map((m) => ({ mention_id: m.mentionId, ...pricedColumns(m) }));
  return [rowsParam(rows), jsonTexts(mentions.map((m) => m.priority))];
}

/** The columns a post's customer and priority fill, for the upsert and the reprice alike (but the explanation). */
function pricedColumns(m: RepricedMention) {
  return {
    customer_id: m.customerId,
    identity_revision: m.identityRevision,
    score: m.priority.score,
    band: m.priority.band,
    rank: m.priority.rank,
    influencer_flag: m.priority.influencer.flag,
    model_version: m.modelVersion,
  };
}

/**
 * Writes the customer and priority of stored posts (the parameters of `repricedParams`): a post rescored
 * because its customer's score or identity changed keeps everything else, so the post as observed and its
 * urgency are neither sent nor stored again.
 */
export const MENTION_REPRICE = (rows: string, explanations: string) => `
  update scoring_mentions m set customer_id = x.customer_id, identity_revision = x.identity_revision,
    score = x.score, band = x.band, rank = x.rank, influencer_flag = x.influencer_flag,
    model_version = x.model_version, explanation = x.explanation::json
  from rows from (
    json_to_recordset(${rows}::json) as (mention_id uuid, customer_id text, identity_revision int,
      score float8, band text, rank int, influencer_flag text, model_version text),
    ${JSON_TEXTS(explanations)})
    as x(mention_id, customer_id, identity_revision, score, band, rank, influencer_flag, model_version,
      explanation)
  where m.mention_id = x.mention_id`;
