// A fleet's namespace made empty on the machine's shared servers: a database, the topics under a prefix and
// the Redis keys under a prefix. CI runs the fuzzed fleet in one, so what the fuzzer stored (odd records,
// their customers, dead letters) reaches neither the next run nor a developer's `./dev.sh up`.
//   node packages/testing/src/fresh-namespace.ts DATABASE TOPIC_PREFIX REDIS_PREFIX
// Drops and re-creates DATABASE (DATABASE_URL's role needs CREATEDB), deletes every topic whose name starts
// with TOPIC_PREFIX and every key under REDIS_PREFIX, then prints the DATABASE_URL of the new database.
import { Redis } from 'ioredis';
import pg from 'pg';
import { withDatabase } from './database-url.ts';
import { deleteTopicsWithPrefix } from './kafka-admin.ts';
import { deleteKeys } from './redis-keys.ts';

const DATABASE = /^[a-z][a-z0-9_]{0,62}$/;
const PREFIX = /^[A-Za-z0-9._:-]+$/;
const USAGE =
  'usage: fresh-namespace.ts DATABASE TOPIC_PREFIX REDIS_PREFIX (a lowercase database name; prefixes of letters, digits, . _ : -)';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`${name} is not set (./dev.sh infra up prints it)`);
  return value;
}

async function freshDatabase(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const [database = '', topicPrefix = '', redisPrefix = ''] = process.argv.slice(2);
  if (!DATABASE.test(database) || !PREFIX.test(topicPrefix) || !PREFIX.test(redisPrefix))
    throw new Error(USAGE);
  const url = required('DATABASE_URL');
  await freshDatabase(url, database);
  await deleteTopicsWithPrefix(required('KAFKA_BROKERS').split(','), topicPrefix);
  const redis = new Redis(required('REDIS_URL'), { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    await deleteKeys(redis, redisPrefix);
  } finally {
    redis.disconnect();
  }
  process.stdout.write(`${withDatabase(url, database)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fresh-namespace: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
