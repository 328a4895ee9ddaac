import { Histogram, type Registry } from 'prom-client';
import type { ApplyResult, PendingChange } from './use-cases/apply-changes.ts';

type Apply = (input: { changes: readonly PendingChange[] }) => Promise<ApplyResult>;

/**
 * Times each resolution (one transaction and its after-commit hooks) and counts its changes. The consumer's
 * own handler metric times a partition's batch, which waits for the transaction it shares with the other
 * partitions of its fetch: this one says what a transaction costs.
 */
export function timedResolution(apply: Apply, registry: Registry): Apply {
  const seconds = new Histogram({
    name: 'rapport_matcher_resolution_seconds',
    help: 'Time per resolution transaction, its after-commit hooks included',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const changes = new Histogram({
    name: 'rapport_matcher_resolution_changes',
    help: 'Changes per resolution transaction',
    buckets: [1, 10, 100, 500, 1000, 2500, 6000],
    registers: [registry],
  });
  return async (input) => {
    const end = seconds.startTimer();
    try {
      return await apply(input);
    } finally {
      end();
      changes.observe(input.changes.length);
    }
  };
}
