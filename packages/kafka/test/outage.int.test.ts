import { startPrivateKafka } from '@rapport/testing';
import { describe, expect, test, vi } from 'vitest';
import {
  createKafka,
  createProducer,
  ensureTopics,
  KafkaUnavailable,
  ok,
  runConsumer,
  silentLogger,
} from '../src/index.ts';

describe('broker outage', () => {
  test('ping and send fail with KafkaUnavailable while the broker is down, and recover after', async () => {
    const broker = await startPrivateKafka();
    const kafka = createKafka({ brokers: broker.brokers, clientId: 'outage-test', logger: silentLogger });
    const producer = createProducer(kafka);
    const seen: string[] = [];
    try {
      await ensureTopics(kafka, [{ name: 'outage.v1', partitions: 1 }]);
      await producer.send('outage.v1', [{ key: 'k', value: 'before' }]);
      const consumer = await runConsumer(kafka, {
        groupId: 'outage-test',
        topics: ['outage.v1'],
        maxWaitTimeInMs: 100,
        // After a broker restart the rejoining member gets a new id; the old one holds the group until its
        // session expires, so a short session keeps the test (and a real outage's recovery) short.
        sessionTimeoutMs: 6000,
        heartbeatIntervalMs: 1000,
        handle: async (m) => (seen.push(m.value!.toString()), ok()),
      });
      await vi.waitFor(() => expect(seen).toEqual(['before']), { timeout: 20_000, interval: 50 });

      await broker.stop();
      await expect(kafka.ping()).rejects.toBeInstanceOf(KafkaUnavailable);
      const started = Date.now();
      await expect(producer.send('outage.v1', [{ key: 'k', value: 'lost' }])).rejects.toBeInstanceOf(
        KafkaUnavailable,
      );
      expect(Date.now() - started).toBeLessThan(15_000);

      await broker.start();
      await vi.waitFor(() => kafka.ping(), { timeout: 20_000, interval: 200 });
      await vi.waitFor(() => producer.send('outage.v1', [{ key: 'k', value: 'after' }]), {
        timeout: 30_000,
        interval: 500,
      });
      // The consumer (restarted by kafkajs after its crash, or never crashed) picks up where it was.
      await vi.waitFor(() => expect(seen).toContain('after'), { timeout: 60_000, interval: 100 });
      expect(seen.filter((v) => v === 'before')).toHaveLength(1);
      await consumer.stop();
    } finally {
      await producer.disconnect().catch(() => {});
      await broker.destroy();
    }
  }, 180_000);
});
