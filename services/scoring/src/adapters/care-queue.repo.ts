import type { CareQueueItem, SocialMentionRecord } from '@rapport/contracts';
import type { PriorityExplanation } from '@rapport/scoring-model';
import type { CareQueueQueries } from '../use-cases/care-queue.ts';
import { pgInstant, type Queryable } from './sql.ts';

interface QueueRow {
  mention_id: string;
  platform: string;
  post_id: string;
  mention: SocialMentionRecord;
  occurred_at: Date;
  observed_at: Date;
  brands: string[];
  customer_id: string | null;
  score: number;
  band: CareQueueItem['band'];
  rank: number;
  influencer_flag: CareQueueItem['influencerFlag'];
  explanation: PriorityExplanation;
  handled_at: Date | null;
  handled_by: string | null;
  handled_note: string | null;
  candidates: CareQueueItem['candidates'] | null;
}

// The author's customer's candidates as its latest identity event gave them (social accounts alone).
const COLUMNS = `mention_id, platform, post_id, mention, occurred_at, observed_at, brands, customer_id, score, band,
  rank, influencer_flag, explanation, handled_at, handled_by, handled_note,
  (select c.candidates from scoring_customers c where c.customer_id = scoring_mentions.customer_id) as candidates`;

function item(r: QueueRow): CareQueueItem {
  return {
    mentionId: r.mention_id,
    platform: r.platform,
    postId: r.post_id,
    ...(r.mention.url !== undefined && { url: r.mention.url }),
    authorHandle: r.mention.author.handle,
    ...(r.mention.text !== undefined && { text: r.mention.text }),
    ...(r.mention.language !== undefined && { language: r.mention.language }),
    occurredAt: r.occurred_at.toISOString(),
    observedAt: r.observed_at.toISOString(),
    brands: r.brands,
    customerId: r.customer_id,
    ...(r.candidates !== null &&
      r.candidates !== undefined &&
      r.candidates.length > 0 && { candidates: r.candidates }),
    score: r.score,
    band: r.band,
    rank: r.rank,
    influencerFlag: r.influencer_flag,
    explanation: r.explanation,
    handled:
      r.handled_at === null
        ? null
        : {
            at: r.handled_at.toISOString(),
            by: r.handled_by ?? 'unknown',
            ...(r.handled_note !== null && { note: r.handled_note }),
          },
  };
}

export function careQueueRepo(db: Queryable): CareQueueQueries {
  return {
    async page(filter, after, limit) {
      const { rows } = await db.query<QueueRow>(
        `select ${COLUMNS} from scoring_mentions
          where case $1::text when 'open' then handled_at is null when 'handled' then handled_at is not null
                 else true end
            and ($2::text[] is null or band = any($2::text[]))
            and ($3::text is null or platform = $3)
            and ($4::text is null or $4 = any(brands))
            and ($5::timestamptz is null or occurred_at >= $5)
            and ($6::timestamptz is null or occurred_at < $6)
            and ($7::float8 is null or score < $7
                 or (score = $7 and (occurred_at > $8::timestamptz
                     or (occurred_at = $8::timestamptz and mention_id > $9::uuid))))
          order by score desc, occurred_at, mention_id
          limit $10`,
        [
          filter.status,
          filter.band ?? null,
          filter.platform ?? null,
          filter.brand ?? null,
          pgInstant(filter.from),
          pgInstant(filter.to),
          after?.score ?? null,
          pgInstant(after?.occurredAt),
          after?.mentionId ?? null,
          limit,
        ],
      );
      return rows.map(item);
    },

    async markHandled(mentionId, by, note, at) {
      const { rows } = await db.query<QueueRow>(
        `update scoring_mentions set
           handled_by = case when handled_at is null then $2 else handled_by end,
           handled_note = case when handled_at is null then $3 else handled_note end,
           handled_at = coalesce(handled_at, $4)
         where mention_id = $1
         returning ${COLUMNS}`,
        [mentionId, by, note ?? null, at],
      );
      return rows[0] === undefined ? undefined : item(rows[0]);
    },
  };
}
