import {
  deadLetter,
  retry,
  runConsumer,
  type ConsumedMessage,
  type Logger,
  type Outcome,
  type Producer,
  type RapportKafka,
  type RunningConsumer,
} from '@rapport/kafka';
import type { Registry } from 'prom-client';
import { consumedTopics, decodeEvent } from '../use-cases/decode-event.ts';
import type { BatchTransactions } from '../use-cases/ports.ts';
import { decidedOutcomes, hasEvents, processBatch } from '../use-cases/process-batch.ts';

export interface ScoringConsumerOptions {
  groupId: string;
  transactions: BatchTransactions;
  /** Dead letters go through the service's producer (its closer runs after the consumer's). */
  producer: Producer;
  maxBatchMessages: number;
  partitionsConsumedConcurrently: number;
  sessionTimeoutMs: number;
  metrics: Registry;
  logger: Logger;
}

/**
 * A batch in one transaction, its outcomes after COMMIT. An unreachable database or a conflict with
 * another instance is a retry of the whole batch, waited out however long it lasts (`maxRetries` is
 * unbounded); anything else is a bug in handling some message, retried in halves until the consumer has
 * the one message it fails on, which is then dead-lettered with the error's name and code.
 */
async function scoreMessages(
  messages: readonly ConsumedMessage[],
  transactions: BatchTransactions,
): Promise<Outcome[]> {
  const decoded = messages.map(decodeEvent);
  // Every message decided already (dead letters, authors applied with their mentions): no transaction.
  if (!hasEvents(decoded)) return decidedOutcomes(decoded);
  try {
    return await transactions.run((store, params) => processBatch(decoded, store, params));
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

/** Consumes every topic scoring reads, as one group (the service's Kafka client id). */
export function startScoringConsumer(
  kafka: RapportKafka,
  options: ScoringConsumerOptions,
): Promise<RunningConsumer> {
  return runConsumer(kafka, {
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
    handleBatch: (messages) => scoreMessages(messages, options.transactions),
  });
}
