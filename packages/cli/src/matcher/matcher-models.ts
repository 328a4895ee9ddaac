/**
 * The `rapport` commands' access to the matcher's model tables (services/matcher/migrations/004_models.sql):
 * a sample of the live population's source records, model versions, and a switch request the matcher
 * services act on. The matcher owns the tables; this is the operator's side of them.
 */
import type { PersonRecord } from '@rapport/contracts';
import type { Pool } from '@rapport/db';

/** Source records of the live population: `size` of them, chosen by `seed` (the same seed, the same sample). */
export async function samplePopulation(
  pool: Pool,
  size: number,
  seed: number,
): Promise<{ records: PersonRecord[]; population: number }> {
  const [{ rows: count }, { rows }] = await Promise.all([
    pool.query<{ n: string }>('select count(*) as n from resolution_records where source is not null'),
    pool.query<{ source: PersonRecord }>(
      `select source from resolution_records where source is not null
        order by md5(record_id || ':' || $2::text), record_id limit $1`,
      [size, seed],
    ),
  ]);
  return { records: rows.map((r) => r.source), population: Number(count[0]!.n) };
}

/** The next free `trained-<n>` version. */
export async function nextTrainedVersion(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ n: number | null }>(
    `select max(substring(version from '^trained-([0-9]+)$')::int) as n from matcher_models`,
  );
  return `trained-${(rows[0]?.n ?? 0) + 1}`;
}

/** Adds a model version; false when the version exists already (versions are immutable). */
export async function saveModelVersion(
  pool: Pool,
  version: string,
  modelJson: string,
  trainedOn: Record<string, unknown>,
): Promise<boolean> {
  const { rowCount } = await pool.query(
    `insert into matcher_models (version, model, trained_on) values ($1, $2::json, $3::jsonb)
     on conflict (version) do nothing`,
    [version, modelJson, JSON.stringify(trainedOn)],
  );
  return rowCount === 1;
}

export type ModelState = { active: string | null; next: string | null; rebuiltUpTo: string | null };

export async function modelState(pool: Pool): Promise<ModelState> {
  const { rows } = await pool.query<{
    model_version: string | null;
    next_model_version: string | null;
    rebuilt_up_to: string | null;
  }>('select model_version, next_model_version, rebuilt_up_to from matcher_state');
  const r = rows[0]!;
  return { active: r.model_version, next: r.next_model_version, rebuiltUpTo: r.rebuilt_up_to };
}

/**
 * Asks the matcher to switch to `version`: the services rebuild the state under it in batches and switch
 * when done. 'unknown' when no such version is stored; 'active' when it is the one in use already.
 */
export async function requestModelSwitch(
  pool: Pool,
  version: string,
): Promise<'requested' | 'unknown' | 'active'> {
  const { rows } = await pool.query<{ known: boolean; active: boolean }>(
    `select exists (select from matcher_models where version = $1) as known,
            coalesce((select model_version = $1 from matcher_state), false) as active`,
    [version],
  );
  if (!rows[0]!.known) return 'unknown';
  if (rows[0]!.active) return 'active';
  await pool.query(
    `update matcher_state set next_model_version = $1, rebuilt_up_to = null, rebuild_started_at = now()
      where next_model_version is distinct from $1`,
    [version],
  );
  return 'requested';
}
