import { createLogger, Lifecycle, type HttpApp, type Logger, type Readiness } from '@rapport/service-kit';
import { ensureTopics, createKafka, silentLogger } from '@rapport/kafka';
import type { TopicDef } from '@rapport/contracts';
import { topicReader, type TopicReader } from '@rapport/testing';

/** What a service module offers the harness: its own config loader, deps and app, unchanged. */
export interface ServiceModule<C extends { service: { logLevel: string } }, D> {
  name: string;
  version: string;
  load: (env: Record<string, string | undefined>) => C;
  createDeps: (config: C, lifecycle: Lifecycle, logger: Logger) => Promise<D>;
  buildApp: (options: { config: C; deps: D; logger: Logger; readiness: Readiness }) => Promise<HttpApp>;
}

export interface IngestAppHarness<C, D> {
  app: HttpApp;
  config: C;
  deps: D;
  lifecycle: Lifecycle;
  /** Reads (and writes) the topics under the test's prefix; closed by stop(). */
  topics: TopicReader;
  stop(): Promise<void>;
}

export const TEST_API_KEY = 'test-writer-key-0123456789';

/**
 * One service instance on a test's own topic prefix and consumer group: each topic (and
 * its dead-letter topic) the service touches is created under the prefix first, then the service starts as server.ts
 * would start it. `env` overrides the defaults (limits, keys).
 */
export async function startIngestApp<C extends { service: { logLevel: string } }, D>(
  module: ServiceModule<C, D>,
  infra: { brokers: string[]; topicPrefix: string; groupId: string; redisUrl: string; redisPrefix: string },
  options: { topics: readonly TopicDef[]; env?: Record<string, string> },
): Promise<IngestAppHarness<C, D>> {
  const admin = createKafka({
    brokers: infra.brokers,
    clientId: 'harness',
    topicPrefix: infra.topicPrefix,
    logger: silentLogger,
  });
  // Two partitions are enough to show keying and keep topic creation fast on a small broker.
  await ensureTopics(
    admin,
    options.topics.map((def) => ({ ...def, partitions: Math.min(def.partitions, 2) })),
  );
  const config = module.load({
    REDIS_URL: infra.redisUrl,
    REDIS_KEY_PREFIX: infra.redisPrefix,
    KAFKA_BROKERS: infra.brokers.join(','),
    KAFKA_TOPIC_PREFIX: infra.topicPrefix,
    KAFKA_CLIENT_ID: infra.groupId,
    API_KEYS: `writer:${TEST_API_KEY}:ingest:write;reader:reader-key-0123456789:customers:read`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...options.env,
  });
  const logger = createLogger({
    service: module.name,
    version: module.version,
    level: config.service.logLevel as 'warn',
  });
  const lifecycle = new Lifecycle({ logger });
  const deps = await module.createDeps(config, lifecycle, logger);
  const app = await module.buildApp({ config, deps, logger, readiness: lifecycle.readiness });
  lifecycle.onStop('http', () => app.close());
  await app.ready();
  const topics = topicReader(infra.brokers, infra.topicPrefix);
  return {
    app,
    config,
    deps,
    lifecycle,
    topics,
    async stop() {
      await topics.close();
      const outcome = await lifecycle.stop();
      if (!outcome.ok) throw new Error(`service did not stop cleanly: ${JSON.stringify(outcome)}`);
    },
  };
}
