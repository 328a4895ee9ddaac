import type { SocialMentionRecord } from '@rapport/contracts';
import type { PriorityExplanation, UrgencyScore } from '@rapport/scoring-model';
import type { StoredMention } from '../use-cases/ports.ts';
import { rowsParam, type Queryable } from './sql.ts';

interface MentionRow {
  mention_id: string;
  platform: string;
  post_id: string;
  record_id: string;
  brands: string[];
  occurred_at: Date;
  observed_at: Date;
  first_event_id: string;
  last_event_id: string;
  engagement: number;
  urgency: UrgencyScore;
  mention: SocialMentionRecord;
  customer_id: string | null;
  identity_revision: number | null;
  explanation: PriorityExplanation;
  handled: boolean;
}

const COLUMNS = `mention_id, platform, post_id, record_id, brands, occurred_at, observed_at, first_event_id,
  last_event_id, engagement, urgency, mention, customer_id, identity_revision, explanation,
  handled_at is not null as handled`;

function fromRow(r: MentionRow): StoredMention {
  return {
    mentionId: r.mention_id,
    platform: r.platform,
    postId: r.post_id,
    recordId: r.record_id,
    brands: r.brands,
    occurredAt: r.occurred_at.getTime(),
    observedAt: r.observed_at.getTime(),
    firstEventId: r.first_event_id,
    lastEventId: r.last_event_id,
    engagement: r.engagement,
    urgency: r.urgency,
    mention: r.mention,
    customerId: r.customer_id,
    identityRevision: r.identity_revision,
    priority: r.explanation,
    handled: r.handled,
  };
}

/** scoring_mentions as the batch sees it (the care queue's reads are in care-queue.repo.ts). */
export function mentionsRepo(db: Queryable) {
  return {
    async mentions(ids: readonly string[]): Promise<Map<string, StoredMention>> {
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<MentionRow>(
        `select ${COLUMNS} from scoring_mentions where mention_id = any($1::uuid[])`,
        [ids],
      );
      return new Map(rows.map((r) => [r.mention_id, fromRow(r)]));
    },

    async mentionsOf(
      recordIds: readonly string[],
      options: { openOrSince: number },
    ): Promise<StoredMention[]> {
      if (recordIds.length === 0) return [];
      const { rows } = await db.query<MentionRow>(
        `select ${COLUMNS} from scoring_mentions
          where record_id = any($1::text[]) and (handled_at is null or occurred_at > $2)
          order by mention_id`,
        [recordIds, new Date(Number.isFinite(options.openOrSince) ? options.openOrSince : 0)],
      );
      return rows.map(fromRow);
    },

    /** Upserts the posts' scoring; whether and by whom a post was handled is the care desk's, kept. */
    async saveMentions(mentions: readonly StoredMention[]): Promise<void> {
      if (mentions.length === 0) return;
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
        urgency: m.urgency,
        urgency_score: m.urgency.score,
        mention: m.mention,
        customer_id: m.customerId,
        identity_revision: m.identityRevision,
        score: m.priority.score,
        band: m.priority.band,
        rank: m.priority.rank,
        influencer_flag: m.priority.influencer.flag,
        explanation: m.priority,
      }));
      await db.query(
        `insert into scoring_mentions (mention_id, platform, post_id, record_id, brands, occurred_at, observed_at,
           first_event_id, last_event_id, engagement, urgency, urgency_score, mention, customer_id,
           identity_revision, score, band, rank, influencer_flag, explanation)
         select * from json_to_recordset($1::json) as x(mention_id uuid, platform text, post_id text,
           record_id text, brands text[], occurred_at timestamptz, observed_at timestamptz, first_event_id uuid,
           last_event_id uuid, engagement float8, urgency json, urgency_score float8, mention json,
           customer_id text, identity_revision int, score float8, band text, rank int, influencer_flag text,
           explanation json)
         on conflict (mention_id) do update set record_id = excluded.record_id, brands = excluded.brands,
           occurred_at = excluded.occurred_at, observed_at = excluded.observed_at,
           last_event_id = excluded.last_event_id, engagement = excluded.engagement, mention = excluded.mention,
           customer_id = excluded.customer_id, identity_revision = excluded.identity_revision,
           score = excluded.score, band = excluded.band, rank = excluded.rank,
           influencer_flag = excluded.influencer_flag, explanation = excluded.explanation`,
        [rowsParam(rows)],
      );
    },
  };
}
