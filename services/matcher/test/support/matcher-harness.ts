import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { topics, type IdentityChangeEvent } from '@rapport/contracts';
import { canonicalEvent, generatePeople } from '@rapport/datagen';
import { createPool, migrate, type Pool } from '@rapport/db';
import { createEngine, loadModel, MemoryResolutionStore, resolveChanges } from '@rapport/matching';
import { createKafka, ensureTopics, fetchGroupOffsets, silentLogger } from '@rapport/kafka';
import {
  createTestDatabase,
  readCommitted,
  startTestService,
  topicReader,
  type KafkaFixture,
  type ServiceFixtures,
  type TestService,
  uniqueId,
} from '@rapport/testing';
import { expect, vi } from 'vitest';
import { decodeMessage, resolutionTopics } from '../../src/consumers/decode-message.ts';
import { shippedModel } from '../../src/deps.ts';
import { matcher } from '../../src/server.ts';
import type { Config } from '../../src/config.ts';
import type { Deps } from '../../src/deps.ts';

export const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/** An event as the ingest services publish it; `event: null` is a tombstone. */
export type Published = { topic: string; key: string; event: object | null };

export type Matcher = TestService<Config, Deps>;

/** The matcher's migrations, and its topics with `partitions` partitions each (and their dead letters). */
export async function prepareMatcher(
  fx: { kafka: KafkaFixture; db: { pool: Pool } },
  partitions = 2,
): Promise<void> {
  await migrate(fx.db.pool, { dir: MIGRATIONS, owner: 'matcher' });
  const kafka = createKafka({
    brokers: fx.kafka.brokers,
    clientId: 'matcher-test-setup',
    topicPrefix: fx.kafka.topicPrefix,
    logger: silentLogger,
  });
  await ensureTopics(
    kafka,
    [...resolutionTopics, topics.identityCustomer].map((t) => ({ ...t, partitions })),
  );
}

export function startMatcher(fx: ServiceFixtures, env: Record<string, string> = {}): Promise<Matcher> {
  return startTestService(matcher, fx, { env: { LOG_LEVEL: 'error', ...env } });
}

/** A prepared matcher (migrations, topics) for the length of `run`, stopped after it whatever happens. */
export async function withMatcher<T>(
  fx: ServiceFixtures & { kafka: KafkaFixture; db: { pool: Pool } },
  run: (svc: Matcher) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  await prepareMatcher(fx);
  const svc = await startMatcher(fx, env);
  try {
    return await run(svc);
  } finally {
    await svc.stop();
  }
}

/** Writes events to their topics as the ingest services would (keyed, JSON), in the order given. */
export async function publish(fx: { kafka: KafkaFixture }, events: readonly Published[]): Promise<void> {
  const writer = topicReader(fx.kafka.brokers, fx.kafka.topicPrefix);
  try {
    const byTopic = new Map<string, { key: string; value: string | null }[]>();
    for (const e of events) {
      const list = byTopic.get(e.topic) ?? [];
      list.push({ key: e.key, value: e.event === null ? null : JSON.stringify(e.event) });
      byTopic.set(e.topic, list);
    }
    // One topic at a time, in slices, so a key's messages keep their order.
    for (const [topic, messages] of byTopic)
      for (let i = 0; i < messages.length; i += 1000)
        await writer.produce(topic, messages.slice(i, i + 1000));
  } finally {
    await writer.close();
  }
}

/** Waits until `events` input events were applied and every identity event was published. */
export async function waitUntilResolved(pool: Pool, events: number, timeout = 60_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const { rows } = await pool.query<{ applied: number; unpublished: number }>(
        `select (select count(*)::int from processed_events) as applied,
                (select count(*)::int from matcher_outbox) as unpublished`,
      );
      expect(rows[0]).toEqual({ applied: events, unpublished: 0 });
    },
    { timeout, interval: 200 },
  );
}

/** Every customer's members, by customer id (active customers only). */
export async function customersOf(pool: Pool): Promise<Map<string, string[]>> {
  const { rows } = await pool.query<{ cluster_id: string; members: string[] }>(
    `select cluster_id, array_agg(record_id order by record_id) as members
       from resolution_placements group by cluster_id order by cluster_id`,
  );
  return new Map(rows.map((r) => [r.cluster_id, r.members]));
}

/** A digest of the customers (ids, member counts, candidates) and memberships: equal iff they are. */
export async function stateDigest(pool: Pool): Promise<string> {
  const members = await pool.query<{ record_id: string; cluster_id: string }>(
    'select record_id, cluster_id from resolution_placements order by record_id',
  );
  const customers = await pool.query<{
    customer_id: string;
    record_count: number;
    candidates: string | null;
  }>(
    `select customer_id, record_count, candidates::text from customers where status = 'active' order by customer_id`,
  );
  const hash = createHash('sha256');
  for (const r of members.rows) hash.update(`${r.record_id}\t${r.cluster_id}\n`);
  hash.update('--\n');
  // The candidates of customers with social accounts alone are state too: they follow the stored pairs.
  for (const r of customers.rows) hash.update(`${r.customer_id}\t${r.record_count}\t${r.candidates}\n`);
  return hash.digest('hex');
}

