import { createPool } from '@rapport/db';

export type Statement = { ms: number; calls: number; rows: number; query: string };
/** A database's statements by query id: cumulative execution ms, calls, rows, the query (160 characters). */
export type Statements = Map<string, Statement>;

/**
 * `database`'s statements so far, read through `url` (the app database, which has the pg_stat_statements
 * view: infra/postgres.sh creates it). Without the view, `log` says why and the answer is empty: these
 * figures explain a run, they are not part of it.
 */
export async function readStatements(
  url: string,
  database: string,
  log: (line: string) => void,
): Promise<Statements> {
  const pool = createPool(url, { max: 1 });
  try {
    const { rows } = await pool.query<Statement & { id: string }>(
      `select queryid::text as id, total_exec_time::float8 as ms, calls::int, rows::int8::float8 as rows,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query
         from public.pg_stat_statements
        where dbid = (select oid from pg_database where datname = $1)`,
      [database],
    );
    return new Map(rows.map(({ id, ...s }) => [id, s]));
  } catch (error) {
    log(`statements: ${(error as Error).message}`);
    return new Map();
  } finally {
    await pool.end();
  }
}

/** What each statement did between two readings, costliest first. */
export function statementsBetween(before: Statements, after: Statements): Statement[] {
  return [...after]
    .map(([id, a]) => {
      const b = before.get(id);
      return {
        ...a,
        ms: a.ms - (b?.ms ?? 0),
        calls: a.calls - (b?.calls ?? 0),
        rows: a.rows - (b?.rows ?? 0),
      };
    })
    .sort((x, y) => y.ms - x.ms);
}
