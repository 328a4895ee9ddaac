import type { Producer as KafkaJsProducer, Message } from 'kafkajs';
import type { RapportKafka } from './client.ts';
import { translateKafkaError } from './errors.ts';
import { keyHashPartitioner } from './partitioner.ts';
import type { TopicMessages } from './producer.ts';

/** A consumer-group offset written inside a transaction; `metadata` is free text (the broker caps it at 4 KiB). */
export interface TransactionOffset {
  groupId: string;
  /** Logical topic name. */
  topic: string;
  partition: number;
  offset: string;
  metadata: string;
}

/** One stored group offset as `fetchGroupOffsets` reads it back. */
export interface GroupOffset {
  /** Logical topic name. */
  topic: string;
  partition: number;
  /** `-1` when the group has no offset for this partition. */
  offset: string;
  metadata: string | null;
}

/**
 * A producer with a fixed transactional id: what it sends in one `sendAtomically` call (messages to several
 * topics and one group offset) becomes visible to read_committed consumers all at once or never.
 */
export interface TransactionalProducer {
  /**
   * Registers the transactional id with its coordinator. This fences every older producer with the same id
   * (their later writes and commits fail) and returns only once that producer's open transaction was
   * completed or aborted, so what is committed under the id is settled from here on.
   */
  init(): Promise<void>;
  /**
   * Sends and commits in one transaction; resolves once committed. On any error the transaction is aborted
   * (best effort) and the producer must be `init()`ed again before the next call.
   */
  sendAtomically(batches: readonly TopicMessages[], offset: TransactionOffset): Promise<void>;
  disconnect(): Promise<void>;
}

export interface TransactionalProducerOptions {
  transactionalId: string;
  /** The coordinator aborts a transaction left open this long (a hung owner); default 10 s. */
  transactionTimeoutMs?: number;
  retry?: { retries?: number; initialRetryTime?: number; maxRetryTime?: number };
}

export function createTransactionalProducer(
  kafka: RapportKafka,
  options: TransactionalProducerOptions,
): TransactionalProducer {
  let current: KafkaJsProducer | undefined;
  let ready = false;

  const drop = async (): Promise<void> => {
    const producer = current;
    current = undefined;
    ready = false;
    await producer?.disconnect().catch(() => {});
  };

  return {
    async init() {
      // A fresh kafkajs producer each time: after a failure its transaction state machine cannot be trusted.
      await drop();
      const producer = kafka.internal.producer({
        transactionalId: options.transactionalId,
        transactionTimeout: options.transactionTimeoutMs ?? 10_000,
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: keyHashPartitioner,
        allowAutoTopicCreation: false,
        // Right after a commit the coordinator answers CONCURRENT_TRANSACTIONS until its markers are written
        // (a few ms); kafkajs' default first backoff of 300 ms would add that to every transaction.
        retry: { retries: 5, initialRetryTime: 20, maxRetryTime: 1000, ...options.retry },
      });
      current = producer;
      try {
        await producer.connect();
        // kafkajs sends InitProducerId on the first transaction; one with nothing in it ends without a request.
        const txn = await producer.transaction();
        await txn.abort();
        ready = true;
      } catch (error) {
        await drop();
        throw translateKafkaError(error, 'transactional producer init');
      }
    },

    async sendAtomically(batches, offset) {
      const producer = current;
      if (!producer || !ready) throw new Error('sendAtomically: init() the transactional producer first');
      ready = false;
      let txn: Awaited<ReturnType<KafkaJsProducer['transaction']>> | undefined;
      try {
        txn = await producer.transaction();
        const topicMessages = batches
          .filter((b) => b.messages.length > 0)
          .map((b) => ({
            topic: kafka.topicName(b.topic),
            // Read only by kafkajs, as in the plain producer: no copy per message.
            messages: b.messages as Message[],
          }));
        if (topicMessages.length > 0) await txn.sendBatch({ acks: -1, topicMessages });
        // kafkajs writes each partition's `metadata` (TxnOffsetCommit has the field) but its types omit it.
        const partitions = [
          { partition: offset.partition, offset: offset.offset, metadata: offset.metadata },
        ];
        await txn.sendOffsets({
          consumerGroupId: offset.groupId,
          topics: [{ topic: kafka.topicName(offset.topic), partitions }],
        });
        await txn.commit();
        ready = true;
      } catch (error) {
        if (txn?.isActive()) await txn.abort().catch(() => {});
        await drop();
        throw translateKafkaError(error, 'transactional send', batches[0]?.topic);
      }
    },

    disconnect: drop,
  };
}

/** The group's stored offsets (with metadata) for every partition of `topics` (logical names). */
export async function fetchGroupOffsets(
  kafka: RapportKafka,
  groupId: string,
  topics: readonly string[],
): Promise<GroupOffset[]> {
  const admin = kafka.internal.admin({ retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 } });
  try {
    await admin.connect();
    const answer = await admin.fetchOffsets({ groupId, topics: topics.map((t) => kafka.topicName(t)) });
    return answer.flatMap(({ topic, partitions }) =>
      partitions.map((p) => ({
        topic: kafka.logicalName(topic),
        partition: p.partition,
        offset: p.offset,
        metadata: p.metadata,
      })),
    );
  } catch (error) {
    throw translateKafkaError(error, 'fetch group offsets', topics[0]);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
