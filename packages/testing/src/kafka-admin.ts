import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { deadLetterTopicName } from '@rapport/contracts';
import { InfrastructureTimeout } from './errors.ts';

const quietClient = (brokers: string[], clientId: string): Kafka =>
  new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { initialRetryTime: 100, retries: 8 } });

/**
 * After a broker starts, its first group join meets one retried "coordinator is loading" error. A topic,
 * one produce and one group round trip clear it before the tests' own timing starts.
 */
export async function warmUpKafka(brokers: string[]): Promise<void> {
  const kafka = quietClient(brokers, 'rapport-test-warmup');
  const topic = `rapport-warmup-${randomBytes(4).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: topic, maxWaitTimeInMs: 100 });
  try {
    // Not kafkajs' waitForLeaders: it gives up on the "does not host this topic-partition" a KRaft broker
    // briefly answers right after creating a topic (a CI run failed on it); the send below retries it.
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: false });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'warm-up' }] });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new InfrastructureTimeout('Kafka warm-up: no message within 30 s')),
        30_000,
      );
      void consumer
        .run({
          autoCommit: false, // a throwaway group: no commit round trip after each partition's batch
          eachMessage: async () => {
            clearTimeout(timer);
            resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

export async function deleteTopicsWithPrefix(brokers: string[], prefix: string): Promise<void> {
  const admin = quietClient(brokers, 'rapport-test-cleanup').admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** What topic creation needs of a topic definition; the contracts registry's `TopicDef` satisfies it. */
export interface TestTopic {
  readonly name: string;
  readonly partitions: number;
}

/**
 * Creates each topic and its dead-letter topic under `prefix`, as `rapport setup` does for a fleet, and returns
 * once every partition has a leader. Two partitions at most: enough to show keying, quick on a small broker.
 */
export async function createTestTopics(
  brokers: string[],
  prefix: string,
  topics: readonly TestTopic[],
): Promise<void> {
  if (topics.length === 0) return;
  const wanted = topics.flatMap((def) => [
    { topic: prefix + def.name, numPartitions: Math.min(def.partitions, 2) },
    { topic: prefix + deadLetterTopicName(def.name), numPartitions: 1 },
  ]);
  const admin = quietClient(brokers, 'rapport-test-topics').admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: wanted, waitForLeaders: false });
    const names = wanted.map((t) => t.topic);
    const deadline = Date.now() + 20_000;
    // A KRaft broker briefly answers "does not host this topic-partition" right after creating a topic.
    while (!(await haveLeaders(admin, names))) {
      if (Date.now() > deadline) throw new InfrastructureTimeout(`no leaders for ${names.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function haveLeaders(admin: ReturnType<Kafka['admin']>, topics: string[]): Promise<boolean> {
  try {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    return metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
  } catch {
    return false;
  }
}
