import { deadLetterTopicSettings } from '@rapport/contracts';
import { test } from '@rapport/testing';
import { ConfigResourceTypes } from 'kafkajs';
import { describe, expect, vi } from 'vitest';
import {
  createKafka,
  createProducer,
  ensureTopics,
  KafkaTopicMissing,
  KafkaUnavailable,
  ok,
  runConsumer,
  silentLogger,
  type ConsumedMessage,
} from '../src/index.ts';
import { kafkaFor, recordingLogger } from './support.ts';

const memberTopic = { name: 'loyalty.member.v1', partitions: 3, cleanupPolicy: 'compact' as const };
const txTopic = { name: 'tx.v1', partitions: 2, cleanupPolicy: 'delete' as const, retentionMs: 3_600_000 };

describe('producer and topics', () => {
  test('ensureTopics is idempotent and creates dead-letter topics by the contracts convention', async ({
    kafka: fx,
  }) => {
    const kafka = kafkaFor(fx, silentLogger);
    const first = await ensureTopics(kafka, [memberTopic, txTopic]);
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

    const dlq = `${fx.topicPrefix}loyalty.member.v1.dlq`;
    const admin = kafka.internal.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [dlq] });
      expect(topics[0]?.partitions).toHaveLength(deadLetterTopicSettings.partitions);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: dlq, configNames: ['cleanup.policy', 'retention.ms'] },
        ],
      });
      expect(
        Object.fromEntries(resources[0]!.configEntries.map((e) => [e.configName, e.configValue])),
      ).toEqual({
        'cleanup.policy': 'delete',
        'retention.ms': String(deadLetterTopicSettings.retentionMs),
      });
    } finally {
      await admin.disconnect();
    }
  });

  test('sendTopics writes several topics in one call; keys and headers arrive as sent, one key on one partition', async ({
    kafka: fx,
  }) => {
    const kafka = kafkaFor(fx, recordingLogger());
    await ensureTopics(kafka, [memberTopic, txTopic]);
    const producer = createProducer(kafka);
    await producer.connect();
    const members = ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'];
    try {
      await producer.sendTopics([
        {
          topic: memberTopic.name,
          messages: members.map((id, n) => ({
            key: `m:${id}`,
            value: JSON.stringify({ memberId: id, points: n }),
            headers: { 'event-id': `e-${id}` },
          })),
        },
        {
          topic: txTopic.name,
          messages: [1, 2, 3].map((n) => ({ key: 'm:a1', value: JSON.stringify({ n }) })),
        },
        { topic: 'empty.v1', messages: [] },
      ]);
    } finally {
      await producer.disconnect();
    }

    const seen: ConsumedMessage[] = [];
    const consumer = await runConsumer(kafka, {
      groupId: fx.groupId,
      topics: [memberTopic.name, txTopic.name],
      maxWaitTimeInMs: 100,
      handle: async (m) => (seen.push(m), ok()),
    });
    try {
      await vi.waitFor(() => expect(seen).toHaveLength(members.length + 3), {
        timeout: 20_000,
        interval: 50,
      });
    } finally {
      await consumer.stop();
    }
    const byKey = Object.fromEntries(
      seen
        .filter((m) => m.topic === memberTopic.name)
        .map((m) => [m.key, [JSON.parse(m.value!.toString()), m.headers]]),
    );
    expect(byKey).toEqual(
      Object.fromEntries(
        members.map((id, n) => [`m:${id}`, [{ memberId: id, points: n }, { 'event-id': `e-${id}` }]]),
      ),
    );
    // The key partitioner spreads keys over the partitions; every message of one key lands on one.
    expect(
      new Set(seen.filter((m) => m.topic === memberTopic.name).map((m) => m.partition)).size,
    ).toBeGreaterThan(1);
    const tx = seen.filter((m) => m.topic === txTopic.name);
    expect(new Set(tx.map((m) => m.partition)).size).toBe(1);
    expect(tx.map((m) => JSON.parse(m.value!.toString()))).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
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
