import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

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
      const timer = setTimeout(() => reject(new Error('Kafka warm-up: no message within 30 s')), 30_000);
      void consumer
        .run({
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
