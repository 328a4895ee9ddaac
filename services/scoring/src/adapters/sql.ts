import type { PoolClient } from '@rapport/db';

/** The client a repository runs on: the batch's transaction, or the pool for reads. */
export type Queryable = Pick<PoolClient, 'query'>;

/** Many rows as one parameter: `json_to_recordset($1::json)` reads them back in one statement. */
export function rowsParam(rows: readonly object[]): string {
  return JSON.stringify(rows);
}

export const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
