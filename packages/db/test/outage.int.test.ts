import { startPrivatePostgres } from '@rapport/testing';
import { describe, expect, test, vi } from 'vitest';
import { createPool, DatabaseUnavailable, pingPool, translateDatabaseError } from '../src/index.ts';

describe('database outage', () => {
  test('pingPool fails with DatabaseUnavailable while the server is down; the pool recovers after', async () => {
    const server = await startPrivatePostgres();
    const pool = createPool(server.url, { max: 2 });
    try {
      await pingPool(pool);
      await server.stop();
      const started = Date.now();
      await expect(pingPool(pool)).rejects.toBeInstanceOf(DatabaseUnavailable);
      expect(Date.now() - started).toBeLessThan(2500);
      const queryError = await pool.query('select 1').catch((e: unknown) => e);
      expect(translateDatabaseError(queryError, 'query')).toBeInstanceOf(DatabaseUnavailable);
      await server.start();
      await vi.waitFor(() => pingPool(pool), { timeout: 10_000, interval: 100 });
    } finally {
      await pool.end();
      await server.destroy();
    }
  }, 60_000);
});
