import type { PriorityExplanation } from '@rapport/scoring-model';
import type { CurrentScore, ScoreQueries } from '../use-cases/customer-scores.ts';
import type { Queryable } from './sql.ts';

export function scoreQueriesRepo(db: Queryable): ScoreQueries {
  return {
    async current(customerId) {
      const { rows } = await db.query<{
        identity_revision: number;
        record_ids: string[];
        as_of: Date;
        band: CurrentScore['band'];
        explanation: PriorityExplanation;
      }>(
        `select identity_revision, record_ids, as_of, band, explanation from scoring_scores where customer_id = $1`,
        [customerId],
      );
      const r = rows[0];
      if (r === undefined) return undefined;
      return {
        customerId,
        identityRevision: r.identity_revision,
        recordIds: r.record_ids,
        asOf: r.as_of.toISOString(),
        band: r.band,
        explanation: r.explanation,
      };
    },

    async history(customerId, beforeSeq, limit) {
      const { rows } = await db.query(
        `select seq::float8 as seq, as_of, score, band, raw_band, value_score, urgency_score, influence_score,
                influencer_flag, config_version, snapshot_version, published
           from scoring_score_history
          where customer_id = $1 and ($2::bigint is null or seq < $2)
          order by seq desc limit $3`,
        [customerId, beforeSeq ?? null, limit],
      );
      return rows.map((r) => ({
        seq: r.seq,
        asOf: (r.as_of as Date).toISOString(),
        score: r.score,
        band: r.band,
        rawBand: r.raw_band,
        valueScore: r.value_score,
        urgencyScore: r.urgency_score,
        influenceScore: r.influence_score,
        influencerFlag: r.influencer_flag,
        configVersion: r.config_version,
        snapshotVersion: r.snapshot_version,
        published: r.published,
      }));
    },
  };
}
