import pg from 'pg';
import { DatabaseUnavailable, isUnavailable } from './errors.ts';

export interface PoolLogger {
  warn(obj: object, msg?: string): void;
}

export interface PoolOptions {
  max?: number;
  /** Fail a checkout after this long instead of waiting forever when the server is down (default 2000). */
  connectionTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** Server-side limit per statement (default none). */
  statementTimeoutMs?: number;
  applicationName?: string;
  logger?: PoolLogger;
}

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 2000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
    ...(options.statementTimeoutMs !== undefined ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.applicationName !== undefined ? { application_name: options.applicationName } : {}),
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', (error) => {
    options.logger?.warn(
      { errorName: error.name, errorCode: (error as { code?: string }).code },
      'postgres idle client error',
    );
  });
  // pg-pool drops its own listener when it ends a client; a FATAL arriving while that client closes
  // (server shutdown, DROP DATABASE ... FORCE) would otherwise be an uncaught 'error'.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}

/** Readiness: a `select 1` that answers within `timeoutMs` or throws DatabaseUnavailable. */
export async function pingPool(pool: pg.Pool, timeoutMs = 1500): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      pool.query({ text: 'select 1', query_timeout: timeoutMs } as pg.QueryConfig),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    throw new DatabaseUnavailable('ping', error);
  } finally {
    clearTimeout(timer);
  }
}

/** Rethrow database errors that mean an outage as DatabaseUnavailable; others unchanged. */
export function translateDatabaseError(error: unknown, operation: string): unknown {
  return isUnavailable(error) && !(error instanceof DatabaseUnavailable)
    ? new DatabaseUnavailable(operation, error)
    : error;
}
