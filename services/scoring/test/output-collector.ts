import { randomUUID } from 'node:crypto';
import {
  CustomerPriorityEvent,
  customerPriorityTopic,
  MentionPriorityEvent,
  mentionPriorityTopic,
} from '@rapport/contracts';
import type { KafkaFixture } from '@rapport/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { vi } from 'vitest';

/**
 * Everything scoring publishes, read (read_committed, as every consumer of an outbox topic must) from the
 * start of the test's topics and kept in arrival order. Events are parsed with their contracts: a published
 * event that breaks its schema fails the test.
 */
export interface OutputCollector {
  priorities: CustomerPriorityEvent[];
  mentions: MentionPriorityEvent[];
  /** Waits until `predicate` holds over what was collected. */
  until<T>(predicate: (c: OutputCollector) => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Waits until every message published before this call was collected (a marker per partition). */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

const MARKER = 'test-marker';

export async function collectOutputs(fx: KafkaFixture): Promise<OutputCollector> {
  const kafka = new Kafka({
    clientId: 'scoring-test-collector',
    brokers: fx.brokers,
    logLevel: logLevel.NOTHING,
  });
  const topics = [customerPriorityTopic, mentionPriorityTopic].map((t) => fx.topicPrefix + t.name);
  const markers = new Map<string, Set<string>>();
  const consumer: Consumer = kafka.consumer({ groupId: `collector-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const producer = kafka.producer();
  const collector: OutputCollector = {
    priorities: [],
    mentions: [],
    until: (predicate, timeoutMs = 30_000) =>
      vi.waitFor(
        () => {
          const found = predicate(collector);
          if (found === undefined || found === false) throw new Error('not yet published');
          return found;
        },
        { timeout: timeoutMs, interval: 100 },
      ),
    async caughtUp() {
      const id = randomUUID();
      const seen = new Set<string>();
      markers.set(id, seen);
      const admin = kafka.admin();
      await admin.connect();
      const expected: string[] = [];
      try {
        for (const topic of topics) {
          const partitions = await admin.fetchTopicOffsets(topic);
          for (const { partition } of partitions) {
            expected.push(`${topic}:${partition}`);
            await producer.send({
              topic,
              acks: -1,
              messages: [{ partition, key: MARKER, value: null, headers: { [MARKER]: id } }],
            });
          }
        }
      } finally {
        await admin.disconnect();
      }
      await vi.waitFor(
        () => {
          if (!expected.every((p) => seen.has(p))) throw new Error('markers not read yet');
        },
        { timeout: 30_000, interval: 50 },
      );
      markers.delete(id);
    },
    async close() {
      await Promise.all([consumer.disconnect(), producer.disconnect()]).catch(() => {});
    },
  };
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  // Each message once by its offset: a kafkajs consumer that restarts (a fetch or heartbeat failure on a busy
  // machine) reads again from its last auto-commit, and a message read twice is not an event published twice
  // (that one has another offset, and the tests' "no event id twice" must still see it).
  const read = new Set<string>();
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const at = `${topic}:${partition}:${message.offset}`;
      if (read.has(at)) return;
      read.add(at);
      const marker = message.headers?.[MARKER]?.toString();
      if (marker !== undefined) {
        markers.get(marker)?.add(`${topic}:${partition}`);
        return;
      }
      const json: unknown = JSON.parse(message.value!.toString('utf8'));
      if (topic.endsWith(customerPriorityTopic.name))
        collector.priorities.push(CustomerPriorityEvent.parse(json));
      else collector.mentions.push(MentionPriorityEvent.parse(json));
    },
  });
  return collector;
}
