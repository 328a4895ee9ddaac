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
 * An idle queue starts its transaction on the next turn of the event loop, not at the first call: kafkajs
 * hands the partitions of one fetch to the handlers in one go, and starting at once sent the first
 * partition's batch alone, a second transaction (with its fixed cost, a few hundred ms) in every round.
 * `maxChanges` bounds a transaction, and so how long it holds the lock (an API decision waits for it).
 */
export function coalesceApply(apply: Apply, maxChanges = Infinity): Apply {
  const queue: Waiting[] = [];
  let draining = false;
  // The calls waiting, in arrival order, up to `maxChanges` changes (at least one call): the rest wait for
  // the next transaction.
  const take = (): Waiting[] => {
    let n = 0;
    let count = 0;
    while (n < queue.length && (n === 0 || count + queue[n]!.changes.length <= maxChanges))
      count += queue[n++]!.changes.length;
    return queue.splice(0, n);
  };
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
    while (queue.length > 0) await settle(take());
    draining = false;
  };
  return (input) =>
    new Promise<ApplyResult>((resolve, reject) => {
      queue.push({ changes: input.changes, resolve, reject });
      if (!draining) {
        draining = true;
        setImmediate(() => void drain());
      }
    });
}
