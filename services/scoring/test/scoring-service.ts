import { fileURLToPath } from 'node:url';
import { customerPriorityTopic, mentionPriorityTopic, type EventTopicDef } from '@rapport/contracts';
import { migrate } from '@rapport/db';
import {
  startTestService,
  TEST_API_KEYS,
  type DbFixture,
  type KafkaFixture,
  type RedisFixture,
} from '@rapport/testing';
import { Kafka, logLevel } from 'kafkajs';
import { vi } from 'vitest';
import type { z } from 'zod';
import { scoring } from '../src/server.ts';
import { consumedTopics } from '../src/use-cases/decode-event.ts';
import { BRAND_HANDLE } from './events.ts';
import { collectOutputs } from './output-collector.ts';

export const migrations = fileURLToPath(new URL('../migrations', import.meta.url));

export const CARE_KEY = 'care-desk-key-0123456789';
export const keys = { reader: TEST_API_KEYS.reader, admin: TEST_API_KEYS.admin, care: CARE_KEY } as const;
const apiKeys = [
  `reader:${TEST_API_KEYS.reader}:customers:read`,
  `admin:${TEST_API_KEYS.admin}:customers:read+customers:admin`,
  `care:${CARE_KEY}:customers:read+care:write`,
].join(';');

const outputTopics = [customerPriorityTopic, mentionPriorityTopic];

/**
 * The scoring service as its server.ts runs it, on the test's own database (migrated), topics and group,
 * with a collector of what it publishes. `env` overrides variables (a second instance's group, batch size).
 */
export async function startScoring(
  fx: { kafka: KafkaFixture; redis: RedisFixture; db: Pick<DbFixture, 'url' | 'pool'> },
  env: Record<string, string> = {},
) {
  await migrate(fx.db.pool, { dir: migrations, owner: 'scoring' });
  const svc = await startTestService(scoring, fx, {
    topics: [...consumedTopics, ...outputTopics],
    env: { SCORING_BRANDS: `acme:${BRAND_HANDLE}`, API_KEYS: apiKeys, ...env },
  });
  const outputs = await collectOutputs(fx.kafka);
  const kafka = new Kafka({
    clientId: 'scoring-test',
    brokers: fx.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();

  /** Writes events as their producers do: JSON, keyed by the registry. */
  async function produce<S extends z.ZodType>(topic: EventTopicDef<S>, events: readonly z.output<S>[]) {
    await svc.topics.produce(
      topic.name,
      events.map((e) => ({ key: topic.key(e), value: JSON.stringify(e) })),
    );
  }

  /** Waits until the group `groupId` has committed every message written so far to `topics` (scoring's inputs). */
  async function consumed(
    groupId = svc.config.kafka.clientId,
    timeoutMs = 60_000,
    topics: readonly { name: string }[] = consumedTopics,
  ): Promise<void> {
    const names = topics.map((t) => fx.kafka.topicPrefix + t.name);
    await vi.waitFor(
      async () => {
        const committed = await admin.fetchOffsets({ groupId, topics: names });
        for (const name of names) {
          const ends = await admin.fetchTopicOffsets(name);
          const mine = committed.find((c) => c.topic === name)?.partitions ?? [];
          for (const end of ends) {
            const at = mine.find((p) => p.partition === end.partition)?.offset ?? '-1';
            const done = Number(end.high) === 0 || Number(at) >= Number(end.high);
            if (!done) throw new Error(`${name}[${end.partition}] at ${at} of ${end.high}`);
          }
        }
      },
      { timeout: timeoutMs, interval: 200 },
    );
  }

  /** Everything consumed (of `topics`), published and collected. */
  async function settled(
    groupId?: string,
    topics: readonly { name: string }[] = consumedTopics,
  ): Promise<void> {
    await consumed(groupId, 60_000, topics);
    await vi.waitFor(
      async () => {
        if ((await svc.deps.relay.lag()).rows > 0) throw new Error('outbox not drained');
      },
      { timeout: 30_000, interval: 100 },
    );
    await outputs.caughtUp();
  }

  /** Waits until the group `groupId` is stable with `count` members (each has its partitions). */
  async function members(count: number, groupId = svc.config.kafka.clientId): Promise<void> {
    await vi.waitFor(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        const group = groups[0];
        if (group?.state !== 'Stable' || group.members.length !== count)
          throw new Error(`group ${group?.state} with ${group?.members.length} members`);
      },
      { timeout: 60_000, interval: 200 },
    );
  }

  const get = (url: string, key: string = keys.reader) =>
    svc.app.inject({ url, headers: { 'x-api-key': key } });

  return {
    svc,
    outputs,
    produce,
    consumed,
    settled,
    members,
    get,
    async stop() {
      await outputs.close();
      await admin.disconnect().catch(() => {});
      await svc.stop();
    },
  };
}
export type Scoring = Awaited<ReturnType<typeof startScoring>>;

/** Runs `work` with scoring started on the test's fixtures, and stops it whatever happens. */
export async function withScoring(
  fx: Parameters<typeof startScoring>[0],
  work: (s: Scoring) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const s = await startScoring(fx, env);
  try {
    await work(s);
  } finally {
    await s.stop();
  }
}
