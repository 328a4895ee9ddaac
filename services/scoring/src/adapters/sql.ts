import { createHash } from 'node:crypto';
import type { PoolClient } from '@rapport/db';

/** The client a repository runs on: the batch's transaction, or the pool for reads. */
export type Queryable = Pick<PoolClient, 'query'>;

const statementNames = new Map<string, string>();

/** A name for a statement's text, the same for the same text (pg refuses one name for two texts). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `scoring_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * `db` with every statement given as text and values prepared once per connection (a named statement):
 * a batch runs the same dozen statements each time, and planning them again was about a tenth of a batch's
 * Postgres time (a quarter for a batch of authors). Postgres plans the first executions with their
 * values and keeps a generic plan when it is no worse. Statements given as objects pass as they are.
 */
export function preparing(db: Queryable): Queryable {
  const query = (text: unknown, values?: unknown) =>
    typeof text === 'string' && Array.isArray(values)
      ? db.query({ name: statementName(text), text, values })
      : db.query(text as string, values as unknown[]);
  return { query: query as Queryable['query'] };
}

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
