import { DeadLetterEnvelope, originalMessage } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { describe, expect, vi } from 'vitest';
import { z } from 'zod';
import {
  deadLetter,
  ensureTopics,
  ok,
  runConsumer,
  type ConsumedMessage,
  type Outcome,
  type RunningConsumer,
} from '../src/index.ts';
import { committedOffsets, member, storedRows, storedSchema, storingHandler } from './stored-batch.ts';
import {
  fast,
  kafkaFor,
  produce,
  readAll,
  recordingLogger,
  spawnChild,
  waitForCommitted,
} from './support.ts';

const envelopeOf = (m: ConsumedMessage) => DeadLetterEnvelope.parse(JSON.parse(m.value!.toString()));

describe('runConsumer with handleBatch', () => {
  test('a crash between the batch transaction and the offset commit redelivers the batch; the idempotent handler absorbs it', async ({
    kafka: fx,
    db,
  }) => {
    const kafka = kafkaFor(fx, recordingLogger());
    await ensureTopics(kafka, [{ name: 'members.v1', partitions: 1 }]);
    await db.pool.query(storedSchema);
    await produce(
      kafka,
      'members.v1',
      Array.from({ length: 10 }, (_, n) => member(`m${n}`)),
    );

    const child = spawnChild('./crash-after-commit-consumer.ts', {
      KAFKA_BROKERS: fx.brokers.join(','),
      TOPIC_PREFIX: fx.topicPrefix,
      GROUP_ID: fx.groupId,
      TOPIC: 'members.v1',
      DATABASE_URL: db.url,
      CRASH_AT: 'm12',
    });
    let crashBatch: string[];
    try {
      await child.waitFor('batch 0,1,2,3,4,5,6,7,8,9\n');
      await waitForCommitted(kafka, fx.groupId, 'members.v1', { 0: '10' });
      await produce(
        kafka,
        'members.v1',
        Array.from({ length: 5 }, (_, n) => member(`m${10 + n}`)),
      );
      await child.exited;
      crashBatch = /crash ([\d,]+)\n/.exec(child.output())![1]!.split(',');
    } finally {
      await child.kill();
    }
    expect(crashBatch).toContain('12');
    // The batch's transaction committed, its offsets did not.
    expect((await storedRows(db.pool)).map((r) => r.id)).toEqual(
      Array.from({ length: 15 }, (_, n) => `m${n}`),
    );
    const committedAtCrash = (await committedOffsets(kafka, fx.groupId, 'members.v1'))[0]!;
    expect(BigInt(committedAtCrash)).toBeLessThanOrEqual(BigInt(crashBatch[0]!));

    // Same group: joins once the killed member's session (6 s) expires, and gets the batch again.
    const redelivered: { offset: string; outcome: Outcome['kind'] }[] = [];
    const store = storingHandler(db.pool);
    const consumer = await runConsumer(kafka, {
      groupId: fx.groupId,
      topics: ['members.v1'],
      ...fast,
      handleBatch: async (messages) => {
        const outcomes = await store(messages);
        messages.forEach((m, i) => redelivered.push({ offset: m.offset, outcome: outcomes[i]!.kind }));
        return outcomes;
      },
    });
    try {
      await vi.waitFor(() => expect(redelivered.at(-1)?.offset).toBe('14'), {
        timeout: 30_000,
        interval: 50,
      });
      await waitForCommitted(kafka, fx.groupId, 'members.v1', { 0: '15' });
    } finally {
      await consumer.stop();
    }
    expect(redelivered[0]!.offset).toBe(committedAtCrash);
    expect(redelivered.map((r) => r.offset)).toEqual(expect.arrayContaining(crashBatch));
    expect(redelivered.every((r) => r.outcome === 'drop')).toBe(true);
    expect(await storedRows(db.pool)).toHaveLength(15);
  });

  test('dead letters keep the original bytes, headers, topic, partition and offset, with the typed reason', async ({
    kafka: fx,
  }) => {
    const kafka = kafkaFor(fx, recordingLogger());
    await ensureTopics(kafka, [{ name: 'raw.things', partitions: 1 }]);
    const binaryKey = Buffer.from([0xc3, 0x28, 0x00, 0xff]); // not UTF-8
    const binaryValue = Buffer.from([0xff, 0xfe, 0x00, 0x7b]);
    await produce(kafka, 'raw.things', [
      { key: 'a', value: '{"id":"t1"}' },
      {
        key: binaryKey,
        value: binaryValue,
        headers: { traceparent: '00-abc-01', tag: ['x', Buffer.from([0x01, 0x02])] },
      },
      { key: 'a', value: '{"id":"ana.souza@example"}' },
    ]);

    const Thing = z.object({ id: z.string().regex(/^t\d+$/) });
    const calls: number[] = [];
    const consumer = await runConsumer(kafka, {
      groupId: fx.groupId,
      topics: ['raw.things'],
      ...fast,
      handleBatch: async (messages) => {
        calls.push(messages.length);
        return messages.map((m) => {
          let json: unknown;
          try {
            json = JSON.parse(m.value!.toString('utf8'));
          } catch (error) {
            return deadLetter('json_invalid', error);
          }
          const parsed = Thing.safeParse(json);
          return parsed.success ? ok() : deadLetter('schema_invalid', parsed.error);
        });
      },
    });
    let letters: ConsumedMessage[];
    try {
      letters = await readAll(kafka, 'raw.things.dlq', `${fx.groupId}-dlq`, 2);
    } finally {
      await consumer.stop();
    }
    const byReason = Object.fromEntries(letters.map((l) => [envelopeOf(l).reason, l]));
    const binary = envelopeOf(byReason.json_invalid!);
    const original = originalMessage(binary);
    expect(original.key).toEqual(binaryKey);
    expect(original.value).toEqual(binaryValue);
    expect(original.headers).toEqual([
      { key: 'traceparent', value: Buffer.from('00-abc-01') },
      { key: 'tag', value: Buffer.from('x') },
      { key: 'tag', value: Buffer.from([0x01, 0x02]) },
    ]);
    expect(binary).toMatchObject({
      original: { topic: 'raw.things', partition: 0, offset: '1' },
      reason: 'json_invalid',
      error: { name: 'SyntaxError' },
      attempts: 1,
      service: fx.groupId,
    });
    expect(Date.parse(binary.original.timestamp!)).not.toBeNaN();
    expect(byReason.json_invalid!.headers).toMatchObject({
      'rapport-dlq-reason': 'json_invalid',
      'rapport-dlq-topic': 'raw.things',
      'rapport-dlq-partition': String(binary.original.partition),
      'rapport-dlq-offset': binary.original.offset,
      'rapport-dlq-group': fx.groupId,
    });

    const invalid = envelopeOf(byReason.schema_invalid!);
    expect(invalid.original).toMatchObject({ topic: 'raw.things', partition: 0, offset: '2' });
    expect(invalid.error.name).toBe('ZodError');
    expect(invalid.error.details).toEqual([
      expect.objectContaining({ path: ['id'], code: 'invalid_format' }),
    ]);
    expect(JSON.stringify(invalid.error)).not.toContain('ana.souza');
    expect(calls.some((n) => n > 1)).toBe(true);
  });

  test('a poison message that fails its whole transaction never blocks its partition', async ({
    kafka: fx,
    db,
  }) => {
    const log = recordingLogger();
    const kafka = kafkaFor(fx, log);
    await ensureTopics(kafka, [{ name: 'poison.v1', partitions: 1 }]);
    await db.pool.query(storedSchema);
    const amounts = Array.from({ length: 40 }, (_, n) => (n === 17 || n === 30 ? -1 : n));
    await produce(
      kafka,
      'poison.v1',
      amounts.map((amount, n) => member(`p${n}`, amount)),
    );

    const calls: number[] = [];
    const store = storingHandler(db.pool);
    const consumer = await runConsumer(kafka, {
      groupId: fx.groupId,
      topics: ['poison.v1'],
      ...fast,
      logger: log,
      maxRetries: 1,
      handleBatch: (messages) => (calls.push(messages.length), store(messages)),
    });
    let letters: ConsumedMessage[];
    try {
      letters = await readAll(kafka, 'poison.v1.dlq', `${fx.groupId}-dlq`, 2);
      await vi.waitFor(async () => expect(await storedRows(db.pool)).toHaveLength(38), {
        timeout: 20_000,
        interval: 100,
      });
      await waitForCommitted(kafka, fx.groupId, 'poison.v1', { 0: '40' });
    } finally {
      await consumer.stop();
    }
    // Every other message stored, in offset order.
    const rows = await storedRows(db.pool);
    expect(rows.map((r) => r.offset)).toEqual(amounts.flatMap((a, n) => (a < 0 ? [] : [String(n)])));
    const envelopes = letters
      .map(envelopeOf)
      .sort((a, b) => Number(a.original.offset) - Number(b.original.offset));
    expect(envelopes.map((e) => [e.original.offset, e.reason, e.retryReason])).toEqual([
      ['17', 'retries_exhausted', 'handler_failed'],
      ['30', 'retries_exhausted', 'handler_failed'],
    ]);
    // The first call had the whole fetch; the failing batches were halved around the poison.
    expect(calls[0]).toBeGreaterThan(1);
    expect(calls.filter((n) => n === 1).length).toBeGreaterThanOrEqual(4);
    expect(log.text()).not.toContain('p17');
  });

  test('stop() lets the batch in flight finish and commits only what finished', async ({ kafka: fx, db }) => {
    const kafka = kafkaFor(fx, recordingLogger());
    await ensureTopics(kafka, [{ name: 'stop.v1', partitions: 1 }]);
    await db.pool.query(storedSchema);
    await produce(
      kafka,
      'stop.v1',
      Array.from({ length: 9 }, (_, n) => member(`s${n}`)),
    );

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    const store = storingHandler(db.pool);
    const first: RunningConsumer = await runConsumer(kafka, {
      groupId: fx.groupId,
      topics: ['stop.v1'],
      ...fast,
      maxBatchMessages: 3,
      handleBatch: async (messages) => {
        entered();
        await released;
        return store(messages);
      },
    });
    await inFlight;
    const stopping = first.stop();
    release();
    await stopping;
    expect((await storedRows(db.pool)).map((r) => r.id)).toEqual(['s0', 's1', 's2']);
    expect(await committedOffsets(kafka, fx.groupId, 'stop.v1')).toEqual({ 0: '3' });

    const rest = await readAll(kafka, 'stop.v1', fx.groupId, 6);
    expect(rest.map((m) => m.offset)).toEqual(['3', '4', '5', '6', '7', '8']);
  });

  test('a rebalance hands partitions over without losing, doubling or reordering a stored message', async ({
    kafka: fx,
    db,
  }) => {
    const kafka = kafkaFor(fx, recordingLogger());
    await ensureTopics(kafka, [{ name: 'spread.v1', partitions: 4 }]);
    await db.pool.query(storedSchema);
    const total = 320;
    await produce(
      kafka,
      'spread.v1',
      Array.from({ length: total }, (_, n) => ({ key: `k${n % 16}`, value: member(`r${n}`) })),
    );

    const store = storingHandler(db.pool);
    const handledBy = { a: 0, b: 0 };
    const slowly = (who: 'a' | 'b') => async (messages: readonly ConsumedMessage[]) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      handledBy[who] += messages.length;
      return store(messages);
    };
    const options = {
      groupId: fx.groupId,
      topics: ['spread.v1'],
      ...fast,
      maxBatchMessages: 4,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 500,
    };
    const a = await runConsumer(kafka, {
      ...options,
      handleBatch: slowly('a'),
      partitionsConsumedConcurrently: 2,
    });
    let b: RunningConsumer | undefined;
    try {
      await vi.waitFor(async () => expect((await storedRows(db.pool)).length).toBeGreaterThanOrEqual(24), {
        timeout: 20_000,
        interval: 50,
      });
      b = await runConsumer(kafka, {
        ...options,
        handleBatch: slowly('b'),
        partitionsConsumedConcurrently: 2,
      });
      await vi.waitFor(async () => expect(await storedRows(db.pool)).toHaveLength(total), {
        timeout: 60_000,
        interval: 100,
      });
      await vi.waitFor(
        async () =>
          expect(
            Object.values(await committedOffsets(kafka, fx.groupId, 'spread.v1'))
              .map(Number)
              .reduce((x, y) => x + y),
          ).toBe(total),
        { timeout: 20_000, interval: 100 },
      );
    } finally {
      await Promise.all([a.stop(), b?.stop()]);
    }
    expect(handledBy.b).toBeGreaterThan(0);
    // Per partition, messages were first stored in offset order: no two owners handled one partition at once.
    const rows = await storedRows(db.pool);
    for (const partition of [0, 1, 2, 3]) {
      const offsets = rows.filter((r) => r.partition === partition).map((r) => Number(r.offset));
      expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
    }
  }, 120_000);
});
