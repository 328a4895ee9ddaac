import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { describe, expect } from 'vitest';
import { endpoint, MissingInfrastructure, test } from '../src/index.ts';

// Tests in this file run one after another; each records what it saw for the next to check.
const seen: { databases: string[]; redisPrefixes: string[]; topicPrefixes: string[]; groups: string[] } = {
  databases: [],
  redisPrefixes: [],
  topicPrefixes: [],
  groups: [],
};

describe('db fixture', () => {
  test('gives a fresh database', async ({ db }) => {
    seen.databases.push(db.name);
    await db.pool.query('create table marker (v text)');
    await db.pool.query("insert into marker values ('first')");
    const { rows } = await db.pool.query('select current_database() as name');
    expect(rows[0].name).toBe(db.name);
  });

  test('a second test sees a different, empty database; the first one is gone', async ({ db }) => {
    expect(db.name).not.toBe(seen.databases[0]);
    const { rows } = await db.pool.query("select to_regclass('marker') as t");
    expect(rows[0].t).toBeNull();
    const gone = await db.pool.query('select 1 from pg_database where datname = $1', [seen.databases[0]]);
    expect(gone.rowCount).toBe(0);
    // The url reaches the same database as the pool.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      expect((await client.query('select current_database() as name')).rows[0].name).toBe(db.name);
    } finally {
      await client.end();
    }
  });
});

describe('redis fixture', () => {
  test('gives a unique prefix', async ({ redis }) => {
    seen.redisPrefixes.push(redis.prefix);
    await redis.client.set(`${redis.prefix}a`, '1');
    expect(await redis.client.get(`${redis.prefix}a`)).toBe('1');
  });

  test('keys of the previous test were deleted', async ({ redis }) => {
    expect(redis.prefix).not.toBe(seen.redisPrefixes[0]);
    expect(await redis.client.exists(`${seen.redisPrefixes[0]}a`)).toBe(0);
  });
});

describe('kafka fixture', () => {
  test('gives a unique topic prefix and group', async ({ kafka }) => {
    seen.topicPrefixes.push(kafka.topicPrefix);
    seen.groups.push(kafka.groupId);
    const admin = new Kafka({
      brokers: kafka.brokers,
      clientId: 'fixture-test',
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [{ topic: `${kafka.topicPrefix}x.v1`, numPartitions: 1 }],
        waitForLeaders: false,
      });
    } finally {
      await admin.disconnect();
    }
  });

  test('the previous test’s topics were deleted', async ({ kafka }) => {
    expect(kafka.topicPrefix).not.toBe(seen.topicPrefixes[0]);
    expect(kafka.groupId).not.toBe(seen.groups[0]);
    const admin = new Kafka({
      brokers: kafka.brokers,
      clientId: 'fixture-test',
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      // Deletion is asynchronous in the broker: the metadata may list a deleted topic for a moment.
      const left = async () => (await admin.listTopics()).filter((t) => t.startsWith(seen.topicPrefixes[0]!));
      await expect.poll(left, { timeout: 15_000, interval: 250 }).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});

describe('endpoint discovery', () => {
  test('without the variable and without Docker it fails loudly, naming both', async () => {
    const error = await endpoint('DATABASE_URL', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingInfrastructure);
    expect((error as Error).message).toContain('DATABASE_URL');
    expect((error as Error).message).toContain('./dev.sh infra up');
  });
});
