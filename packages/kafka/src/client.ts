import { Kafka } from 'kafkajs';
import { KafkaUnavailable } from './errors.ts';
import { kafkajsLogCreator, kafkajsLogLevels, type KafkaLogLevel, type Logger } from './logger.ts';

export interface KafkaOptions {
  brokers: readonly string[] | string;
  clientId: string;
  /** Prepended to every topic name this client touches; tests use it to isolate themselves. */
  topicPrefix?: string;
  logger: Logger;
  /** Threshold for kafkajs' own log lines (default `warn`; its `info` lines are chatty). */
  kafkajsLogLevel?: KafkaLogLevel;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /**
   * kafkajs retry policy for connecting, metadata and consumer restarts. The default gives up connecting
   * after about 3 s (kafkajs' own takes about 10 s), so callers learn of an outage while a request waits.
   */
  retry?: { retries?: number; initialRetryTime?: number; maxRetryTime?: number };
}

/**
 * A connection factory bound to one cluster and one topic prefix. Producers and consumers are made from it;
 * callers name topics logically (`person-record.v1`) and the prefix is applied here, in one place.
 */
export interface RapportKafka {
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly topicPrefix: string;
  readonly logger: Logger;
  /** The physical topic for a logical name. */
  topicName(name: string): string;
  /** The logical name for a physical topic (inverse of `topicName`). */
  logicalName(physical: string): string;
  /** Readiness: contacts the cluster within `timeoutMs`, throws `KafkaUnavailable` otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  /** The kafkajs client. Only this package's files may use it; the type stays internal to keep kafkajs swappable. */
  readonly internal: Kafka;
}

export function parseBrokers(brokers: readonly string[] | string): string[] {
  const list = typeof brokers === 'string' ? brokers.split(',') : [...brokers];
  const cleaned = list.map((b) => b.trim()).filter((b) => b.length > 0);
  if (cleaned.length === 0) throw new Error('createKafka: no brokers given');
  return cleaned;
}

export function createKafka(options: KafkaOptions): RapportKafka {
  const brokers = parseBrokers(options.brokers);
  const prefix = options.topicPrefix ?? '';
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000, ...options.retry },
    logLevel: kafkajsLogLevels[options.kafkajsLogLevel ?? 'warn'],
    logCreator: kafkajsLogCreator(options.logger),
  });

  // A separate client for pings: no retries and short timeouts, so a readiness probe answers in ~timeoutMs.
  const pingClient = new Kafka({
    clientId: `${options.clientId}-ping`,
    brokers,
    connectionTimeout: 1000,
    requestTimeout: 1500,
    retry: { retries: 0 },
    logLevel: kafkajsLogLevels.error,
    logCreator: () => () => {},
  });

  return {
    clientId: options.clientId,
    brokers,
    topicPrefix: prefix,
    logger: options.logger,
    internal: kafka,
    topicName: (name) => prefix + name,
    logicalName: (physical) =>
      prefix && physical.startsWith(prefix) ? physical.slice(prefix.length) : physical,
    ping: (timeoutMs = 1500) => ping(pingClient, timeoutMs),
  };
}

async function ping(client: Kafka, timeoutMs: number): Promise<void> {
  const admin = client.admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await admin.connect();
        await admin.describeCluster();
      })(),
      timeout,
    ]);
  } catch (error) {
    throw new KafkaUnavailable('ping', error);
  } finally {
    clearTimeout(timer);
    // Not awaited past the deadline: a hung connect must not hold the probe.
    void admin.disconnect().catch(() => {});
  }
}
