import type { PoolClient } from '@rapport/db';

/** The client a repository runs on: the batch's transaction, or the pool for reads. */
export type Queryable = Pick<PoolClient, 'query'>;

/** Many rows as one parameter: `json_to_recordset($1::json)` reads them back in one statement. */
export function rowsParam(rows: readonly object[]): string {
  return JSON.stringify(rows);
}

export const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * An API instant (ISO 8601, any offset) as a timestamptz parameter Postgres always reads: in UTC, as
 * Postgres takes offsets only up to ±15:59; years outside 1..9999, which offsets can reach, written
 * as Postgres writes them (ISO year 0 is 1 BC). In UTC so that the process's time zone plays no part.
 */
export function pgInstant(iso: string | undefined): string | null {
  if (iso === undefined) return null;
  const date = new Date(iso);
  const year = date.getUTCFullYear();
  const utc = date.toISOString();
  if (year >= 1 && year <= 9999) return utc;
  const rest = utc.slice(utc.indexOf('-', 1));
  return year >= 1 ? `${year}${rest}` : `${String(1 - year).padStart(4, '0')}${rest} BC`;
}
