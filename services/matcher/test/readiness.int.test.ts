import {
  redisUrl,
  startPrivateKafka,
  startPrivatePostgres,
  startTestService,
  uniqueId,
  type PrivateKafka,
  type PrivatePostgres,
  type TestService,
} from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matcher } from '../src/server.ts';

// Readiness must follow the real dependencies: the service runs against a private Postgres and a
// private Kafka broker that this test stops and restarts, so the shared servers stay untouched.
describe('matcher readiness follows Postgres and Kafka', () => {
  let pg: PrivatePostgres;
  let kafka: PrivateKafka;
  let svc: TestService<unknown, unknown>;

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

  const eventually = async (expected: { status: number; failing: string[] }, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    let last = await readiness();
    while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      last = await readiness();
    }
    expect(last).toEqual(expected);
  };

  beforeAll(async () => {
    [pg, kafka] = await Promise.all([startPrivatePostgres(), startPrivateKafka()]);
    const id = uniqueId();
    svc = await startTestService(
      matcher,
      {
        kafka: { brokers: kafka.brokers, topicPrefix: `t.${id}.`, groupId: `t-${id}` },
        redis: { url: await redisUrl(), prefix: `t:${id}:` },
        db: { url: pg.url },
      },
      { env: { LOG_LEVEL: 'silent' } },
    );
  }, 120_000);

  afterAll(async () => {
    await svc?.stop();
    await Promise.all([pg?.destroy(), kafka?.destroy()]);
  });

  it('is ready while everything answers', async () => {
    await eventually({ status: 200, failing: [] });
  });

  it('turns unready when Postgres stops and ready again when it is back', async () => {
    await pg.stop();
    await eventually({ status: 503, failing: ['postgres'] });
    await pg.start();
    await eventually({ status: 200, failing: [] });
  });

  it('turns unready when Kafka stops and ready again when it is back', async () => {
    await kafka.stop();
    await eventually({ status: 503, failing: ['kafka'] });
    await kafka.start();
    await eventually({ status: 200, failing: [] }, 60_000);
  });
});
