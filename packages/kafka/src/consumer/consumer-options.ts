import type { Registry } from 'prom-client';
import { ConsumerOptionsInvalid } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Outcome } from '../outcome.ts';
import type { Producer } from '../producer.ts';
import type { ConsumedMessage } from './consumed-message.ts';
import type { RetryPolicy } from './retry-schedule.ts';

interface CommonConsumerOptions {
  /** Named after the owning service. */
  groupId: string;
  /** Logical topic names. */
  topics: readonly string[];
  /** Retries of a message alone before a `retry` outcome becomes a `retries_exhausted` dead letter (default 3). */
  maxRetries?: number;
  /** Exponential backoff between retries: initial (default 200 ms) doubling up to max (default 5 s). */
  retryBackoffMs?: { initial?: number; max?: number };
  /** For a group with no committed offsets: start at the earliest record (default true, so nothing is skipped). */
  fromBeginning?: boolean;
  logger?: Logger;
  /** prom-client registry for the outcome counters (default: prom-client's global registry). */
  metrics?: Registry;
  /**
   * How long a fetch waits for `minBytes` of data: the longest a batch waits to fill up. Small keeps
   * stop() and rebalances fast (default 250 ms).
   */
  maxWaitTimeInMs?: number;
  /** A fetch returns once this many bytes are there, or after `maxWaitTimeInMs` (default 1: at once). */
  minBytes?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Partitions handled in parallel; order within a partition holds regardless (default 1). */
  partitionsConsumedConcurrently?: number;
  /** Producer for dead letters; one is created (and closed on stop) when not given. */
  deadLetterProducer?: Producer;
}

/** One message per handler call. */
export interface MessageConsumerOptions extends CommonConsumerOptions {
  handle: (message: ConsumedMessage) => Promise<Outcome>;
  handleBatch?: undefined;
  maxBatchMessages?: undefined;
}

/**
 * Up to `maxBatchMessages` messages of one partition per call, in offset order; one outcome per
 * message, in the same order. Offsets are committed only after the returned promise resolved, so a
 * handler that stores the batch in one transaction resolves after COMMIT.
 */
export interface BatchConsumerOptions extends CommonConsumerOptions {
  handleBatch: (messages: readonly ConsumedMessage[]) => Promise<readonly Outcome[]>;
  handle?: undefined;
  /** Default 500. A batch never spans two fetches or two partitions. */
  maxBatchMessages?: number;
}

export type ConsumerOptions = MessageConsumerOptions | BatchConsumerOptions;

export type BatchHandler = BatchConsumerOptions['handleBatch'];

export const defaultMaxBatchMessages = 500;

/** The single-message handler as the batch handler it is a case of: batches of one. */
export function asBatchHandler(options: ConsumerOptions): { handleBatch: BatchHandler; policy: RetryPolicy } {
  const single = options.handle;
  if ((single === undefined) === (options.handleBatch === undefined)) {
    throw new ConsumerOptionsInvalid('give exactly one of handle and handleBatch');
  }
  if (options.topics.length === 0) throw new ConsumerOptionsInvalid('topics is empty');
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? 3,
    initialBackoffMs: options.retryBackoffMs?.initial ?? 200,
    maxBackoffMs: options.retryBackoffMs?.max ?? 5000,
    maxBatchMessages: single ? 1 : (options.maxBatchMessages ?? defaultMaxBatchMessages),
  };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isInteger(value) || value < (name === 'maxRetries' ? 0 : 1)) {
      throw new ConsumerOptionsInvalid(`${name} must be a positive integer, got ${value}`);
    }
  }
  const handleBatch: BatchHandler = single
    ? async (messages) => [await single(messages[0]!)]
    : options.handleBatch!;
  return { handleBatch, policy };
}
