import { migrate, withTransaction, type Pool } from '@rapport/db';
import { createKafka, ensureTopics, silentLogger, type Logger, type RapportKafka } from '@rapport/kafka';
import { readCommitted, type KafkaFixture } from '@rapport/testing';
import { expect, vi } from 'vitest';
import { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from '../src/index.ts';
import type { ordersTopic } from './test-outbox.ts';
import { outbox, testMigrations, testTopics, TestEvent } from './test-outbox.ts';

export * from './test-outbox.ts';

export async function prepare(
  pool: Pool,
  fx: KafkaFixture,
  logger: Logger = silentLogger,
): Promise<RapportKafka> {
  await migrate(pool, { dir: testMigrations, owner: 'outbox-test' });
  const kafka = createKafka({
    brokers: fx.brokers,
    clientId: 'outbox-test',
    topicPrefix: fx.topicPrefix,
    logger,
  });
  await ensureTopics(kafka, testTopics, { withDeadLetters: false });
  return kafka;
}

/** The test outbox's relay on the test topics, quiet; `options` override the defaults. */
export const startTestRelay = (
  pool: Pool,
  kafka: RapportKafka,
  options: Partial<OutboxRelayOptions> = {},
): OutboxRelay =>
  startOutboxRelay({ outbox, pool, kafka, topics: testTopics, logger: silentLogger, ...options });

/** Commits `events` on `topic` through the outbox in one transaction. */
export const enqueueCommitted = (
  pool: Pool,
  topic: typeof ordersTopic,
  events: TestEvent[],
): Promise<number> => withTransaction(pool, (client) => outbox.enqueue(client, topic, events));

export async function waitUntilDrained(relay: Pick<OutboxRelay, 'lag'>, timeout = 30_000): Promise<void> {
  await vi.waitFor(async () => expect((await relay.lag()).rows).toBe(0), { timeout, interval: 100 });
}

export interface Published {
  partition: number;
  offset: string;
  key: string;
  event: TestEvent;
  headers: Record<string, string>;
}

/** Every committed message of a topic, as test events (see readCommitted). */
export async function readTopic(
  fx: KafkaFixture,
  topic: { name: string; partitions: number },
  brokers: string[] = fx.brokers,
): Promise<Published[]> {
  const messages = await readCommitted({ brokers, topicPrefix: fx.topicPrefix }, topic);
  return messages.map((m) => ({
    partition: m.partition,
    offset: m.offset,
    key: m.key!,
    event: TestEvent.parse(m.json),
    headers: m.headers,
  }));
}

/** The checks every delivery test makes: each expected event exactly once, each key on one partition in order. */
export function expectExactlyOnceInOrder(published: Published[], expected: TestEvent[]): void {
  const counts = new Map<string, number>();
  for (const p of published) counts.set(p.event.eventId, (counts.get(p.event.eventId) ?? 0) + 1);
  const duplicated = [...counts].filter(([, n]) => n > 1).length;
  const missing = expected.filter((e) => !counts.has(e.eventId)).length;
  const expectedIds = new Set(expected.map((e) => e.eventId));
  const unexpected = published.filter((p) => !expectedIds.has(p.event.eventId)).length;
  expect({ duplicated, missing, unexpected }).toEqual({ duplicated: 0, missing: 0, unexpected: 0 });

  const byKey = new Map<string, Published[]>();
  for (const p of [...published].sort((a, b) => Number(a.offset) - Number(b.offset))) {
    const list = byKey.get(p.key) ?? [];
    list.push(p);
    byKey.set(p.key, list);
  }
  for (const [key, list] of byKey) {
    expect(new Set(list.map((p) => p.partition)).size, key).toBe(1);
    const seqs = list.map((p) => p.event.seq);
    expect(seqs, key).toEqual([...seqs].sort((a, b) => a - b));
  }
}
