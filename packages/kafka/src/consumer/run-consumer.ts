import type { RapportKafka } from '../client.ts';
import { errorFields, translateKafkaError } from '../errors.ts';
import { consumerMetrics } from '../metrics.ts';
import { createProducer } from '../producer.ts';
import { asBatchHandler, type ConsumerOptions } from './consumer-options.ts';
import { deadLetterSender } from './dead-letter-sender.ts';
import { groupCommit } from './group-commit.ts';
import { outcomeReporter } from './outcome-reporter.ts';
import { partitionBatchHandler } from './partition-batch.ts';
import { restartSupervisor } from './restart-supervisor.ts';

export interface RunningConsumer {
  /** Let the chunk in flight finish, commit what finished, leave the group, disconnect. */
  stop(): Promise<void>;
  /** Epoch ms of the last sign of life of the consume loop (a fetch, a handler call); readiness compares it to now. */
  lastActivityAt(): number;
}

/**
 * Consumes `options.topics` as `options.groupId`, with a batch handler (`handleBatch`) or a
 * single-message one (`handle`, batches of one). Offsets are committed only for messages whose
 * outcome is final and durable; see the package README for the rules.
 */
export async function runConsumer(kafka: RapportKafka, options: ConsumerOptions): Promise<RunningConsumer> {
  const { handleBatch, policy } = asBatchHandler(options);
  const log = options.logger ?? kafka.logger;
  const group = options.groupId;
  const metrics = consumerMetrics(options.metrics);
  const ownsProducer = options.deadLetterProducer === undefined;
  const dlqProducer =
    options.deadLetterProducer ?? createProducer(kafka, { retry: { retries: 8, maxRetryTime: 5000 } });
  const stopping = new AbortController();
  let lastActivity = Date.now();
  const touch = (): void => {
    lastActivity = Date.now();
  };
  let generation = 0;

  const consumer = kafka.internal.consumer({
    groupId: group,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 250,
    ...(options.minBytes !== undefined ? { minBytes: options.minBytes } : {}),
    ...(options.sessionTimeoutMs !== undefined ? { sessionTimeout: options.sessionTimeoutMs } : {}),
    ...(options.heartbeatIntervalMs !== undefined ? { heartbeatInterval: options.heartbeatIntervalMs } : {}),
    allowAutoTopicCreation: false,
  });
  const eachBatch = partitionBatchHandler({
    group,
    handleBatch,
    policy,
    deadLetters: deadLetterSender({ producer: dlqProducer, group, policy, log }),
    reporter: outcomeReporter(log, metrics, group),
    metrics,
    log,
    logicalName: kafka.logicalName,
    stopping: stopping.signal,
    generation: () => generation,
    commit: groupCommit(),
    touch,
  });
  const run = () =>
    consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch,
    });
  const supervisor = restartSupervisor({
    restart: () => {
      touch();
      return consumer.connect().then(run);
    },
    initialDelayMs: policy.initialBackoffMs,
    maxDelayMs: policy.maxBackoffMs,
    log,
    group,
  });

  const events = consumer.events;
  // Signs of life: fetching, joining, and also fighting an unreachable broker (a crash, a restart,
  // a connect), so that readiness tells a stalled loop from one waiting out an outage.
  consumer.on(events.FETCH_START, touch);
  consumer.on(events.CONNECT, touch);
  let joinedOnce = false;
  consumer.on(events.GROUP_JOIN, (e) => {
    generation++;
    joinedOnce = true;
    touch();
    const assigned = Object.fromEntries(
      Object.entries(e.payload.memberAssignment).map(([t, ps]) => [kafka.logicalName(t), ps.length]),
    );
    log.info({ group, assigned, leader: e.payload.isLeader }, 'kafka consumer joined group');
  });
  consumer.on(events.REBALANCING, () => log.info({ group }, 'kafka consumer rebalancing'));
  consumer.on(events.CRASH, (e) => {
    touch();
    if (!e.payload.restart && !stopping.signal.aborted) supervisor.crashed();
    // Before the first join, a crash (restarted by kafkajs or the supervisor) is the broker settling,
    // its group coordinator loading or not found right after a start: expected, so info. Once the
    // consumer was in its group, a crash is an error.
    log[joinedOnce ? 'error' : 'info'](
      { group, restart: e.payload.restart, ...errorFields(e.payload.error) },
      e.payload.restart
        ? 'kafka consumer crashed; restarting'
        : 'kafka consumer crashed; supervisor restarts it',
    );
  });

  try {
    if (ownsProducer) await dlqProducer.connect();
    await consumer.connect();
    await consumer.subscribe({
      topics: options.topics.map((t) => kafka.topicName(t)),
      fromBeginning: options.fromBeginning ?? true,
    });
    await run();
  } catch (error) {
    supervisor.stop();
    await consumer.disconnect().catch(() => {});
    if (ownsProducer) await dlqProducer.disconnect().catch(() => {});
    throw translateKafkaError(error, 'consumer start', options.topics.join(','));
  }
  log.info(
    { group, topics: options.topics, maxBatchMessages: policy.maxBatchMessages },
    'kafka consumer started',
  );

  let stopped: Promise<void> | undefined;
  return {
    lastActivityAt: () => lastActivity,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        supervisor.stop();
        // kafkajs waits for the running eachBatch calls (which commit what finished) before leaving the group.
        await consumer.disconnect();
        if (ownsProducer) await dlqProducer.disconnect();
        log.info({ group }, 'kafka consumer stopped');
      })();
      return stopped;
    },
  };
}