/** Every identity event published, in each customer's order (its partition's offsets). */
export async function identityEvents(
  fx: { kafka: KafkaFixture },
  partitions = 2,
): Promise<IdentityChangeEvent[]> {
  const messages = await readCommitted(fx.kafka, { name: topics.identityCustomer.name, partitions });
  return messages
    .filter((m) => m.value !== null) // an earlier read's sentinels (the matcher never sends a tombstone)
    .sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset))
    .map((m) => topics.identityCustomer.schema.parse(m.json));
}

/** The events of one customer, in order. */
export const eventsOf = (events: readonly IdentityChangeEvent[], customerId: string) =>
  events.filter((e) => e.customerId === customerId);

/** Generated people as canonical events, one per record id (a record's later event would replace it). */
export function generatedEvents(seed: number, people: number): Published[] {
  const byKey = new Map<string, Published>();
  for (const g of generatePeople({ seed, people })) {
    const e = canonicalEvent(g.record);
    if (e !== undefined && !byKey.has(`${e.topic}/${e.key}`)) byKey.set(`${e.topic}/${e.key}`, e);
  }
  return [...byKey.values()];
}

export type RunOptions = {
  /** Messages per transaction: MATCHER_BATCH_MESSAGES and, at 1, one partition at a time. */
  batch?: number;
  instances?: number;
  partitions?: number;
  /** Reuse these topics (a rebuild from them); otherwise fresh topics get `events`. */
  topicPrefix?: string;
};

/**
 * A fresh database and consumer group resolving `events` from fresh topics (or from `topicPrefix`'s),
 * with `instances` matchers in the group: the digest of the customers once every event was applied.
 */
export async function resolveFresh(
  fx: { kafka: KafkaFixture; redis: ServiceFixtures['redis'] },
  events: readonly Published[],
  options: RunOptions = {},
): Promise<{
  digest: string;
  customers: Map<string, string[]>;
  withCandidates: number;
  topicPrefix: string;
}> {
  const id = uniqueId();
  // Under the test's prefix, so its topics are deleted with the test's.
  const kafka = {
    ...fx.kafka,
    topicPrefix: options.topicPrefix ?? `${fx.kafka.topicPrefix}${id}.`,
    groupId: `${fx.kafka.groupId}-${id}`,
  };
  const database = await createTestDatabase();
  const pool = createPool(database.url, { max: 2 });
  const batch = options.batch ?? 500;
  const env = {
    MATCHER_BATCH_MESSAGES: String(batch),
    ...(batch === 1 && { MATCHER_PARTITIONS_CONCURRENTLY: '1' }),
  };
  const running: Matcher[] = [];
  try {
    if (options.topicPrefix === undefined) await prepareMatcher({ kafka, db: { pool } }, options.partitions);
    else await migrate(pool, { dir: MIGRATIONS, owner: 'matcher' });
    // Every instance is in the group (each with its partitions) before the first event arrives.
    for (let i = 0; i < (options.instances ?? 1); i++)
      running.push(await startMatcher({ kafka, db: { url: database.url }, redis: fx.redis }, env));
    if (options.topicPrefix === undefined) await publish({ kafka }, events);
    await waitUntilResolved(pool, events.length, 120_000);
    return {
      digest: await stateDigest(pool),
      customers: await customersOf(pool),
      withCandidates: (
        await pool.query<{ n: number }>(
          `select count(*)::int as n from customers where jsonb_array_length(candidates) > 0`,
        )
      ).rows[0]!.n,
      topicPrefix: kafka.topicPrefix,
    };
  } finally {
    for (const m of running) await m.stop();
    await pool.end();
    // A backend of another role on the database (seen: a neighbour's maintenance) makes DROP ... FORCE
    // refuse for a moment; a database left behind harms no result.
    for (let attempt = 0; attempt < 5; attempt++)
      if (
        await database.drop().then(
          () => true,
          () => false,
        )
      )
        break;
      else await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A group's committed offsets, summed over the matcher's input topics: how many messages it acknowledged. */
export async function acknowledged(kafka: KafkaFixture, groupId = kafka.groupId): Promise<number> {
  const client = createKafka({
    brokers: kafka.brokers,
    clientId: 'matcher-test-offsets',
    topicPrefix: kafka.topicPrefix,
    logger: silentLogger,
  });
  const offsets = await fetchGroupOffsets(
    client,
    groupId,
    resolutionTopics.map((t) => t.name),
  );
  return offsets.reduce((sum, o) => sum + Math.max(0, Number(o.offset)), 0);
}

/** The customers the engine gives for the same records in one batch in memory (`rapport resolve`'s path). */
export async function engineCustomers(
  events: readonly Published[],
  modelJson = shippedModel().json,
): Promise<Map<string, string[]>> {
  const engine = createEngine({ model: loadModel(modelJson) });
  const store = new MemoryResolutionStore();
  const changes = events.flatMap((e, i) => {
    const decoded = decodeMessage({
      topic: e.topic,
      partition: 0,
      offset: String(i),
      key: e.key,
      value: Buffer.from(JSON.stringify(e.event)),
      headers: {},
      timestamp: '0',
    });
    if (decoded.kind !== 'changes') throw new Error(`generated event ${i} does not decode`);
    return decoded.changes.map((c) => c.change as Parameters<typeof resolveChanges>[2][number]);
  });
  await resolveChanges(engine, store, changes);
  const out = new Map<string, string[]>();
  for (const [record, cluster] of [...store.snapshot().assignments].sort(([a], [b]) => (a < b ? -1 : 1)))
    out.set(cluster, [...(out.get(cluster) ?? []), record]);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}
