import { startPrivateKafka, test } from '@rapport/testing';
import { Registry } from 'prom-client';
import { describe, expect, vi } from 'vitest';
import {
  enqueueCommitted,
  event,
  expectExactlyOnceInOrder,
  notesTopic,
  ordersTopic,
  prepare,
  startTestRelay,
  readTopic,
  waitUntilDrained,
} from './support.ts';

describe('outbox relay during a Kafka outage', () => {
  test('waits while the broker is down and resumes when it is back, nothing lost or doubled', async ({
    db,
    kafka: shared,
  }) => {
    const broker = await startPrivateKafka();
    const fx = { ...shared, brokers: broker.brokers };
    const metrics = new Registry();
    try {
      const kafka = await prepare(db.pool, fx);
      const relay = startTestRelay(db.pool, kafka, {
        metrics,
        batchSize: 20,
        retryBackoffMs: { initial: 100, max: 1000 },
      });
      const before = Array.from({ length: 60 }, (_, i) => event(`k${i % 5}`, i));
      const during = Array.from({ length: 60 }, (_, i) => event(`k${i % 5}`, 60 + i));
      try {
        await enqueueCommitted(db.pool, ordersTopic, before);
        await waitUntilDrained(relay);

        await broker.stop();
        // Writers are not held up by the outage: their rows wait in the outbox.
        for (let i = 0; i < during.length; i += 10)
          await enqueueCommitted(db.pool, ordersTopic, during.slice(i, i + 10));
        await enqueueCommitted(db.pool, notesTopic, [event('n', 1)]);
        await vi.waitFor(
          async () => {
            const errors = (await metrics.getSingleMetric('rapport_outbox_errors_total')!.get()).values;
            expect(errors.find((v) => v.labels.stage === 'kafka')?.value ?? 0).toBeGreaterThan(0);
          },
          { timeout: 30_000, interval: 200 },
        );
        expect((await relay.lag()).rows).toBe(61);

        await broker.start();
        await waitUntilDrained(relay, 90_000);
      } finally {
        await relay.stop();
      }
      expectExactlyOnceInOrder(await readTopic(fx, ordersTopic), [...before, ...during]);
      expect((await readTopic(fx, notesTopic)).map((m) => m.event.key)).toEqual(['n']);
    } finally {
      await broker.destroy();
    }
  }, 240_000);
});
