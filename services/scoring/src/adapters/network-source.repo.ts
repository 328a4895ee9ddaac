import { totalSpendMinor, type RecordFeatures } from '@rapport/scoring-model';
import type { NetworkSource } from '../use-cases/model-admin.ts';
import { identityRepo } from './identity.repo.ts';
import type { Queryable } from './sql.ts';

/** The whole graph as stored: what a network refit reads. */
export function networkSourceRepo(db: Queryable): NetworkSource {
  return {
    async socialEdges() {
      const { rows } = await db.query<{
        from: string;
        to: string;
        kind: 'mention' | 'reply';
        weight: number;
      }>(
        `select from_record_id as "from", to_record_id as "to", kind, weight from scoring_edges order by 1, 2, 3`,
      );
      return rows;
    },

    async referrals() {
      const { rows } = await db.query<{ referred: string; referrer: string }>(
        `select referred_record_id as referred, referrer_record_id as referrer from scoring_referrals order by 1, 2`,
      );
      return rows;
    },

    async owners(recordIds) {
      const owners = await identityRepo(db).ownersOf(recordIds);
      return new Map([...owners].map(([record, owner]) => [record, owner.customerId]));
    },

    async spends(recordIds) {
      const { rows } = await db.query<{ record_id: string; features: RecordFeatures }>(
        `select r.record_id, f.features from unnest($1::text[]) r(record_id)
           join scoring_records f on f.record_id = r.record_id
              or f.record_id in (select card_record_id from scoring_cards where member_record_id = r.record_id)`,
        [recordIds],
      );
      const spend = new Map<string, number>();
      for (const r of rows)
        spend.set(r.record_id, (spend.get(r.record_id) ?? 0) + totalSpendMinor(r.features.purchases));
      return spend;
    },
  };
}
