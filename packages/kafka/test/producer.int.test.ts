import { test } from '@rapport/testing';
import { describe, expect, vi } from 'vitest';
import { z } from 'zod';
import {
  createKafka,
  createProducer,
  ensureTopics,
  InvalidEvent,
  KafkaTopicMissing,
  KafkaUnavailable,
  ok,
  runConsumer,
  silentLogger,
  type ConsumedMessage,
} from '../src/index.ts';
import { kafkaFor, recordingLogger } from './support.ts';

const Member = z.object({
  memberId: z.string().min(1),
  points: z.number().int(),
  tags: z.array(z.string()).default([]),
});
const memberTopic = {
  name: 'loyalty.member.v1',
  partitions: 3,
  cleanupPolicy: 'compact' as const,
  schema: Member,
  key: (m: z.output<typeof Member>) => `m:${m.memberId}`,
};

describe('producer and topics', () => {
  test('ensureTopics is idempotent and creates dead-letter topics', async ({ kafka: fx }) => {
    const kafka = kafkaFor(fx, silentLogger);
    const first = await ensureTopics(kafka, [
      memberTopic,
      { name: 'tx.v1', partitions: 2, cleanupPolicy: 'delete', retentionMs: 3_600_000 },
    ]);
    expect(first.created.sort()).toEqual(
      [
        `${fx.topicPrefix}loyalty.member.v1`,
        `${fx.topicPrefix}loyalty.member.v1.dlq`,
        `${fx.topicPrefix}tx.v1`,
        `${fx.topicPrefix}tx.v1.dlq`,
      ].sort(),
    );
    const second = await ensureTopics(kafka, [memberTopic]);
    expect(second.created).toEqual([]);
    expect(second.existing).toHaveLength(2);
  });

  test('publish validates, keys and JSON-encodes; a consumer reads it back', async ({ kafka: fx }) => {
    const kafka = kafkaFor(fx, recordingLogger());
    await ensureTopics(kafka, [memberTopic]);
    const producer = createProducer(kafka);
    await producer.connect();
    try {
      await producer.publish(memberTopic, [
        { memberId: 'a1', points: 10 },
        { memberId: 'b2', points: 20, tags: ['gold'] },
      ]);
      await expect(producer.publish(memberTopic, [{ memberId: '', points: 1 }])).rejects.toBeInstanceOf(
        InvalidEvent,
      );
    } finally {
      await producer.disconnect();
    }

    const seen: ConsumedMessage[] = [];
    const consumer = await runConsumer(kafka, {
      groupId: fx.groupId,
      topics: [memberTopic.name],
      maxWaitTimeInMs: 100,
      handle: async (m) => (seen.push(m), ok()),
    });
    try {
      await vi.waitFor(() => expect(seen).toHaveLength(2), { timeout: 20_000, interval: 50 });
    } finally {
      await consumer.stop();
    }
    const byKey = Object.fromEntries(seen.map((m) => [m.key, JSON.parse(m.value!.toString())]));
    expect(byKey).toEqual({
      'm:a1': { memberId: 'a1', points: 10, tags: [] },
      'm:b2': { memberId: 'b2', points: 20, tags: ['gold'] },
    });
    expect(seen.every((m) => m.topic === 'loyalty.member.v1')).toBe(true);
  });

  test('sending to a topic that does not exist fails with KafkaTopicMissing', async ({ kafka: fx }) => {
    const producer = createProducer(kafkaFor(fx, silentLogger));
    try {
      await expect(producer.send('nope.v1', [{ key: 'k', value: 'v' }])).rejects.toBeInstanceOf(
        KafkaTopicMissing,
      );
    } finally {
      await producer.disconnect();
    }
  });

  test('ping answers against the broker and fails fast with KafkaUnavailable against nothing', async ({
    kafka: fx,
  }) => {
    await kafkaFor(fx, silentLogger).ping();
    const dead = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'dead', logger: silentLogger });
    const started = Date.now();
    await expect(dead.ping()).rejects.toBeInstanceOf(KafkaUnavailable);
    expect(Date.now() - started).toBeLessThan(2500);
    const producer = createProducer(dead);
    await expect(producer.send('x.v1', [{ key: 'k', value: 'v' }])).rejects.toBeInstanceOf(KafkaUnavailable);
  });
});
