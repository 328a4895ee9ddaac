import {
  drop,
  ok,
  retry,
  runConsumer,
  type ConsumedMessage,
  type Outcome,
  type Producer,
  type RapportKafka,
  type RunningConsumer,
} from '@rapport/kafka';
import type { Registry } from 'prom-client';
import type { ApplyResult, ChangeOutcome, PendingChange } from '../use-cases/apply-changes.ts';
import { decodeMessage, resolutionTopics } from './decode-message.ts';

export type Apply = (input: { changes: readonly PendingChange[] }) => Promise<ApplyResult>;

/**
 * Waits until Postgres answers again: true then, false when the service stops first. Provided by deps.ts
 * (a ping with backoff), so that an outage pauses the partition instead of using up its retries.
 */
export type AwaitDatabase = () => Promise<boolean>;

const outcomeOf: Record<ChangeOutcome, Outcome> = {
  applied: ok(),
  duplicate: drop('duplicate'),
  filtered: drop('irrelevant'),
};

/**
 * One batch of one partition: each message decoded on its own (a message that cannot be resolved becomes
 * a dead letter with its reason, the others go on), the rest resolved in one transaction; the kafka
 * package commits the offsets once it resolved. Postgres down pauses the batch: it waits for Postgres and
 * resolves again, however long the outage (the kafka package's bounded retries would dead-letter records
 * that are fine); nothing is acknowledged meanwhile, and a stop during the wait leaves the batch
 * uncommitted. Any other failure is thrown: the consumer halves the batch until the one message it fails on
 * is dead-lettered after its retries.
 */
export async function handleResolutionBatch(
  apply: Apply,
  awaitDatabase: AwaitDatabase,
  messages: readonly ConsumedMessage[],
  ahead: (changes: readonly PendingChange[]) => void = () => {},
): Promise<Outcome[]> {
  const outcomes: (Outcome | undefined)[] = [];
  const changes: PendingChange[] = [];
  const firstChange: number[] = [];
  messages.forEach((message, i) => {
    const decoded = decodeMessage(message);
    if (decoded.kind === 'invalid') outcomes[i] = decoded.outcome;
    else {
      firstChange[i] = changes.length;
      changes.push(...decoded.changes);
    }
  });
  if (changes.length === 0) return outcomes as Outcome[];
  ahead(changes);
  for (;;) {
    try {
      const { outcomes: applied } = await apply({ changes });
      return messages.map((_, i) => outcomes[i] ?? outcomeOf[applied[firstChange[i]!]!]);
    } catch (error) {
      if ((error as { code?: string }).code !== 'DATABASE_UNAVAILABLE') throw error;
      if (!(await awaitDatabase()))
        return messages.map((_, i) => outcomes[i] ?? retry('database_unavailable', error));
    }
  }
}

/**
 * The matcher's consumer: the person topics and the API's decision and erasure topics in one group (the
 * service's), so a rebuild from the topics replays decisions and erasures with the records.
 */
export function startResolutionConsumer(
  kafka: RapportKafka,
  options: {
    groupId: string;
    apply: Apply;
    awaitDatabase: AwaitDatabase;
    /** Pure work on a decoded batch before it waits for its transaction (deps.ts: workAhead). */
    ahead?: (changes: readonly PendingChange[]) => void;
    producer: Producer;
    batchMessages: number;
    partitionsConcurrently: number;
    metrics?: Registry;
  },
): Promise<RunningConsumer> {
  return runConsumer(kafka, {
    groupId: options.groupId,
    topics: resolutionTopics.map((t) => t.name),
    maxBatchMessages: options.batchMessages,
    partitionsConsumedConcurrently: options.partitionsConcurrently,
    deadLetterProducer: options.producer,
    ...(options.metrics !== undefined && { metrics: options.metrics }),
    handleBatch: (messages) =>
      handleResolutionBatch(options.apply, options.awaitDatabase, messages, options.ahead),
  });
}
