import type pg from 'pg';

/**
 * Run `work` inside BEGIN/COMMIT on one client; ROLLBACK if it throws. The client always goes back to the
 * pool, and is destroyed rather than reused when the ROLLBACK itself failed (its state is unknown).
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
