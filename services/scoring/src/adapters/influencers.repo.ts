import type { Influencer } from '@rapport/contracts';
import type { InfluenceScore } from '@rapport/scoring-model';
import type { InfluencerQueries } from '../use-cases/influencers.ts';
import type { Queryable } from './sql.ts';

export function influencersRepo(db: Queryable): InfluencerQueries {
  return {
    async page(reason, after, limit) {
      const { rows } = await db.query<{
        customer_id: string;
        influencer_flag: Influencer['reason'];
        influence_score: number;
        influencer_online: number;
        influencer_offline: number;
        influence: InfluenceScore;
        score: number;
        as_of: Date;
      }>(
        `select customer_id, influencer_flag, influence_score, influencer_online, influencer_offline,
                explanation->'influence' as influence, score, as_of
           from scoring_scores
          where influencer_flag <> 'none' and ($1::text is null or influencer_flag = $1)
            and ($2::float8 is null or influence_score < $2 or (influence_score = $2 and customer_id > $3))
          order by influence_score desc, customer_id
          limit $4`,
        [reason ?? null, after?.influenceScore ?? null, after?.customerId ?? null, limit],
      );
      return rows.map((r) => ({
        customerId: r.customer_id,
        reason: r.influencer_flag,
        influenceScore: r.influence_score,
        online: r.influencer_online,
        offline: r.influencer_offline,
        components: [...r.influence.online.components, ...r.influence.offline.components],
        score: r.score,
        asOf: r.as_of.toISOString(),
      }));
    },
  };
}
