import { test } from '@rapport/testing';
import { Registry } from 'prom-client';
import { describe, expect, vi } from 'vitest';
import type { OutboxRelay } from '../src/index.ts';
import {
  enqueueCommitted,
  event,
  expectExactlyOnceInOrder,
  ordersTopic,
  prepare,
  startTestRelay,
  readTopic,
  waitUntilDrained,
} from './support.ts';

const publishedBy = async (metrics: Registry): Promise<number> =>
  (await metrics.getSingleMetric('rapport_outbox_published_total')!.get()).values.reduce(
    (sum, v) => sum + v.value,
    0,
  );

describe('two relays on one outbox', () => {
  test('only one publishes; the other takes over when it stops', async ({ db, kafka: fx }) => {
    const kafka = await prepare(db.pool, fx);
    const start = (metrics: Registry): OutboxRelay =>
      startTestRelay(db.pool, kafka, { metrics, batchSize: 30 });
    const metricsA = new Registry();
    const metricsB = new Registry();
    const a = start(metricsA);
    await vi.waitFor(() => expect(a.isActive()).toBe(true), { timeout: 10_000 });
    const b = start(metricsB);
    const events = Array.from({ length: 400 }, (_, i) => event(`k${i % 9}`, i));
    try {
      for (let i = 0; i < 200; i += 20) await enqueueCommitted(db.pool, ordersTopic, events.slice(i, i + 20));
      await waitUntilDrained(a);
      expect([a.isActive(), b.isActive()]).toEqual([true, false]);
      expect(await publishedBy(metricsA)).toBe(200);
      expect(await publishedBy(metricsB)).toBe(0);
      // The standby shows it is alive while it waits.
      const seen = b.lastActivityAt();
      await vi.waitFor(() => expect(b.lastActivityAt()).toBeGreaterThan(seen), { timeout: 5000 });

      await a.stop();
      await vi.waitFor(() => expect(b.isActive()).toBe(true), { timeout: 5000 });
      for (let i = 200; i < 400; i += 20)
        await enqueueCommitted(db.pool, ordersTopic, events.slice(i, i + 20));
      await waitUntilDrained(b);
      expect(await publishedBy(metricsA)).toBe(200);
      expect(await publishedBy(metricsB)).toBe(200);
    } finally {
      await a.stop();
      await b.stop();
    }
    expectExactlyOnceInOrder(await readTopic(fx, ordersTopic), events);
  });

  test('a standby stops at once, without ever having published', async ({ db, kafka: fx }) => {
    const kafka = await prepare(db.pool, fx);
    const a = startTestRelay(db.pool, kafka);
    try {
      await vi.waitFor(() => expect(a.isActive()).toBe(true), { timeout: 10_000 });
      const b = startTestRelay(db.pool, kafka, { lockWaitMs: 30_000, metrics: new Registry() });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      await b.stop();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(b.isActive()).toBe(false);
    } finally {
      await a.stop();
    }
  });
});
