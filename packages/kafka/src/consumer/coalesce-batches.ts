/** A coalesced function: the items of one call in, what `run` gave for them out. */
export type CoalescedRun<T, R> = (items: readonly T[]) => Promise<R>;

export interface CoalesceOptions<R> {
  /** The part of a joint run's result that belongs to the items `from` (inclusive) to `to` (exclusive). */
  part(result: R, from: number, to: number): R;
  /** Items in one joint run at most (a call larger than this runs alone). Default: no bound. */
  maxItems?: number;
  /** Joint runs in flight at once (default 1: they take turns). */
  concurrency?: number;
}

type Waiting<T, R> = {
  items: readonly T[];
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
};

/**
 * Calls of `run` made together go in one run: the partition batches of one fetch (kafkajs hands them to
 * the handlers in one go) and those that waited while the runs in flight were busy. Each call gets its own
 * items' part of the result. A run is a transaction with a fixed cost (statements, a commit, locks), and
 * the batches of one fetch each paid it alone: twelve partitions, twelve transactions, and the next fetch
 * only after the last. When a joint run fails, each call is run again on its own, so one bad batch fails
 * only itself (the consumer then halves it as usual).
 *
 * An idle slot starts its run on the next turn of the event loop, not at the first call, so that the
 * calls of one turn all go in it.
 */
export function coalesceBatches<T, R>(
  run: (items: readonly T[]) => Promise<R>,
  options: CoalesceOptions<R>,
): CoalescedRun<T, R> {
  const maxItems = options.maxItems ?? Infinity;
  const concurrency = options.concurrency ?? 1;
  const queue: Waiting<T, R>[] = [];
  let running = 0;
  let scheduled = false;

  // The calls waiting, in arrival order, up to `maxItems` items (at least one call).
  const take = (): Waiting<T, R>[] => {
    let n = 0;
    let count = 0;
    while (n < queue.length && (n === 0 || count + queue[n]!.items.length <= maxItems))
      count += queue[n++]!.items.length;
    return queue.splice(0, n);
  };
  const settle = async (group: Waiting<T, R>[]): Promise<void> => {
    try {
      const result = await run(group.length === 1 ? group[0]!.items : group.flatMap((w) => w.items));
      let at = 0;
      for (const w of group) {
        w.resolve(group.length === 1 ? result : options.part(result, at, at + w.items.length));
        at += w.items.length;
      }
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else for (const w of group) await settle([w]);
    }
  };
  // One slot: runs the waiting calls until none is left.
  const drain = async (): Promise<void> => {
    while (queue.length > 0) await settle(take());
    running--;
  };
  const fill = (): void => {
    scheduled = false;
    while (running < concurrency && queue.length > 0) {
      running++;
      void drain();
    }
  };
  return (items) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ items, resolve, reject });
      if (running < concurrency && !scheduled) {
        scheduled = true;
        setImmediate(fill);
      }
    });
}
