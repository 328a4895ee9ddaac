import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@rapport/service-kit';
import type { BatchTransactions } from '../use-cases/ports.ts';
import { rescoreSweep } from '../use-cases/rescore-sweep.ts';

/**
 * Looks every `intervalMs` at the model version in use and, when it is not the one this instance last swept
 * for (at start: none), rescores every customer scored under another (`rescoreSweep`). Every instance sweeps
 * after a change; the customers' locks keep them apart, and what one has rescored the other skips. A failure
 * (Postgres away, a deadlock with a live batch) is logged and the sweep runs again at the next look.
 */
export function startRescoreSweepPoller(options: {
  transactions: BatchTransactions;
  /** Customers per transaction. */
  batch: number;
  intervalMs: number;
  logger: Logger;
}): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const stopped = () => stopping.signal.aborted;
  let swept: string | undefined;
  const loop = (async () => {
    while (!stopped()) {
      try {
        const current = await options.transactions.run(async (_, params) => params.modelVersion);
        if (current !== swept) {
          const started = Date.now();
          const { rescored, modelVersion } = await rescoreSweep(options.transactions, options.batch, stopped);
          swept = modelVersion;
          if (rescored > 0)
            options.logger.info(
              { modelVersion: modelVersion ?? current, rescored, ms: Date.now() - started },
              'scores swept',
            );
        }
        await sleep(options.intervalMs, undefined, { signal: stopping.signal });
      } catch (error) {
        if (stopped()) break;
        options.logger.warn(
          { errorName: (error as Error).name, errorCode: (error as { code?: string }).code },
          'score sweep failed',
        );
        await sleep(options.intervalMs, undefined, { signal: stopping.signal }).catch(() => {});
      }
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
