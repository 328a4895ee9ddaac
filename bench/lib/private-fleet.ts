import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { deleteTopicsWithPrefix, devFleet, repoRoot, type DevFleet } from '@rapport/testing/fleet';
import { requiredEnv } from './env.ts';

/**
 * The matcher's settings for loading a population, as an operator would set them for a bulk load: the
 * incremental engine compares a new record with every member of its blocks under the cap, so 100,000
 * records in batches of 500 cost about 80 times the comparisons of batches of 10,000 (10,000 people in
 * memory: 2.07M pairs in 77 s against 25,600 in 7.5 s). Loaded with the matcher stopped, a backlog
 * is consumed in batches this size (coalesced over partitions), and a model switch re-resolves as much.
 */
export const MATCHER_BULK_LOAD = { MATCHER_BATCH_MESSAGES: '10000', MATCHER_REBUILD_BATCH: '10000' };

export interface PrivateFleet {
  fleet: DevFleet;
  brokers: string[];
  topicPrefix: string;
  /** REDIS_KEY_PREFIX of the fleet's services. */
  redisPrefix: string;
  /** KAFKA_CLIENT_ID of the fleet's services: a second service with a consumer needs a group of its own. */
  groupId: string;
  /** The fleet's own database on the running server, and a small pool on it for the bench's checks. */
  databaseUrl: string;
  db: pg.Pool;
  /** `rapport setup` for the fleet (topics and migrations), for records published before it starts. */
  setup(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * `./dev.sh` fleet of this checkout for one benchmark, against the running servers (KAFKA_BROKERS,
 * DATABASE_URL's server, REDIS_URL): its own database, topic prefix, consumer group, Redis prefix and
 * ports, all removed by `destroy()`. Start services with `fleet.sh('up', ...)`; `env` adds to their
 * variables (a bench's bulk-load settings).
 */
export async function privateFleet(bench: string, env: Record<string, string> = {}): Promise<PrivateFleet> {
  const required = (name: string): string => requiredEnv(`bench:${bench}`, name);
  const brokers = required('KAFKA_BROKERS')
    .split(',')
    .map((b) => b.trim());
  const serverUrl = new URL(required('DATABASE_URL'));
  const id = randomBytes(4).toString('hex');
  const database = `bench_${bench}_${id}`;
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const topicPrefix = `bench.${id}.`;
  const groupId = `bench-${bench}-${id}`;
  const redisPrefix = `bench:${id}:`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const fleet = await devFleet({
    brokers,
    databaseUrl,
    redisUrl: required('REDIS_URL'),
    topicPrefix,
    groupId,
    redisPrefix,
    env: { LOG_LEVEL: 'warn', ...env },
  });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    fleet,
    brokers,
    topicPrefix,
    groupId,
    redisPrefix,
    databaseUrl,
    db,
    async setup() {
      await promisify(execFile)(process.execPath, [join(repoRoot(), 'packages/cli/src/main.ts'), 'setup'], {
        env: { ...process.env, ...fleet.env },
      });
    },
    async destroy() {
      await db.end().catch(() => {});
      await fleet.destroy();
      await deleteTopicsWithPrefix(brokers, topicPrefix).catch(() => {});
      await admin.query(`drop database if exists ${database} with (force)`).catch(() => {});
      await admin.end();
    },
  };
}

/**
 * Waits until the matcher of `db` has applied `events` distinct input events and its outbox relay has
 * published every identity event they caused (100,000 of them keep the matcher and Postgres busy for a
 * while after the last resolution: nothing is measured before).
 */
export async function matcherApplied(db: pg.Pool, events: number): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ applied: number; unpublished: number }>(
      `select (select count(*)::int from processed_events) as applied,
              (select count(*)::int from matcher_outbox) as unpublished`,
    );
    if (rows[0]!.applied >= events && rows[0]!.unpublished === 0) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
