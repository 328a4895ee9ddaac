import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type KafkaMessage } from 'kafkajs';
import { InfrastructureTimeout } from './errors.ts';

export interface TopicMessage {
  key: string | null;
  value: Buffer | null;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  /** `value` as JSON (null for an empty value). */
  json: unknown;
}

/** A fetched kafkajs message as tests read it. */
export function topicMessage(partition: number, message: KafkaMessage): TopicMessage {
  const text = message.value?.toString('utf8');
  return {
    key: message.key?.toString('utf8') ?? null,
    value: message.value,
    partition,
    offset: message.offset,
    headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
    json: text === undefined || text === '' ? null : (JSON.parse(text) as unknown),
  };
}

/** Test access to the topics under one prefix: exact counts, every message, and raw writes. */
export interface TopicReader {
  /** Messages in the topic: the sum of its partitions' high watermarks (fresh topics, no compaction yet). */
  count(topic: string): Promise<number>;
  /** Every message of the topic, once `count` of them are there (waits up to `timeoutMs`). */
  readAll(topic: string, options?: { atLeast?: number; timeoutMs?: number }): Promise<TopicMessage[]>;
  /** Writes bytes as a source system would. */
  produce(topic: string, messages: { key?: string | null; value: string | Buffer | null }[]): Promise<void>;
  close(): Promise<void>;
}

export function topicReader(brokers: string[], prefix: string): TopicReader {
  const kafka = new Kafka({
    clientId: 'test-topic-reader',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
  });
  const admin = kafka.admin();
  // Idempotent, as the services' producers are: a send retried on a loaded broker is written once.
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  let connected: Promise<void> | undefined;
  const connect = () => (connected ??= Promise.all([admin.connect(), producer.connect()]).then(() => {}));

  const count = async (topic: string): Promise<number> => {
    await connect();
    // Right after creation a KRaft broker may answer "not the leader" for a moment.
    for (let attempt = 1; ; attempt++) {
      try {
        const offsets = await admin.fetchTopicOffsets(prefix + topic);
        return offsets.reduce((sum, p) => sum + Number(p.high), 0);
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };

  return {
    count,
    async readAll(topic, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 20_000);
      let total = await count(topic);
      while (total < (options.atLeast ?? 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        total = await count(topic);
      }
      if (total === 0) return [];
      const consumer = kafka.consumer({
        groupId: `reader-${randomBytes(5).toString('hex')}`,
        maxWaitTimeInMs: 100,
      });
      const seen: TopicMessage[] = [];
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [prefix + topic], fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new InfrastructureTimeout(`read ${seen.length} of ${total} messages of ${topic}`)),
            Math.max(1000, deadline - Date.now()),
          );
          consumer
            .run({
              autoCommit: false, // a throwaway group: no commit round trip after each partition's batch
              eachMessage: async ({ partition, message }) => {
                seen.push(topicMessage(partition, message));
                if (seen.length >= total) {
                  clearTimeout(timer);
                  resolve();
                }
              },
            })
            .catch(reject);
        });
      } finally {
        await consumer.disconnect().catch(() => {});
      }
      return seen;
    },
    async produce(topic, messages) {
      await connect();
      await producer.send({ topic: prefix + topic, acks: -1, messages });
    },
    async close() {
      await Promise.all([admin.disconnect(), producer.disconnect()]).catch(() => {});
    },
  };
}
