import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { InfrastructureTimeout } from './errors.ts';
import { topicMessage, type TopicMessage } from './topic-reader.ts';

/**
 * Every committed message of a topic, read_committed, exactly: a sentinel is appended to each partition and
 * the topic is read from the start until all sentinels are seen (the sentinels, keyed tombstones, are left out). On
 * transactional topics (an outbox relay's) a partition's offsets include commit markers, so counting offsets,
 * as `topicReader` does, would not say how many messages there are. Call it once what should be there was
 * committed: whatever was is then before the sentinels.
 */
export async function readCommitted(
  fx: { brokers: string[]; topicPrefix: string },
  topic: { name: string; partitions: number },
  options: { timeoutMs?: number } = {},
): Promise<TopicMessage[]> {
  const kafka = new Kafka({
    clientId: 'test-committed-reader',
    brokers: fx.brokers,
    logLevel: logLevel.NOTHING,
  });
  const physical = fx.topicPrefix + topic.name;
  const sentinel = randomUUID();
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: physical,
      acks: -1,
      // Keyed: a compacted topic refuses a message without a key (a keyed null is a tombstone there).
      messages: Array.from({ length: topic.partitions }, (_, partition) => ({
        partition,
        key: `sentinel-${sentinel}`,
        value: null,
        headers: { sentinel },
      })),
    });
  } finally {
    await producer.disconnect();
  }
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const seen: TopicMessage[] = [];
  const done = new Set<number>();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [physical], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new InfrastructureTimeout(`${topic.name}: sentinels not all read`)),
        options.timeoutMs ?? 30_000,
      );
      consumer
        .run({
          autoCommit: false, // a throwaway group: no commit round trip after each partition's batch
          eachMessage: async ({ partition, message }) => {
            if (message.headers?.sentinel?.toString() === sentinel) {
              done.add(partition);
              if (done.size === topic.partitions) {
                clearTimeout(timer);
                resolve();
              }
              return;
            }
            seen.push(topicMessage(partition, message));
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => {});
  }
  return seen;
}
