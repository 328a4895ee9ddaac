import { DeadLetterEnvelope } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { Registry } from 'prom-client';
import { describe, expect, vi } from 'vitest';
import {
  deadLetter,
  ensureTopics,
  ok,
  retry,
  runConsumer,
  type Outcome,
  type RunningConsumer,
} from '../src/index.ts';
import { fast, kafkaFor, produce, readAll, recordingLogger, spawnChild } from './support.ts';

describe('runConsumer', () => {
  test('dead-letters a poison message with its envelope while the next one goes through', async ({
    kafka: fx,
  }) => {
    const log = recordingLogger();
    const kafka = kafkaFor(fx, log);
    await ensureTopics(kafka, [{ name: 'people.v1', partitions: 1 }]);
    await produce(kafka, 'people.v1', ['good-1', 'SECRET-poison', 'good-2'], 'person-7');

    const handled: string[] = [];
    const registry = new Registry();
    const consumer = await runConsumer(kafka, {
      groupId: fx.groupId,
      topics: ['people.v1'],
      ...fast,
      logger: log,
      metrics: registry,
      handle: async (m) => {
        const value = m.value?.toString() ?? '';
        if (value.startsWith('SECRET'))
          return deadLetter('schema_invalid', new Error('missing field recordId'));
        handled.push(value);
        return ok();
      },
    });
    try {
      await vi.waitFor(() => expect(handled).toEqual(['good-1', 'good-2']), {
        timeout: 20_000,
        interval: 50,
      });
    } finally {
      await consumer.stop();
    }

    const [letter] = await readAll(kafka, 'people.v1.dlq', `${fx.groupId}-dlq`, 1);
    expect(letter?.key).toBe('person-7');
    expect(letter?.headers['rapport-dlq-reason']).toBe('schema_invalid');
    const envelope = DeadLetterEnvelope.parse(JSON.parse(letter!.value!.toString()));
    expect(envelope).toMatchObject({
      envelopeVersion: 1,
      original: {
        topic: 'people.v1',
        partition: 0,
        offset: '1',
        key: Buffer.from('person-7').toString('base64'),
      },
      reason: 'schema_invalid',
      error: { name: 'Error', message: 'missing field recordId' },
      attempts: 1,
      service: fx.groupId,
    });
    expect(Buffer.from(envelope.original.value!, 'base64').toString()).toBe('SECRET-poison');
    expect(Date.parse(envelope.failedAt)).not.toBeNaN();

    const nonOk = log.entries.filter((e) => e.msg === 'kafka message dead-lettered');
    expect(nonOk).toHaveLength(1);
    expect(log.text()).not.toContain('SECRET');
    const metrics = await registry.getSingleMetricAsString('rapport_kafka_messages_total');
    expect(metrics).toContain(
      `rapport_kafka_messages_total{group="${fx.groupId}",topic="people.v1",outcome="ok"} 2`,
    );
    expect(metrics).toContain(
      `rapport_kafka_messages_total{group="${fx.groupId}",topic="people.v1",outcome="dead_letter"} 1`,
    );
  });

  test('retries with backoff then succeeds; dead-letters once retries are spent', async ({ kafka: fx }) => {
    const log = recordingLogger();
    const kafka = kafkaFor(fx, log);
    await ensureTopics(kafka, [{ name: 'retry.v1', partitions: 1 }]);
    await produce(kafka, 'retry.v1', ['flaky', 'broken', 'after']);

    const attempts = new Map<string, number>();
    const done: string[] = [];
    const consumer = await runConsumer(kafka, {
      groupId: fx.groupId,
      topics: ['retry.v1'],
      ...fast,
      maxRetries: 2,
      logger: log,
      handle: async (m): Promise<Outcome> => {
        const value = m.value!.toString();
        const n = (attempts.get(value) ?? 0) + 1;
        attempts.set(value, n);
        if (value === 'flaky' && n < 3) return retry('database_unavailable');
        if (value === 'broken') throw new Error('bug');
        done.push(value);
        return ok();
      },
    });
    try {
      await vi.waitFor(() => expect(done).toEqual(['flaky', 'after']), { timeout: 20_000, interval: 50 });
    } finally {
      await consumer.stop();
    }
    expect(attempts.get('flaky')).toBe(3);
    expect(attempts.get('broken')).toBe(3);
    expect(log.entries.filter((e) => e.msg === 'kafka message retry')).toHaveLength(4);

    const [letter] = await readAll(kafka, 'retry.v1.dlq', `${fx.groupId}-dlq`, 1);
    const envelope = DeadLetterEnvelope.parse(JSON.parse(letter!.value!.toString()));
    expect(envelope).toMatchObject({
      reason: 'retries_exhausted',
      attempts: 3,
      original: { offset: '1' },
      retryReason: 'handler_failed',
      error: { name: 'Error', message: 'bug' },
    });
  });

  test('stop() lets the in-flight handler finish and commits it', async ({ kafka: fx }) => {
    const kafka = kafkaFor(fx, recordingLogger());
    await ensureTopics(kafka, [{ name: 'stop.v1', partitions: 1 }]);
    await produce(kafka, 'stop.v1', ['first', 'second']);

    let started!: () => void;
    const inHandler = new Promise<void>((resolve) => (started = resolve));
    const finished: string[] = [];
    const first = await runConsumer(kafka, {
      groupId: fx.groupId,
      topics: ['stop.v1'],
      ...fast,
      handle: async (m) => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 700));
        finished.push(m.value!.toString());
        return ok();
      },
    });
    await inHandler;
    const stopping = Date.now();
    await first.stop();
    expect(finished).toEqual(['first']);
    expect(Date.now() - stopping).toBeLessThan(5000);

    const seen = await readAll(kafka, 'stop.v1', fx.groupId, 1);
    expect(seen.map((m) => m.value!.toString())).toEqual(['second']);
  });

  test('a consumer killed mid-handler: the unfinished message comes again, finished ones do not', async ({
    kafka: fx,
  }) => {
    const kafka = kafkaFor(fx, recordingLogger());
    await ensureTopics(kafka, [{ name: 'crash.v1', partitions: 1 }]);
    await produce(kafka, 'crash.v1', ['m0', 'm1', 'm2', 'm3', 'm4']);

    const child = spawnChild('./crashing-consumer.ts', {
      KAFKA_BROKERS: fx.brokers.join(','),
      TOPIC_PREFIX: fx.topicPrefix,
      GROUP_ID: fx.groupId,
      TOPIC: 'crash.v1',
      HANG_AT: 'm2',
    });
    try {
      await child.waitFor('hang 2');
      // Commits run beside the handler; give the one for offset 1 a moment to land.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await child.kill();
    }
    expect(child.output()).toContain('done 0\ndone 1\n');

    // Same group: joins once the killed member's session (6 s) expires.
    const seen = await readAll(kafka, 'crash.v1', fx.groupId, 3);
    expect(seen.map((m) => m.value!.toString())).toEqual(['m2', 'm3', 'm4']);
  });

  test('lastActivityAt advances while the loop idles', async ({ kafka: fx }) => {
    const kafka = kafkaFor(fx, recordingLogger());
    await ensureTopics(kafka, [{ name: 'idle.v1', partitions: 1 }]);
    const consumer: RunningConsumer = await runConsumer(kafka, {
      groupId: fx.groupId,
      topics: ['idle.v1'],
      ...fast,
      handle: async () => ok(),
    });
    try {
      const before = consumer.lastActivityAt();
      await vi.waitFor(() => expect(consumer.lastActivityAt()).toBeGreaterThan(before + 200), {
        timeout: 10_000,
        interval: 50,
      });
    } finally {
      await consumer.stop();
    }
  });
});
