import {
  startService,
  type BaseConfig,
  type RunningService,
  type ServiceDefinition,
} from '@rapport/service-kit';
import { InfrastructureTimeout, ServiceStopFailed } from './errors.ts';
import type { DbFixture, KafkaFixture, RedisFixture } from './fixtures.ts';
import { createTestTopics, type TestTopic } from './kafka-admin.ts';
import { topicReader, type TopicReader } from './topic-reader.ts';

// Longer than a consumer group's join after a broker start, on a loaded machine.
const READY_WITHIN_MS = 30_000;

/** API keys every service under test accepts: `x-api-key: TEST_API_KEYS.writer`, and so on. */
export const TEST_API_KEYS = {
  writer: 'test-writer-key-0123456789',
  reader: 'reader-key-0123456789',
  admin: 'admin-key-0123456789',
} as const;

/** The writer's key (scope `ingest:write`). */
export const TEST_API_KEY = TEST_API_KEYS.writer;

const apiKeys = [
  `writer:${TEST_API_KEYS.writer}:ingest:write`,
  `reader:${TEST_API_KEYS.reader}:customers:read`,
  `admin:${TEST_API_KEYS.admin}:customers:read+customers:admin`,
].join(';');

/**
 * Where a service under test runs: the fixtures of the test (`{ kafka, redis, db }`), or the same fields
 * from elsewhere (a private broker's `brokers`). `db` and `redis` only for services that read them.
 */
export interface ServiceFixtures {
  kafka: Pick<KafkaFixture, 'brokers' | 'topicPrefix' | 'groupId'>;
  redis?: Pick<RedisFixture, 'url' | 'prefix'>;
  db?: Pick<DbFixture, 'url'>;
}

export interface TestServiceOptions {
  /** Variables over the ones made from the fixtures: limits, `LOG_LEVEL`, another `DATABASE_URL`. */
  env?: Record<string, string>;
  /** Created under the test's topic prefix, each with its dead-letter topic, before the service starts. */
  topics?: readonly TestTopic[];
  /** Listen on a free port of 127.0.0.1 (see `url`); without it, reach the app through `app.inject`. */
  listen?: boolean;
  /**
   * Wait until readiness is true (default), as an orchestrator sends traffic only then: a consumer
   * joins its group in the background. False for a test of a service that cannot be ready.
   */
  waitUntilReady?: boolean;
}

export interface TestService<C, D> extends RunningService<C, D> {
  /** Reads (and writes) the topics under the test's prefix; closed by `stop`. */
  topics: TopicReader;
  /** Stops the service as SIGTERM would; throws ServiceStopFailed unless every step closed in time. */
  stop(): Promise<void>;
}

/** The environment a service under test reads: the fixtures' endpoints, test API keys, quiet logs. */
export function testServiceEnv(
  fixtures: ServiceFixtures,
  env: Record<string, string> = {},
): Record<string, string> {
  const { kafka, redis, db } = fixtures;
  return {
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_TOPIC_PREFIX: kafka.topicPrefix,
    // The client id names the consumer group: one per test, so offsets never leak between tests.
    KAFKA_CLIENT_ID: kafka.groupId,
    ...(redis ? { REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.prefix } : {}),
    ...(db ? { DATABASE_URL: db.url } : {}),
    API_KEYS: apiKeys,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...env,
  };
}

/**
 * Starts a service as its `server.ts` does (the same `startService`: deps, consumers, app, readiness) on the
 * test's own database, topic prefix, consumer group and Redis prefix. It listens only when asked to.
 *
 *   const svc = await startTestService(matcher, { kafka, redis, db }, { topics: [crmContactTopic] });
 *   try { await svc.app.inject({ url: '/readyz' }) } finally { await svc.stop() }
 */
export async function startTestService<C extends BaseConfig, D>(
  definition: ServiceDefinition<C, D>,
  fixtures: ServiceFixtures,
  options: TestServiceOptions = {},
): Promise<TestService<C, D>> {
  const { kafka } = fixtures;
  await createTestTopics(kafka.brokers, kafka.topicPrefix, options.topics ?? []);
  const config = definition.load(testServiceEnv(fixtures, options.env));
  const running = await startService(definition, config, {
    ...(options.listen ? { listen: { port: 0, host: '127.0.0.1' } } : {}),
  });
  if (options.waitUntilReady !== false) {
    for (const started = Date.now(); !(await running.lifecycle.readiness.evaluate()).ready;) {
      if (Date.now() - started > READY_WITHIN_MS) {
        await running.lifecycle.stop();
        throw new InfrastructureTimeout(`${definition.name} not ready within ${READY_WITHIN_MS / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const topics = topicReader(kafka.brokers, kafka.topicPrefix);
  return {
    ...running,
    topics,
    async stop() {
      await topics.close();
      const outcome = await running.lifecycle.stop();
      if (!outcome.ok) throw new ServiceStopFailed(definition.name, outcome.reason, outcome.failed);
    },
  };
}
