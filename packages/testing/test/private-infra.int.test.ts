import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { createTestTopics, startPrivateKafka, startPrivatePostgres } from '../src/index.ts';

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<{ one: number }>('select 1 as one')).rows[0]!.one;
  } finally {
    await client.end();
  }
}

describe('startPrivatePostgres', () => {
  test('stops and starts a cluster of its own; data survives', async () => {
    const pgPrivate = await startPrivatePostgres();
    try {
      expect(await selectOne(pgPrivate.url)).toBe(1);
      const client = new pg.Client(pgPrivate.url);
      await client.connect();
      await client.query('create table kept (v int); insert into kept values (7)');
      await client.end();

      await pgPrivate.stop();
      await expect(selectOne(pgPrivate.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

      await pgPrivate.start();
      const again = new pg.Client(pgPrivate.url);
      await again.connect();
      expect((await again.query('select v from kept')).rows).toEqual([{ v: 7 }]);
      await again.end();
    } finally {
      await pgPrivate.destroy();
    }
  });
});

describe('startPrivateKafka', () => {
  test('stops and starts a broker of its own; topics and messages survive', async () => {
    const broker = await startPrivateKafka();
    const kafka = new Kafka({
      clientId: 'private-kafka-test',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100 },
    });
    try {
      // Not kafkajs' waitForLeaders: it gives up on KRaft's brief "does not host this topic-partition".
      await createTestTopics(broker.brokers, '', [{ name: 'kept.v1', partitions: 1 }]);
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      await producer.send({ topic: 'kept.v1', acks: -1, messages: [{ value: 'x' }] });
      await producer.disconnect();

      await broker.stop();
      const down = kafka.admin();
      await expect(down.connect()).rejects.toThrow();

      await broker.start();
      const up = kafka.admin();
      await up.connect();
      try {
        const offsets = await up.fetchTopicOffsets('kept.v1');
        expect(offsets[0]?.high).toBe('1');
      } finally {
        await up.disconnect();
      }
    } finally {
      await broker.destroy();
    }
  }, 120_000);
});
