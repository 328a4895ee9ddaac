/** What one OffsetCommit request carries: kafkajs' eachBatch `commitOffsetsIfNecessary(offsets)` argument. */
export type CommitRequest = {
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
};

/** Sends one commit request (any batch's `commitOffsetsIfNecessary`: they all commit for the whole group). */
export type CommitSender = (request: CommitRequest) => Promise<void>;

/** Commits one partition's offset, as part of the group's next request. */
export type PartitionCommit = (
  send: CommitSender,
  offset: { topic: string; partition: number; offset: string },
) => Promise<void>;

/**
 * The commits of one consumer's partitions gathered into one OffsetCommit request per turn of the event
 * loop. A broker handles the requests of a connection one at a time, and Kafka 4's group coordinator
 * lingers before it writes each commit (group.coordinator.append.linger.ms, 5 ms by default): when the
 * 36 partition batches of one matcher round committed one request each, the round spent ~230 ms in
 * commits, longer than its transaction. Each caller's promise settles with the request its offset went in.
 * A partition offered twice before the request goes keeps its last offset.
 */
export function groupCommit(): PartitionCommit {
  type Waiting = {
    send: CommitSender;
    offsets: Map<string, { topic: string; partition: number; offset: string }>;
    callers: { resolve: () => void; reject: (error: unknown) => void }[];
  };
  let waiting: Waiting | undefined;
  const flush = (w: Waiting): void => {
    const topics = new Map<string, { partition: number; offset: string }[]>();
    for (const { topic, partition, offset } of w.offsets.values()) {
      const list = topics.get(topic);
      if (list === undefined) topics.set(topic, [{ partition, offset }]);
      else list.push({ partition, offset });
    }
    w.send({ topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })) }).then(
      () => w.callers.forEach((c) => c.resolve()),
      (error: unknown) => w.callers.forEach((c) => c.reject(error)),
    );
  };
  return (send, offset) =>
    new Promise<void>((resolve, reject) => {
      if (waiting === undefined) {
        const w: Waiting = { send, offsets: new Map(), callers: [] };
        waiting = w;
        // After the microtasks of this turn: the batches a transaction finished all offer theirs in it.
        setImmediate(() => {
          waiting = undefined;
          flush(w);
        });
      }
      waiting.offsets.set(`${offset.topic}\u0000${offset.partition}`, offset);
      waiting.callers.push({ resolve, reject });
    });
}
