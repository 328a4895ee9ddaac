import { withTransaction } from '@rapport/db';
import { test } from '@rapport/testing';
import { Registry } from 'prom-client';
import { describe, expect, vi } from 'vitest';
import { MAX_EVENT_CHARS, OutboxEventInvalid, OutboxEventTooLarge } from '../src/index.ts';
import { lockKey } from '../src/lock-session.ts';
import {
  enqueueCommitted,
  event,
  expectExactlyOnceInOrder,
  notesTopic,
  ordersTopic,
  outbox,
  prepare,
  startTestRelay,
  readTopic,
  waitUntilDrained,
  type TestEvent,
} from './support.ts';

describe('outbox delivery', () => {
  test('what a rolled-back transaction enqueued is never published', async ({ db, kafka: fx }) => {
    const kafka = await prepare(db.pool, fx);
    const relay = startTestRelay(db.pool, kafka);
    try {
      await expect(
        withTransaction(db.pool, async (client) => {
          await outbox.enqueue(client, ordersTopic, [event('a', 1), event('b', 1)]);
          throw new Error('the use case failed after enqueueing');
        }),
      ).rejects.toThrow('the use case failed');
      const kept = event('a', 2);
      await enqueueCommitted(db.pool, ordersTopic, [kept]);
      await waitUntilDrained(relay);
      expectExactlyOnceInOrder(await readTopic(fx, ordersTopic), [kept]);
    } finally {
      await relay.stop();
    }
  });

  test('an invalid event fails the whole call before anything is written', async ({ db, kafka: fx }) => {
    await prepare(db.pool, fx);
    const bad = { ...event('a', 1), seq: -1 };
    const error = await withTransaction(db.pool, (client) =>
      outbox.enqueue(client, ordersTopic, [event('a', 0), bad as TestEvent]),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxEventInvalid);
    expect(error).toMatchObject({ code: 'OUTBOX_EVENT_INVALID', topic: 'test.order.v1', index: 1 });
    expect(JSON.stringify((error as OutboxEventInvalid).issues)).not.toContain('-1');
    const tooBig = await withTransaction(db.pool, (client) =>
      outbox.enqueue(client, ordersTopic, [event('a', 0), event('x'.repeat(MAX_EVENT_CHARS), 1)]),
    ).catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(OutboxEventTooLarge);
    const { rows } = await db.pool.query('select count(*)::int as n from test_outbox');
    expect(rows[0].n).toBe(0);
  });

  test('big events of one key go out in batches Kafka accepts', async ({ db, kafka: fx }) => {
    const kafka = await prepare(db.pool, fx);
    const relay = startTestRelay(db.pool, kafka);
    // Five events of 300 kB on one key, so one partition: 1.5 MB, over Kafka's 1 MB per record batch.
    const events = Array.from({ length: 5 }, (_, i) => event(`big-${'k'.repeat(300_000)}`, i));
    try {
      await enqueueCommitted(db.pool, ordersTopic, events);
      await waitUntilDrained(relay);
      expectExactlyOnceInOrder(await readTopic(fx, ordersTopic), events);
    } finally {
      await relay.stop();
    }
  });

  test('enqueue writes one row per event in call order, keyed by the topic', async ({ db, kafka: fx }) => {
    await prepare(db.pool, fx);
    const events = [event('k2', 0), event('k1', 0), event('k2', 1)];
    await withTransaction(db.pool, (client) =>
      outbox.enqueue(client, notesTopic, events, { headers: { 'trace-id': 't-1' } }),
    );
    const { rows } = await db.pool.query(
      'select topic, key, event_id, payload, headers from test_outbox order by id',
    );
    expect(rows).toEqual(
      events.map((e) => ({
        topic: 'test.note.v1',
        key: e.key,
        event_id: e.eventId,
        payload: JSON.stringify(e),
        headers: { 'trace-id': 't-1' },
      })),
    );
  });

  test('committed rows from concurrent writers are published exactly once, in order per key, on two topics', async ({
    db,
    kafka: fx,
  }) => {
    const kafka = await prepare(db.pool, fx);
    const metrics = new Registry();
    const relay = startTestRelay(db.pool, kafka, { metrics, batchSize: 40 });
    const expected: Record<string, TestEvent[]> = { [ordersTopic.name]: [], [notesTopic.name]: [] };
    try {
      // Four writers, each owning its keys (a key's writers are serialised, as the services' locks make them).
      await Promise.all(
        [0, 1, 2, 3].map(async (writer) => {
          const seq = new Map<string, number>();
          for (let txn = 0; txn < 25; txn++) {
            const topic = txn % 3 === 0 ? notesTopic : ordersTopic;
            const events = Array.from({ length: 1 + ((txn * 7 + writer) % 9) }, (_, i) => {
              const key = `w${writer}-k${(txn + i) % 4}`;
              const next = (seq.get(key) ?? 0) + 1;
              seq.set(key, next);
              return event(key, next);
            });
            await enqueueCommitted(db.pool, topic, events);
            expected[topic.name]!.push(...events);
          }
        }),
      );
      await waitUntilDrained(relay);
      const orders = await readTopic(fx, ordersTopic);
      const notes = await readTopic(fx, notesTopic);
      expectExactlyOnceInOrder(orders, expected[ordersTopic.name]!);
      expectExactlyOnceInOrder(notes, expected[notesTopic.name]!);
      expect(orders.every((m) => /^\d+$/.test(m.headers['outbox-id'] ?? ''))).toBe(true);

      const published = (await metrics.getSingleMetric('rapport_outbox_published_total')!.get()).values;
      const total = published.reduce((sum, v) => sum + v.value, 0);
      expect(total).toBe(orders.length + notes.length);
    } finally {
      await relay.stop();
    }
  });

  test('a commit wakes the relay through NOTIFY, not its poll', async ({ db, kafka: fx }) => {
    const kafka = await prepare(db.pool, fx);
    const relay = startTestRelay(db.pool, kafka, { pollIntervalMs: 600_000 });
    try {
      await vi.waitFor(() => expect(relay.isActive()).toBe(true), { timeout: 10_000 });
      // First batch: the relay is idle, waiting on its (ten-minute) poll.
      await enqueueCommitted(db.pool, ordersTopic, [event('a', 1)]);
      await waitUntilDrained(relay, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await enqueueCommitted(db.pool, ordersTopic, [event('a', 2)]);
      await waitUntilDrained(relay, 15_000);
      expect((await readTopic(fx, ordersTopic)).map((m) => m.event.seq)).toEqual([1, 2]);
    } finally {
      await relay.stop();
    }
  });

  test('lag counts committed rows not yet published and the age of the oldest', async ({ db, kafka: fx }) => {
    const kafka = await prepare(db.pool, fx);
    // Another session holds the relay's lock, so the relay waits as a standby and publishes nothing yet.
    const holder = await db.pool.connect();
    await holder.query('select pg_advisory_lock($1, $2)', [0x4f55_5442, lockKey(outbox.table)]);
    const relay = startTestRelay(db.pool, kafka);
    try {
      await enqueueCommitted(db.pool, ordersTopic, [event('a', 1), event('a', 2)]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = await relay.lag();
      expect(before.rows).toBe(2);
      expect(before.seconds).toBeGreaterThan(0.25);
      expect(relay.isActive()).toBe(false);

      await holder.query('select pg_advisory_unlock_all()');
      await waitUntilDrained(relay);
      expect(relay.isActive()).toBe(true);
      expect(await relay.lag()).toEqual({ rows: 0, seconds: 0 });
    } finally {
      holder.release(true);
      await relay.stop();
    }
  });
});
