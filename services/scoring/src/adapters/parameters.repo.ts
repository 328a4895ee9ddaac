import type { ActiveParameter, ParameterKind, ParameterReader } from '../use-cases/model-parameters.ts';
import type { Queryable } from './sql.ts';

/** scoring_parameters (every version loaded) and scoring_active_parameters (the one in use per kind). */
export function parametersRepo(db: Queryable): ParameterReader & {
  store(kind: ParameterKind, version: string, body: unknown): Promise<'stored' | 'same' | 'conflict'>;
  activate(kind: ParameterKind, version: string): Promise<void>;
} {
  return {
    async active(): Promise<ActiveParameter[]> {
      const { rows } = await db.query<{ kind: ParameterKind; version: string; activated_at: Date }>(
        'select kind, version, activated_at from scoring_active_parameters',
      );
      return rows.map((r) => ({ kind: r.kind, version: r.version, activatedAt: r.activated_at.getTime() }));
    },

    async body(kind, version): Promise<unknown> {
      const { rows } = await db.query<{ body: unknown }>(
        'select body from scoring_parameters where kind = $1 and version = $2',
        [kind, version],
      );
      return rows[0]?.body;
    },

    /** A version is immutable: loading it again with the same body is a no-op, with another a conflict. */
    async store(kind, version, body) {
      const json = JSON.stringify(body);
      const inserted = await db.query(
        `insert into scoring_parameters (kind, version, body) values ($1, $2, $3::jsonb)
         on conflict (kind, version) do nothing`,
        [kind, version, json],
      );
      if (inserted.rowCount === 1) return 'stored';
      const { rows } = await db.query<{ same: boolean }>(
        'select body = $3::jsonb as same from scoring_parameters where kind = $1 and version = $2',
        [kind, version, json],
      );
      return rows[0]?.same === true ? 'same' : 'conflict';
    },

    async activate(kind, version) {
      await db.query(
        `insert into scoring_active_parameters (kind, version) values ($1, $2)
         on conflict (kind) do update set version = excluded.version, activated_at = now()`,
        [kind, version],
      );
    },
  };
}
