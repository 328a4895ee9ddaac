import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { test as base } from 'vitest';
import { databaseUrl, kafkaBrokers, redisUrl } from './endpoints.ts';
import { deleteTopicsWithPrefix, warmUpKafka } from './kafka-admin.ts';
import { deleteKeys } from './redis-keys.ts';
import { withDatabase } from './database-url.ts';

export interface DbFixture {
  /** Connection string of a database created for this test alone. */
  url: string;
  /** A pool on it, closed after the test. */
  pool: pg.Pool;
  name: string;
}

export interface RedisFixture {
  /** A client on the shared server; use `prefix` for every key (they are deleted after the test). */
  client: Redis;
  prefix: string;
  url: string;
}

export interface KafkaFixture {
  brokers: string[];
  /** Unique per test: pass it as `topicPrefix` to createKafka; topics under it are deleted after the test. */
  topicPrefix: string;
  /** Unique per test, so `fromBeginning` applies and offsets never leak between tests. */
  groupId: string;
}

export interface InfraFixtures {
  db: DbFixture;
  redis: RedisFixture;
  kafka: KafkaFixture;
}

export const uniqueId = (): string => randomBytes(5).toString('hex');

let adminPool: Promise<pg.Pool> | undefined;
const maintenancePool = (): Promise<pg.Pool> => {
  adminPool ??= databaseUrl().then((url) => {
    const pool = new pg.Pool({
      connectionString: url,
      max: 2,
      idleTimeoutMillis: 1000,
      allowExitOnIdle: true,
    });
    pool.on('error', () => {});
    return pool;
  });
  return adminPool;
};

/** Creates `t_<random>` in the server of DATABASE_URL (the role needs CREATEDB). */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const admin = await maintenancePool();
  const name = `t_${uniqueId()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  return {
    name,
    url: withDatabase(await databaseUrl(), name),
    // FORCE (PostgreSQL 13+) ends connections the code under test left open.
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

let warmedUp: Promise<void> | undefined;

export const test = base.extend<InfraFixtures>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures a function needs from its first parameter
  db: async ({}, use) => {
    const database = await createTestDatabase();
    const pool = new pg.Pool({ connectionString: database.url, max: 5 });
    // DROP ... WITH (FORCE) may reach a client pg-pool is still closing; its late FATAL is expected.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    try {
      await use({ url: database.url, pool, name: database.name });
    } finally {
      await pool.end().catch(() => {});
      await database.drop();
    }
  },

  // eslint-disable-next-line no-empty-pattern
  redis: async ({}, use) => {
    const url = await redisUrl();
    const client = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
    await client.connect();
    const prefix = `t:${uniqueId()}:`;
    try {
      await use({ client, prefix, url });
    } finally {
      await deleteKeys(client, prefix).catch(() => {});
      client.disconnect();
    }
  },

  // eslint-disable-next-line no-empty-pattern
  kafka: async ({}, use) => {
    const brokers = await kafkaBrokers();
    // The first group join after a broker start meets "coordinator loading"; pay that once per worker.
    warmedUp ??= warmUpKafka(brokers);
    await warmedUp;
    const id = uniqueId();
    const topicPrefix = `t.${id}.`;
    try {
      await use({ brokers, topicPrefix, groupId: `t-${id}` });
    } finally {
      await deleteTopicsWithPrefix(brokers, topicPrefix).catch(() => {});
    }
  },
});
