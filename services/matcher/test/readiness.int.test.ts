import { redisUrl, startPrivateKafka, startPrivatePostgres, uniqueId } from '@rapport/testing';
import type { PrivateKafka, PrivatePostgres } from '@rapport/testing';
import { createLogger, Lifecycle, type HttpApp } from '@rapport/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadServiceConfig, SERVICE } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';

// Readiness must follow the real dependencies: the service runs against a private Postgres and a
// private Kafka broker that this test stops and restarts, so the shared servers stay untouched.
describe('matcher readiness follows Postgres and Kafka', () => {
  let pg: PrivatePostgres;
  let kafka: PrivateKafka;
  let app: HttpApp;
  let lifecycle: Lifecycle;

  const readiness = async () => {
    const res = await app.inject({ url: '/readyz' });
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
    const config = loadServiceConfig({
      DATABASE_URL: pg.url,
      REDIS_URL: await redisUrl(),
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_PREFIX: `t-${uniqueId()}.`,
      API_KEYS: 'test:0123456789abcdef0123:customers:read',
      LOG_LEVEL: 'silent',
    });
    const logger = createLogger({ service: SERVICE.name, version: SERVICE.version, level: 'silent' });
    lifecycle = new Lifecycle({ logger });
    const deps = await createDeps(config, lifecycle, logger);
    app = await buildApp({ config, deps, logger, readiness: lifecycle.readiness });
    lifecycle.onStop('http', () => app.close());
    await app.ready();
  }, 120_000);

  afterAll(async () => {
    await lifecycle?.stop();
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
