import type { PersonRecord } from '@rapport/contracts';
import type { Pool, PoolClient } from '@rapport/db';
import type { ModelSwitchPort } from '../use-cases/switch-model.ts';
import type { ModelCatalog } from './model-catalog.ts';

/** Records whose source was never stored cannot be resolved again under another model. */
export class SourcesMissing extends Error {
  readonly code = 'MATCHER_SOURCES_MISSING';
  constructor(count: number) {
    super(`${count} records have no stored source record: the model switch cannot re-resolve them`);
    this.name = 'SourcesMissing';
  }
}

/**
 * The model switch's side of the tables, on the resolution transaction's client: the switch asked for
 * (`rapport matcher use-model` sets matcher_state.next_model_version), every membership and source record,
 * the engine state to clear (steward decisions stay: they bind every model), and the switch to record.
 */
export function modelSwitchRepo(client: PoolClient, models: ModelCatalog): ModelSwitchPort {
  return {
    async requested() {
      const { rows } = await client.query<{ version: string | null; at: Date | null }>(
        'select next_model_version as version, rebuild_started_at as at from matcher_state',
      );
      const r = rows[0];
      if (r?.version == null) return undefined;
      return {
        version: r.version,
        requestedAt: (r.at ?? new Date()).toISOString(),
        engine: await models.engine(client, r.version),
      };
    },
    async memberships() {
      const { rows } = await client.query<{ cluster_id: string; members: string[] }>(
        `select cluster_id, array_agg(record_id order by record_id) as members
           from resolution_placements group by cluster_id`,
      );
      return new Map(rows.map((r) => [r.cluster_id, r.members]));
    },
    async sources() {
      const { rows } = await client.query<{ source: PersonRecord | null }>(
        'select source from resolution_records order by record_id',
      );
      const missing = rows.filter((r) => r.source === null).length;
      if (missing > 0) throw new SourcesMissing(missing);
      return rows.map((r) => r.source!);
    },
    async clearEngineState() {
      // DELETE, not TRUNCATE: readers outside the lock (the API) keep seeing the old state until the commit.
      await client.query(
        `with r as (delete from resolution_records), p as (delete from resolution_placements),
              k as (delete from resolution_block_keys), i as (delete from resolution_identifiers),
              e as (delete from resolution_edges)
         select 1`,
      );
    },
    async activate(version) {
      await client.query(
        `update matcher_state set model_version = $1, next_model_version = null, rebuilt_up_to = null,
                rebuild_started_at = null`,
        [version],
      );
      await client.query(`update customers set model_version = $1 where status = 'active'`, [version]);
    },
  };
}

/** Whether a model switch is asked for, read without the resolution lock. */
export async function modelSwitchAsked(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ asked: boolean }>(
    'select next_model_version is not null as asked from matcher_state',
  );
  return rows[0]?.asked === true;
}
