import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * The relay's dedicated Postgres connection. It holds the session advisory lock that makes its relay the
 * only active one for the table, LISTENs for the enqueue trigger's notifications, and runs every outbox query
 * of the relay: if the connection dies, the lock goes with it, and so does the relay's access to the table.
 */
export interface LockSession {
  /**
   * Waits for the lock in slices of `sliceMs` (lock_timeout), calling `onSlice` between them, until it is held
   * (true) or `shouldStop()` (false). The waiter is woken by Postgres the moment the holder's session ends.
   */
  acquire(sliceMs: number, shouldStop: () => boolean, onSlice: () => void): Promise<boolean>;
  /** Resolves on a notification of the table's channel, after `timeoutMs`, on `wake()` or if the session breaks. */
  waitForWork(timeoutMs: number): Promise<void>;
  /** True when a notification arrived since the last `takeWork()`; clears the mark. */
  takeWork(): boolean;
  wake(): void;
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Ends the connection (and so the lock and the LISTEN). */
  close(): void;
}

// The two-int advisory lock form, with its own class so it never meets the migration runner's keys.
const lockClass = 0x4f55_5442; // "OUTB"

export function lockKey(table: string): number {
  return createHash('sha256').update(`outbox:${table}`).digest().readUInt32BE(0) & 0x7fff_ffff;
}

export async function openLockSession(pool: pg.Pool, table: string): Promise<LockSession> {
  const client = await pool.connect();
  let work = true;
  let broken = false;
  let closed = false;
  let waiter: (() => void) | undefined;
  const wake = (): void => {
    const resolve = waiter;
    waiter = undefined;
    resolve?.();
  };
  client.on('notification', (message) => {
    if (message.channel !== table) return;
    work = true;
    wake();
  });
  client.on('error', () => {
    broken = true;
    wake();
  });

  return {
    async acquire(sliceMs, shouldStop, onSlice) {
      await client.query(`set lock_timeout = ${Math.max(1, Math.round(sliceMs))}`);
      const key = lockKey(table);
      while (!shouldStop()) {
        try {
          await client.query('select pg_advisory_lock($1, $2)', [lockClass, key]);
          await client.query('set lock_timeout = 0');
          // Listening starts with the lock: a standby has no use for the wake-ups.
          await client.query(`listen "${table}"`);
          return true;
        } catch (error) {
          // 55P03 lock_not_available: lock_timeout ended this slice; anything else is a real failure.
          if ((error as { code?: string }).code !== '55P03') throw error;
          onSlice();
        }
      }
      return false;
    },
    waitForWork(timeoutMs) {
      if (work || broken) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(wake, timeoutMs);
        waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    takeWork() {
      const had = work;
      work = false;
      return had;
    },
    wake,
    query: (text, values) => client.query(text, values),
    close() {
      wake();
      if (closed) return;
      closed = true;
      // Destroyed, not returned to the pool: the lock and the LISTEN must end with it.
      client.release(true);
    },
  };
}
