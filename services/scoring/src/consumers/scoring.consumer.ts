import {
  coalesceBatches,
  deadLetter,
  retry,
  runConsumer,
  startConsumers,
  type ConsumedMessage,
  type Logger,
  type Outcome,
  type Producer,
  type RapportKafka,
} from '@rapport/kafka';
import type { Registry } from 'prom-client';
import { consumedTopics, decodeEvent } from '../use-cases/decode-event.ts';
import type { BatchTransactions } from '../use-cases/ports.ts';
import { decidedOutcomes, hasEvents, processBatch, type DecodedBatch } from '../use-cases/process-batch.ts';

export interface ScoringConsumerOptions {
  groupId: string;
  transactions: BatchTransactions;
  /** Dead letters go through the service's producer (its closer runs after the consumer's). */
  producer: Producer;
  maxBatchMessages: number;
  partitionsConsumedConcurrently: number;
  /** Group members in this process, each with a transaction in flight. */
  consumers: number;
  /** Events in one transaction at most when the batches of several partitions go together. */
  maxTransactionEvents: number;
  sessionTimeoutMs: number;
  metrics: Registry;
  logger: Logger;
}

/** The batches of the partitions handled at once, in one transaction (coalesceBatches), outcomes in order. */
type JointRun = (decoded: DecodedBatch) => Promise<Outcome[]>;

/**
 * A batch in one transaction (shared with the batches of other partitions waiting at the same time), its
 * outcomes after COMMIT. An unreachable database or a conflict with another instance is a retry of the
 * whole batch, waited out however long it lasts (`maxRetries` is unbounded); anything else is a bug in
 * handling some message, retried in halves until the consumer has the one message it fails on, which is
 * then dead-lettered with the error's name and code.
 */
async function scoreMessages(
  messages: readonly ConsumedMessage[],
  run: JointRun,
  transactions: BatchTransactions,
): Promise<Outcome[]> {
  const decoded = messages.map(decodeEvent);
  // Every message decided already (dead letters, authors applied with their mentions): no transaction.
  if (!hasEvents(decoded)) return decidedOutcomes(decoded);
  try {
    return await run(decoded);
  } catch (error) {
    const reason = transactions.transientReason(error);
    const outcome =
      reason !== undefined
        ? retry(reason, error)
        : messages.length === 1
          ? deadLetter('handler_failed', error)
          : retry('handler_failed', error);
    return messages.map(() => outcome);
  }
}

export interface ScoringConsumers {
  /** Stops them all, each letting its chunk in flight finish. */
  stop(): Promise<void>;
  /** Epoch ms of the stalest consume loop's last sign of life. */
  lastActivityAt(): number;
}

/**
 * Consumes every topic scoring reads, as one group (the service's Kafka client id), with
 * `options.consumers` members in this process. Their batches share one queue of transactions, up to one
 * in flight per member: the batches of one fetch go in one transaction, and another member's fetch starts
 * its own beside it.
 */
export async function startScoringConsumers(
  kafka: RapportKafka,
  options: ScoringConsumerOptions,
): Promise<ScoringConsumers> {
  const run: JointRun = coalesceBatches(
    (decoded: DecodedBatch) =>
      options.transactions.run((store, params) => processBatch(decoded, store, params)),
    {
      part: (outcomes, from, to) => outcomes.slice(from, to),
      maxItems: options.maxTransactionEvents,
      concurrency: options.consumers,
    },
  );
  const set = await startConsumers(options.consumers, () =>
    runConsumer(kafka, {
      groupId: options.groupId,
      topics: consumedTopics.map((t) => t.name),
      deadLetterProducer: options.producer,
      maxBatchMessages: options.maxBatchMessages,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      sessionTimeoutMs: options.sessionTimeoutMs,
      heartbeatIntervalMs: 1000,
      maxRetries: Number.MAX_SAFE_INTEGER,
      retryBackoffMs: { initial: 200, max: 5000 },
      metrics: options.metrics,
      logger: options.logger,
      handleBatch: (messages) => scoreMessages(messages, run, options.transactions),
    }),
  );
  return { stop: set.stop, lastActivityAt: set.lastActivityAt };
}
