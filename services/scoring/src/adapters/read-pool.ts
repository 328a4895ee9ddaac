import { isUnavailable, type Pool } from '@rapport/db';
import { ScoresUnavailable } from '../use-cases/problems.ts';
import type { Queryable } from './sql.ts';

/** The pool for the API's reads and actions: an outage answers 503 problem+json, not a bare 500. */
export function readPool(pool: Pool): Queryable {
  return {
    query: (async (...args: Parameters<Pool['query']>) => {
      try {
        return await (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        if (isUnavailable(error)) throw new ScoresUnavailable();
        throw error;
      }
    }) as Queryable['query'],
  };
}
