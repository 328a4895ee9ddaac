import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@rapport/service-kit';
import type { Resolved } from '../use-cases/apply-changes.ts';

/**
 * Watches matcher_state for a model switch (`rapport matcher use-model` sets next_model_version) and runs
 * it. Every instance watches; the switch itself runs under the resolution lock and finds nothing left to do
 * in the instances that come after the first. A failure is logged and tried again at the next look.
 */
export function startModelSwitchPoller(options: {
  /** Whether a switch is asked for: a cheap read outside the resolution lock. */
  asked: () => Promise<boolean>;
  switchModel: () => Promise<Resolved | undefined>;
  intervalMs: number;
  logger: Logger;
}): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await sleep(options.intervalMs, undefined, { signal: stopping.signal });
        if (!(await options.asked())) continue;
        const started = Date.now();
        const resolved = await options.switchModel();
        options.logger.info(
          {
            modelVersion: resolved?.modelVersion,
            customers: resolved?.customers.length ?? 0,
            ms: Date.now() - started,
          },
          'model switched',
        );
      } catch (error) {
        if (stopping.signal.aborted) break;
        options.logger.warn(
          { errorName: (error as Error).name, errorCode: (error as { code?: string }).code },
          'model switch failed',
        );
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
