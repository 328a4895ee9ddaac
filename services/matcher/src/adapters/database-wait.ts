import { setTimeout as sleep } from 'node:timers/promises';
import { pingPool, type Pool } from '@rapport/db';

/**
 * Resolves true once Postgres answers a ping, trying again with backoff (250 ms doubling to 5 s); false as
 * soon as `stopping` aborts, so a shutdown never waits for an outage to end.
 */
export function databaseWaiter(pool: Pool, stopping: AbortSignal): () => Promise<boolean> {
  return async () => {
    for (let delay = 250; !stopping.aborted; delay = Math.min(delay * 2, 5000)) {
      try {
        await sleep(delay, undefined, { signal: stopping });
        await pingPool(pool);
        return true;
      } catch {
        // Still down, or stopping: the loop's condition tells which.
      }
    }
    return false;
  };
}
