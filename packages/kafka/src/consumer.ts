import type { Consumer as KafkaJsConsumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { RapportKafka } from './client.ts';
import { buildDeadLetter, headersAsText, type FailedMessage } from './dead-letter.ts';
import { translateKafkaError } from './errors.ts';
import type { Logger } from './logger.ts';
import { consumerMetrics } from './metrics.ts';
import type { Outcome } from './outcome.ts';
import { createProducer, type Producer } from './producer.ts';
import { deadLetterTopicOf } from './topics.ts';

export interface ConsumedMessage {
  /** Logical topic name (without the client's topic prefix). */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** Broker timestamp, milliseconds since the epoch, as kafkajs gives it (a string). */
  readonly timestamp: string;
}

export interface ConsumerOptions {
  /** Named after the owning service. */
  groupId: string;
  /** Logical topic names. */
  topics: readonly string[];
  handle: (message: ConsumedMessage) => Promise<Outcome>;
  /** Where dead letters of a topic go (logical name); default `<topic>.dlq`, created by `ensureTopics`. */
  deadLetterTopic?: (topic: string) => string;
  /** Retries after the first attempt before a `retry` outcome becomes a dead letter (default 3). */
  maxRetries?: number;
  /** Exponential backoff between attempts: initial (default 200 ms) doubling up to max (default 5 s). */
  retryBackoffMs?: { initial?: number; max?: number };
  /** For a group with no committed offsets: start at the earliest record (default true, so nothing is skipped). */
  fromBeginning?: boolean;
  logger?: Logger;
  /** prom-client registry for the outcome counters (default: prom-client's global registry). */
  metrics?: Registry;
  /** How long a fetch waits for data; small keeps stop() and rebalances fast (default 250 ms). */
  maxWaitTimeInMs?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Partitions handled in parallel; order within a partition holds regardless (default 1). */
  partitionsConsumedConcurrently?: number;
  /** Producer for dead letters; one is created (and closed on stop) when not given. */
  deadLetterProducer?: Producer;
}

export interface RunningConsumer {
  /** Let the in-flight message finish, commit what finished, leave the group, disconnect. */
  stop(): Promise<void>;
  /** Epoch ms of the last sign of life of the consume loop (a fetch, a message); readiness compares it to now. */
  lastActivityAt(): number;
}

type Attempt = 'done' | 'abandoned';

const nextOffset = (offset: string): string => (BigInt(offset) + 1n).toString();

export async function runConsumer(kafka: RapportKafka, options: ConsumerOptions): Promise<RunningConsumer> {
  const log = options.logger ?? kafka.logger;
  const group = options.groupId;
  const maxRetries = options.maxRetries ?? 3;
  const initialBackoff = options.retryBackoffMs?.initial ?? 200;
  const maxBackoff = options.retryBackoffMs?.max ?? 5000;
  const dlqTopicOf = options.deadLetterTopic ?? deadLetterTopicOf;
  const metrics = consumerMetrics(options.metrics);
  const ownsProducer = options.deadLetterProducer === undefined;
  const dlqProducer =
    options.deadLetterProducer ?? createProducer(kafka, { retry: { retries: 8, maxRetryTime: 5000 } });

  let lastActivity = Date.now();
  let stopping = false;
  const wakeUps = new Set<() => void>();
  const touch = (): void => {
    lastActivity = Date.now();
  };

  const consumer: KafkaJsConsumer = kafka.internal.consumer({
    groupId: group,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 250,
    ...(options.sessionTimeoutMs !== undefined ? { sessionTimeout: options.sessionTimeoutMs } : {}),
    ...(options.heartbeatIntervalMs !== undefined ? { heartbeatInterval: options.heartbeatIntervalMs } : {}),
    allowAutoTopicCreation: false,
  });

  const events = consumer.events;
  consumer.on(events.FETCH_START, touch);
  consumer.on(events.GROUP_JOIN, (e) => {
    touch();
    const assigned = Object.fromEntries(
      Object.entries(e.payload.memberAssignment).map(([t, ps]) => [kafka.logicalName(t), ps.length]),
    );
    log.info({ group, assigned, leader: e.payload.isLeader }, 'kafka consumer joined group');
  });
  consumer.on(events.REBALANCING, () => log.info({ group }, 'kafka consumer rebalancing'));
  consumer.on(events.CRASH, (e) => {
    // kafkajs restarts by itself after retriable crashes. After a non-retriable one (seen when a broker
    // outage outlasts its connection retries) it would stop for good: restart it here, backing off, so
    // an outage never ends consumption. lastActivityAt() shows the gap to the readiness probe.
    if (!e.payload.restart && !stopping) scheduleRestart(initialBackoff);
    const error = e.payload.error;
    log.error(
      {
        group,
        restart: e.payload.restart,
        errorName: error.name,
        errorType: (error as { type?: string }).type,
      },
      e.payload.restart ? 'kafka consumer crashed; restarting' : 'kafka consumer crashed; not restarting',
    );
  });

  const sleep = (ms: number, heartbeat: () => Promise<void>): Promise<void> =>
    new Promise<void>((resolve) => {
      const started = Date.now();
      let timer: NodeJS.Timeout;
      const wake = (): void => {
        clearTimeout(timer);
        wakeUps.delete(wake);
        resolve();
      };
      wakeUps.add(wake);
      // Heartbeats keep the group membership alive through long backoffs.
      const tick = (): void => {
        const left = ms - (Date.now() - started);
        if (left <= 0 || stopping) return wake();
        timer = setTimeout(
          () => {
            heartbeat().then(tick, tick);
          },
          Math.min(left, 1000),
        );
      };
      tick();
    });

  const sendDeadLetter = async (
    failed: FailedMessage,
    reason: string,
    error: unknown,
    attempts: number,
    retryReason?: string,
  ): Promise<void> => {
    const target = dlqTopicOf(failed.topic);
    const message = buildDeadLetter(failed, {
      reason,
      error,
      retryReason,
      attempts,
      consumerGroup: group,
      now: new Date(),
    });
    await dlqProducer.send(target, [message]);
    metrics.outcome(group, failed.topic, 'dead_letter');
    log.warn(
      {
        group,
        topic: failed.topic,
        partition: failed.partition,
        offset: failed.offset,
        reason,
        ...(retryReason ? { retryReason } : {}),
        attempts,
        deadLetterTopic: target,
        ...errorFields(error),
      },
      'kafka message dead-lettered',
    );
  };

  const processMessage = async (
    topic: string,
    partition: number,
    raw: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<Attempt> => {
    const message: ConsumedMessage = {
      topic,
      partition,
      offset: raw.offset,
      key: raw.key === null ? null : raw.key.toString('utf8'),
      value: raw.value,
      headers: headersAsText(raw.headers ?? {}),
      timestamp: raw.timestamp,
    };
    const failed: FailedMessage = {
      topic,
      partition,
      offset: raw.offset,
      key: raw.key,
      value: raw.value,
      headers: raw.headers ?? {},
      timestamp: raw.timestamp,
    };
    for (let attempt = 1; ; attempt++) {
      touch();
      const started = performance.now();
      let outcome: Outcome;
      try {
        outcome = await options.handle(message);
      } catch (error) {
        outcome = { kind: 'retry', reason: 'handler_failed', error };
      }
      metrics.handlerSeconds(group, topic, (performance.now() - started) / 1000);
      touch();
      const where = { group, topic, partition, offset: raw.offset };
      switch (outcome.kind) {
        case 'ok':
          metrics.outcome(group, topic, 'ok');
          return 'done';
        case 'drop':
          metrics.outcome(group, topic, 'drop');
          log.info({ ...where, reason: outcome.reason }, 'kafka message dropped');
          return 'done';
        case 'deadLetter':
          await sendDeadLetter(failed, outcome.reason, outcome.error, attempt);
          return 'done';
        case 'retry': {
          metrics.outcome(group, topic, 'retry');
          if (attempt > maxRetries) {
            await sendDeadLetter(failed, 'retries_exhausted', outcome.error, attempt, outcome.reason);
            return 'done';
          }
          const backoff = Math.min(maxBackoff, initialBackoff * 2 ** (attempt - 1));
          log.warn(
            { ...where, reason: outcome.reason, attempt, backoffMs: backoff, ...errorFields(outcome.error) },
            'kafka message retry',
          );
          await sleep(backoff, heartbeat);
          // Stopping mid-backoff: leave the message uncommitted; the next owner of the partition retries it.
          if (stopping) return 'abandoned';
        }
      }
    }
  };

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const topic = kafka.logicalName(batch.topic);
    const partition = batch.partition;

    // Commits run beside the handlers, one at a time, always for the newest finished offset, so a crash
    // mid-handler redelivers only unfinished messages. The batch payload's commit is used (not
    // consumer.commitOffsets) because it still works while kafkajs is stopping, which stop() relies on.
    let pending: string | undefined;
    let inFlight: Promise<void> | undefined;
    const commit = (): Promise<void> => {
      if (inFlight) return inFlight;
      if (pending === undefined) return Promise.resolve();
      const offset = pending;
      pending = undefined;
      inFlight = commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition, offset }] }],
      })
        .catch((error: unknown) => {
          // Not fatal: a later commit covers it, or the message is delivered again (at least once).
          log.warn(
            {
              group,
              topic,
              partition,
              offset,
              errorName: (error as Error).name,
              errorType: (error as { type?: string }).type,
            },
            'kafka offset commit failed',
          );
        })
        .finally(() => {
          inFlight = undefined;
          // An offset that finished while this commit was on the wire goes next, not at the next message.
          if (pending !== undefined) void commit();
        });
      return inFlight;
    };
    const flush = async (): Promise<void> => {
      while (inFlight || pending !== undefined) await commit();
    };

    try {
      for (const raw of batch.messages) {
        if (stopping || !isRunning() || isStale()) break;
        const result = await processMessage(topic, partition, raw, heartbeat);
        if (result === 'abandoned') break;
        resolveOffset(raw.offset);
        pending = nextOffset(raw.offset);
        void commit();
        await heartbeat();
      }
    } finally {
      await flush();
    }
  };

  const physicalTopics = options.topics.map((t) => kafka.topicName(t));
  const run = () =>
    consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch,
    });
  // Subscriptions survive kafkajs' internal disconnect after a crash, so connect + run resumes them.
  function scheduleRestart(delayMs: number): void {
    setTimeout(() => {
      if (stopping) return;
      consumer
        .connect()
        .then(run)
        .then(
          () => log.info({ group }, 'kafka consumer restarted after a crash'),
          (error: unknown) => {
            log.warn({ group, ...errorFields(error) }, 'kafka consumer restart failed; trying again');
            scheduleRestart(Math.min(delayMs * 2, maxBackoff));
          },
        );
    }, delayMs).unref();
  }
  try {
    if (ownsProducer) await dlqProducer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: physicalTopics, fromBeginning: options.fromBeginning ?? true });
    await run();
  } catch (error) {
    await consumer.disconnect().catch(() => {});
    if (ownsProducer) await dlqProducer.disconnect().catch(() => {});
    throw translateKafkaError(error, 'consumer start', options.topics.join(','));
  }
  log.info({ group, topics: options.topics }, 'kafka consumer started');

  let stopped: Promise<void> | undefined;
  return {
    lastActivityAt: () => lastActivity,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        for (const wake of [...wakeUps]) wake();
        // kafkajs waits for the running eachBatch (which commits what finished) before leaving the group.
        await consumer.disconnect();
        if (ownsProducer) await dlqProducer.disconnect();
        log.info({ group }, 'kafka consumer stopped');
      })();
      return stopped;
    },
  };
}

function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return {};
  // The name and code only: messages can quote the offending data.
  const code = (error as { code?: unknown }).code;
  return { errorName: error.name, ...(code !== undefined ? { errorCode: code } : {}) };
}
