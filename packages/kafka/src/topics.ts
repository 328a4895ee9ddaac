import { deadLetterTopicFor } from '@rapport/contracts';
import type { ITopicConfig } from 'kafkajs';
import type { RapportKafka } from './client.ts';
import { translateKafkaError } from './errors.ts';

/**
 * What this package needs from a topic definition. The contracts registry's `defineTopic(...)` result satisfies it
 * structurally; `name` is the full logical topic name (version included, e.g. `person-record.v1`).
 */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy?: 'delete' | 'compact' | 'compact,delete' | undefined;
  readonly retentionMs?: number | undefined;
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
}

/**
 * Create each topic and its dead-letter topic (the contracts' convention) when absent (idempotent; safe from several processes at once).
 * An existing topic is left as it is; a partition count lower than declared is logged, never changed silently.
 */
export async function ensureTopics(
  kafka: RapportKafka,
  defs: readonly TopicSpec[],
  options: { replicationFactor?: number; withDeadLetters?: boolean } = {},
): Promise<EnsureTopicsResult> {
  const wanted = new Map<string, ITopicConfig>();
  const want = (def: TopicSpec): void => {
    const topic = kafka.topicName(def.name);
    const configEntries: { name: string; value: string }[] = [];
    if (def.cleanupPolicy) configEntries.push({ name: 'cleanup.policy', value: def.cleanupPolicy });
    if (def.retentionMs !== undefined)
      configEntries.push({ name: 'retention.ms', value: String(def.retentionMs) });
    wanted.set(topic, {
      topic,
      numPartitions: def.partitions,
      replicationFactor: options.replicationFactor ?? 1,
      configEntries,
    });
  };
  for (const def of defs) {
    want(def);
    if (options.withDeadLetters !== false) want(deadLetterTopicFor(def));
  }

  const admin = kafka.internal.admin({ retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2000 } });
  try {
    await admin.connect();
    const present = new Set(await admin.listTopics());
    const missing = [...wanted.values()].filter((t) => !present.has(t.topic));
    const existing = [...wanted.keys()].filter((t) => present.has(t));
    if (missing.length > 0) {
      try {
        // kafkajs' waitForLeaders gives up on the UNKNOWN_TOPIC_OR_PARTITION a KRaft broker briefly answers
        // right after creation; waitForLeaders below tolerates it.
        await admin.createTopics({ topics: missing, waitForLeaders: false });
      } catch (error) {
        // Another process may have created some of them between listTopics and createTopics.
        const type = (error as { type?: string }).type;
        const nested = (error as { errors?: { type?: string }[] }).errors ?? [];
        const onlyExists =
          type === 'TOPIC_ALREADY_EXISTS' ||
          (nested.length > 0 && nested.every((e) => e.type === 'TOPIC_ALREADY_EXISTS'));
        if (!onlyExists) throw error;
      }
    }
    if (missing.length > 0)
      await waitForLeaders(
        admin,
        missing.map((t) => t.topic),
      );
    if (existing.length > 0) await warnOnFewerPartitions(kafka, admin, existing, wanted);
    if (missing.length > 0) {
      kafka.logger.info(
        { created: missing.map((t) => t.topic), existing: existing.length },
        'kafka topics created',
      );
    }
    return { created: missing.map((t) => t.topic), existing };
  } catch (error) {
    throw translateKafkaError(error, 'ensureTopics');
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

type Admin = ReturnType<RapportKafka['internal']['admin']>;

/** How many partitions each of `topics` (logical names) has now, by logical name. */
export async function fetchPartitionCounts(
  kafka: RapportKafka,
  topics: readonly string[],
): Promise<Map<string, number>> {
  const admin = kafka.internal.admin({ retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 } });
  try {
    await admin.connect();
    const { topics: metadata } = await admin.fetchTopicMetadata({
      topics: topics.map((t) => kafka.topicName(t)),
    });
    const byName = new Map(metadata.map((t) => [t.name, t.partitions.length]));
    return new Map(topics.map((t) => [t, byName.get(kafka.topicName(t)) ?? 0]));
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const ready =
        metadata.length === topics.length &&
        metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (ready) return;
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`topics have no leaders after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function warnOnFewerPartitions(
  kafka: RapportKafka,
  admin: Admin,
  topics: string[],
  wanted: Map<string, ITopicConfig>,
): Promise<void> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  for (const t of metadata) {
    const declared = wanted.get(t.name)?.numPartitions ?? 0;
    if (t.partitions.length < declared) {
      kafka.logger.warn(
        { topic: t.name, partitions: t.partitions.length, declared },
        'kafka topic has fewer partitions than declared; not changed automatically',
      );
    }
  }
}
