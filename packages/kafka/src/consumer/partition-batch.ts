import { setTimeout as sleep } from 'node:timers/promises';
import type { EachBatchPayload } from 'kafkajs';
import type { Logger } from '../logger.ts';
import type { ConsumerMetrics } from '../metrics.ts';
import { partitionCommitter } from './committer.ts';
import { toDelivery, type Delivery } from './consumed-message.ts';
import type { BatchHandler } from './consumer-options.ts';
import type { DeadLetterSender } from './dead-letter-sender.ts';
import type { PartitionCommit } from './group-commit.ts';
import { OffsetTracker } from './offset-tracker.ts';
import type { OutcomeReporter } from './outcome-reporter.ts';
import { runPartitionLoop, type LoopPorts } from './partition-loop.ts';
import type { RetryPolicy } from './retry-schedule.ts';

export interface PartitionBatchContext {
  group: string;
  handleBatch: BatchHandler;
  policy: RetryPolicy;
  deadLetters: DeadLetterSender;
  reporter: OutcomeReporter;
  metrics: ConsumerMetrics;
  log: Logger;
  logicalName(physical: string): string;
  /** Aborted by stop(): waits end, no further chunk starts. */
  stopping: AbortSignal;
  /** Counts the group joins: a batch begun in an older generation may not commit. */
  generation(): number;
  /** The consumer's commits, one request for the partitions committing at once (group-commit.ts). */
  commit: PartitionCommit;
  touch(): void;
}

// Heartbeats while a handler or a backoff runs keep the member in the group; kafkajs sends at most
// one per heartbeatInterval whatever the calls.
const heartbeatEveryMs = 1000;

/**
 * kafkajs' eachBatch for one partition's fetched messages: the loop over chunks, with the handler,
 * dead letters and commits plugged in. Every finished offset is resolved (so kafkajs fetches on from
 * there) and committed beside the next chunk; the batch waits for its last commit before returning.
 * A heartbeat that reports a rebalance ends the batch after its chunk in flight, then is rethrown so
 * kafkajs rejoins.
 */
export function partitionBatchHandler(
  ctx: PartitionBatchContext,
): (payload: EachBatchPayload) => Promise<void> {
  return async ({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }) => {
    const topic = ctx.logicalName(batch.topic);
    const partition = batch.partition;
    const generation = ctx.generation();
    const ours = () => !isStale() && ctx.generation() === generation;
    let heartbeatError: unknown;
    // A failed heartbeat (a rebalance, mostly) ends a backoff as stop() does: the group waits for this member.
    const heartbeatFailed = new AbortController();
    const wakeUp = AbortSignal.any([ctx.stopping, heartbeatFailed.signal]);
    const canContinue = () => !ctx.stopping.aborted && isRunning() && ours() && heartbeatError === undefined;

    const deliveries = batch.messages.map((raw) => toDelivery(topic, partition, raw));
    const tracker = new OffsetTracker();
    for (const d of deliveries) tracker.deliver(d.message.offset);
    const committer = partitionCommitter({
      commit: (offset) => ctx.commit(commitOffsetsIfNecessary, { topic: batch.topic, partition, offset }),
      mayCommit: ours,
      log: ctx.log,
      where: { group: ctx.group, topic, partition },
    });
    const wait = (ms: number) => sleep(ms, undefined, { signal: wakeUp }).catch(() => {});

    const ports: LoopPorts<Delivery> = {
      async handle(chunk) {
        ctx.touch();
        const started = performance.now();
        try {
          return await ctx.handleBatch(chunk.map((d) => d.message));
        } finally {
          ctx.metrics.handlerCall(ctx.group, topic, (performance.now() - started) / 1000, chunk.length);
          ctx.touch();
        }
      },
      async settle(settled) {
        if (!(await ctx.deadLetters.send(settled, { canContinue, wait }))) return false;
        ctx.reporter.settled(settled);
        for (const { item } of settled) tracker.finish(item.message.offset);
        resolveOffset(settled.at(-1)!.item.message.offset);
        const offset = tracker.take();
        if (offset !== undefined) committer.offer(offset);
        return true;
      },
      retrying: (event) => ctx.reporter.retrying(event),
      wait: async (ms) => {
        await wait(ms);
        ctx.touch();
      },
      canContinue,
    };

    const ticker = setInterval(() => {
      heartbeat().catch((error: unknown) => {
        heartbeatError ??= error;
        heartbeatFailed.abort();
      });
    }, heartbeatEveryMs);
    try {
      await runPartitionLoop(deliveries, ctx.policy, ports);
    } finally {
      clearInterval(ticker);
      await committer.flush();
    }
    if (heartbeatError !== undefined) throw heartbeatError;
  };
}
