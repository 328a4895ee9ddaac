import { createPool, type Pool } from '@rapport/db';
import {
  redisUrl,
  startPrivateKafka,
  startPrivatePostgres,
  topicReader,
  uniqueId,
  type KafkaFixture,
  type PrivateKafka,
  type PrivatePostgres,
} from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolutionTopics } from '../src/consumers/decode-message.ts';
import {
  acknowledged,
  generatedEvents,
  prepareMatcher,
  publish,
  startMatcher,
  waitUntilResolved,
  type Matcher,
} from './support/matcher-harness.ts';

// Outages of the matcher's dependencies, on a private Postgres and a private Kafka broker that this test
// stops and starts (the shared servers stay untouched): readiness follows them, consumption pauses without
// acknowledging anything, and resumes by itself.
describe('matcher through Postgres and Kafka outages', () => {
  let pg: PrivatePostgres;
  let broker: PrivateKafka;
  let pool: Pool;
  let kafka: KafkaFixture;
  let svc: Matcher;
  const people = generatedEvents(11, 40);
  // Only people events carry an event id each: a count of processed_events is a count of messages.
  const slices = [people.slice(0, 20), people.slice(20, 40), people.slice(40)];

  const readiness = async () => {
    const res = await svc.app.inject({ url: '/readyz' });
    const checks = res.json().checks as Record<string, { ok: boolean }>;
    return {
      status: res.statusCode,
      failing: Object.keys(checks)
        .filter((k) => !checks[k]?.ok)
        .sort(),
    };
  };
  const eventually = async (expected: { status: number; failing: string[] }, timeout = 30_000) => {
    await vi.waitFor(async () => expect(await readiness()).toEqual(expected), { timeout, interval: 250 });
  };
  const committed = () => acknowledged(kafka);
  // The messages on the consumed topics: the test's producer may write a message twice when the broker
  // restarts under its request, and the matcher must acknowledge the copy too (its event id makes it a no-op).
  const onTopics = async () => {
    const reader = topicReader(kafka.brokers, kafka.topicPrefix);
    try {
      let total = 0;
      for (const topic of resolutionTopics) total += await reader.count(topic.name);
      return total;
    } finally {
      await reader.close();
    }
  };

  beforeAll(async () => {
    [pg, broker] = await Promise.all([startPrivatePostgres(), startPrivateKafka()]);
    const id = uniqueId();
    kafka = { brokers: broker.brokers, topicPrefix: `t.${id}.`, groupId: `t-${id}` };
    pool = createPool(pg.url, { max: 2 });
    await prepareMatcher({ kafka, db: { pool } });
    svc = await startMatcher(
      { kafka, redis: { url: await redisUrl(), prefix: `t:${id}:` }, db: { url: pg.url } },
      { LOG_LEVEL: 'silent' },
    );
    await publish({ kafka }, slices[0]!);
    await waitUntilResolved(pool, slices[0]!.length);
  }, 180_000);

  afterAll(async () => {
    await svc?.stop();
    await pool?.end();
    await Promise.all([pg?.destroy(), broker?.destroy()]);
  });

  it('is ready while everything answers', async () => {
    await eventually({ status: 200, failing: [] });
  });

  it('pauses without acknowledging while Postgres is down, and resolves what waited once it is back', async () => {
    const before = await committed();
    await pg.stop();
    await eventually({ status: 503, failing: ['postgres'] });
    await publish({ kafka }, slices[1]!);
    // Give the consumer time to fetch them and fail to store them: none may be committed.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await committed()).toBe(before);
    await pg.start();
    await eventually({ status: 200, failing: [] });
    await waitUntilResolved(pool, slices[0]!.length + slices[1]!.length);
    await vi.waitFor(async () => expect(await committed()).toBe(before + slices[1]!.length), {
      timeout: 30_000,
    });
  }, 120_000);

  it('turns unready while Kafka is down and resumes consuming by itself when it is back', async () => {
    await broker.stop();
    await eventually({ status: 503, failing: ['kafka'] });
    await broker.start();
    await eventually({ status: 200, failing: [] }, 90_000);
    await publish({ kafka }, slices[2]!);
    await waitUntilResolved(pool, people.length, 90_000);
    const messages = await onTopics();
    expect(messages).toBeGreaterThanOrEqual(people.length);
    await vi.waitFor(async () => expect(await committed()).toBe(messages), { timeout: 30_000 });
  }, 180_000);
});
