import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { topics, type IdentityChangeEvent } from '@rapport/contracts';
import { migrate, type Pool } from '@rapport/db';
import { createKafka, ensureTopics, silentLogger } from '@rapport/kafka';
import {
  readCommitted,
  startTestService,
  topicReader,
  type KafkaFixture,
  type ServiceFixtures,
  type TestService,
} from '@rapport/testing';
import { expect, vi } from 'vitest';
import { resolutionTopics } from '../../src/consumers/decode-message.ts';
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

/** A digest of the customers (ids, statuses, member counts) and memberships: equal iff they are. */
export async function stateDigest(pool: Pool): Promise<string> {
  const members = await pool.query<{ record_id: string; cluster_id: string }>(
    'select record_id, cluster_id from resolution_placements order by record_id',
  );
  const customers = await pool.query<{ customer_id: string; record_count: number }>(
    `select customer_id, record_count from customers where status = 'active' order by customer_id`,
  );
  const hash = createHash('sha256');
  for (const r of members.rows) hash.update(`${r.record_id}\t${r.cluster_id}\n`);
  hash.update('--\n');
  for (const r of customers.rows) hash.update(`${r.customer_id}\t${r.record_count}\n`);
  return hash.digest('hex');
}

/** Every identity event published, in each customer's order (its partition's offsets). */
export async function identityEvents(
  fx: { kafka: KafkaFixture },
  partitions = 2,
): Promise<IdentityChangeEvent[]> {
  const messages = await readCommitted(fx.kafka, { name: topics.identityCustomer.name, partitions });
  return messages
    .sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset))
    .map((m) => topics.identityCustomer.schema.parse(m.json));
}

/** The events of one customer, in order. */
export const eventsOf = (events: readonly IdentityChangeEvent[], customerId: string) =>
  events.filter((e) => e.customerId === customerId);
