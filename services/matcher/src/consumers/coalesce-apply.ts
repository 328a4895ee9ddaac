import type { ApplyResult, PendingChange } from '../use-cases/apply-changes.ts';

type Apply = (input: { changes: readonly PendingChange[] }) => Promise<ApplyResult>;
type Waiting = {
  changes: readonly PendingChange[];
  resolve: (result: ApplyResult) => void;
  reject: (error: unknown) => void;
};

/**
 * Resolutions take turns under one lock, so the batches of partitions handled at once are resolved
 * together: calls that arrive while a transaction runs wait and then go in one transaction (each gets its
 * own changes' outcomes). Without this, each partition's batch held a pool connection while it waited for
 * the lock, starving the pool (and the outbox relay), and paid the engine's fixed cost per call alone. When
 * a joint transaction fails, each call is tried again on its own, so one bad batch fails only itself.
 */
export function coalesceApply(apply: Apply): Apply {
  let queue: Waiting[] = [];
  let draining = false;
  const settle = async (group: Waiting[]): Promise<void> => {
    try {
      const { outcomes, resolved } = await apply({ changes: group.flatMap((w) => w.changes) });
      let at = 0;
      for (const w of group) {
        w.resolve({ outcomes: outcomes.slice(at, at + w.changes.length), resolved });
        at += w.changes.length;
      }
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else for (const w of group) await settle([w]);
    }
  };
  const drain = async (): Promise<void> => {
    draining = true;
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      await settle(group);
    }
    draining = false;
  };
  return (input) =>
    new Promise<ApplyResult>((resolve, reject) => {
      queue.push({ changes: input.changes, resolve, reject });
      if (!draining) void drain();
    });
}
