import { buildHttp, defineService, postgresKafkaRedisConfig, type Lifecycle } from '@rapport/service-kit';
import { describe, expect } from 'vitest';
import { ServiceStopFailed, startTestService, test } from '../src/index.ts';

// A service that opens nothing: what it is given and what it registers is what these tests check.
function probeService(createDeps: (lifecycle: Lifecycle) => Promise<unknown> = async () => ({})) {
  return defineService({
    package: { name: '@rapport/harness-probe', version: '9.9.9', description: 'probe' },
    config: postgresKafkaRedisConfig('harness-probe'),
    createDeps: (_config, lifecycle) => createDeps(lifecycle),
    buildApp: async ({ shell }) => buildHttp(shell),
  });
}

describe('startTestService', () => {
  test("configures the service with the test's database, topic prefix, group and Redis prefix", async ({
    kafka,
    redis,
    db,
  }) => {
    const svc = await startTestService(
      probeService(),
      { kafka, redis, db },
      { topics: [{ name: 'probe.v1', partitions: 12 }] },
    );
    try {
      expect(svc.config.postgres.url).toBe(db.url);
      expect(svc.config.kafka).toMatchObject({
        brokers: kafka.brokers,
        topicPrefix: kafka.topicPrefix,
        clientId: kafka.groupId,
      });
      expect(svc.config.redis).toEqual({ url: redis.url, keyPrefix: redis.prefix });
      // Created under the prefix with its dead-letter topic (count fails on a missing topic).
      expect(await svc.topics.count('probe.v1')).toBe(0);
      expect(await svc.topics.count('probe.v1.dlq')).toBe(0);
      const doc = (await svc.app.inject({ url: '/docs/json' })).json();
      expect(doc.info).toMatchObject({ title: 'harness-probe', version: '9.9.9', description: 'probe' });
      expect(svc.url).toBeUndefined();
    } finally {
      await svc.stop();
    }
  });

  test('listens on a free port when asked', async ({ kafka, redis, db }) => {
    const svc = await startTestService(probeService(), { kafka, redis, db }, { listen: true });
    try {
      expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    } finally {
      await svc.stop();
    }
  });

  test('stops in reverse order and reports a closer that failed', async ({ kafka, redis, db }) => {
    const closed: string[] = [];
    const svc = await startTestService(
      probeService(async (lifecycle) => {
        lifecycle.onStop('first', () => void closed.push('first'));
        lifecycle.onStop('broken', () => Promise.reject(new Error('refused')));
      }),
      { kafka, redis, db },
      { env: { LOG_LEVEL: 'silent' } },
    );
    const error = await svc.stop().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceStopFailed);
    expect(error).toMatchObject({ code: 'TEST_SERVICE_STOP_FAILED', failed: ['broken'] });
    expect(closed).toEqual(['first']);
  });

  test('closes what was opened when the start fails', async ({ kafka, redis, db }) => {
    const closed: string[] = [];
    const failing = probeService(async (lifecycle) => {
      lifecycle.onStop('pool', () => void closed.push('pool'));
      throw new Error('migration missing');
    });
    await expect(startTestService(failing, { kafka, redis, db })).rejects.toThrow('migration missing');
    expect(closed).toEqual(['pool']);
  });

  test('fails loudly, naming the variable, when the service needs a fixture it was not given', async ({
    kafka,
    redis,
  }) => {
    await expect(startTestService(probeService(), { kafka, redis })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      problems: ['DATABASE_URL: required'],
    });
  });
});
