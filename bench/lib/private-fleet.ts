import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { deleteTopicsWithPrefix, devFleet, type DevFleet } from '@rapport/testing/fleet';
import { requiredEnv } from './env.ts';

export interface PrivateFleet {
  fleet: DevFleet;
  brokers: string[];
  topicPrefix: string;
  /** The fleet's own database on the running server, and a small pool on it for the bench's checks. */
  databaseUrl: string;
  db: pg.Pool;
  destroy(): Promise<void>;
}

/**
 * `./dev.sh` fleet of this checkout for one benchmark, against the running servers (KAFKA_BROKERS,
 * DATABASE_URL's server, REDIS_URL): its own database, topic prefix, consumer group, Redis prefix and
 * ports, all removed by `destroy()`. Start services with `fleet.sh('up', ...)`.
 */
export async function privateFleet(bench: string): Promise<PrivateFleet> {
  const required = (name: string): string => requiredEnv(`bench:${bench}`, name);
  const brokers = required('KAFKA_BROKERS')
    .split(',')
    .map((b) => b.trim());
  const serverUrl = new URL(required('DATABASE_URL'));
  const id = randomBytes(4).toString('hex');
  const database = `bench_${bench}_${id}`;
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const topicPrefix = `bench.${id}.`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const fleet = await devFleet({
    brokers,
    databaseUrl,
    redisUrl: required('REDIS_URL'),
    topicPrefix,
    groupId: `bench-${bench}-${id}`,
    redisPrefix: `bench:${id}:`,
    env: { LOG_LEVEL: 'warn' },
  });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    fleet,
    brokers,
    topicPrefix,
    databaseUrl,
    db,
    async destroy() {
      await db.end().catch(() => {});
      await fleet.destroy();
      await deleteTopicsWithPrefix(brokers, topicPrefix).catch(() => {});
      await admin.query(`drop database if exists ${database} with (force)`).catch(() => {});
      await admin.end();
    },
  };
}

/** Waits until the matcher of `db` has applied `events` distinct input events. */
export async function matcherApplied(db: pg.Pool, events: number): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ applied: number }>(
      'select count(*)::int as applied from processed_events',
    );
    if (rows[0]!.applied >= events) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
