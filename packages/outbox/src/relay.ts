import type { Pool } from '@rapport/db';
import { createTransactionalProducer, type Logger, type RapportKafka } from '@rapport/kafka';
import type { Registry } from 'prom-client';
import { batchPublisher, KafkaStep, type Row } from './batch-publisher.ts';
import { openLockSession, type LockSession } from './lock-session.ts';
import { relayMetrics } from './metrics.ts';
import type { Outbox } from './outbox.ts';

export interface OutboxRelayOptions {
  outbox: Outbox;
  /** The service's pool: the relay keeps one of its connections for itself while it runs. */
  pool: Pool;
  /** The relay makes its own transactional producer from it (see README: why not the service's producer). */
  kafka: RapportKafka;
  /**
   * Every topic this outbox publishes to. The relay's state (its last committed batch) is written beside
   * the first one's partition 0 and read back from all of them, so their order may change between releases.
   */
  topics: readonly { readonly name: string }[];
  logger: Logger;
  /** prom-client registry (default: prom-client's global registry). */
  metrics?: Registry;
  /** Rows per Kafka transaction, at most (default 1000). */
  batchSize?: number;
  /**
   * Payload bytes per partition of a Kafka transaction, at most (default 900 kB): Kafka caps a partition's
   * record batch at `message.max.bytes` (1 MB by default). Rows' partitions come from the key hash and the
   * topics' partition counts, read at each recovery.
   */
  maxBatchBytes?: number;
  /**
   * Payload bytes per Kafka transaction, all partitions together (default 4 MB): far below the broker's
   * `socket.request.max.bytes` (100 MB); bounds the relay's memory and one transaction's time.
   */
  maxTransactionBytes?: number;
  /** The relay looks at the table this often even without a notification (default 1000 ms). */
  pollIntervalMs?: number;
  /** A standby waits on the lock in slices this long, so stop() and lastActivityAt() stay live (default 1000 ms). */
  lockWaitMs?: number;
  /** Backoff after a failure: initial (default 200 ms) doubling up to max (default 5 s). */
  retryBackoffMs?: { initial?: number; max?: number };
  /** How often the lag gauges are refreshed (default 5000 ms). */
  lagIntervalMs?: number;
  /**
   * Kafka transactional id and consumer group of the relay's state: the same for every instance of a
   * service, different for every outbox on the cluster. Default `<topicPrefix><clientId>.outbox.<table>`.
   */
  relayId?: string;
  /**
   * Runs between a batch's Kafka commit and its deletion from the table, with the batch's event ids: the
   * crash tests stop a process here, bench:outbox times each event's publication.
   */
  afterCommit?: (batch: { eventIds: readonly string[] }) => void | Promise<void>;
}

export interface OutboxRelay {
  /** Finishes the batch in flight, releases the lock (a standby takes over) and disconnects. */
  stop(): Promise<void>;
  /** Epoch ms of the loop's last sign of life (a batch, an idle poll, a wait on the lock). */
  lastActivityAt(): number;
  /** Unpublished rows and the age of the oldest, read from the table now. */
  lag(): Promise<{ rows: number; seconds: number }>;
  /** True while this relay holds the lock (it is the one publishing). */
  isActive(): boolean;
}

export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { outbox, pool, kafka } = options;
  const table = outbox.table;
  const log = options.logger;
  const batchSize = options.batchSize ?? 1000;
  const maxBatchBytes = options.maxBatchBytes ?? 900_000;
  const maxTransactionBytes = options.maxTransactionBytes ?? 4_000_000;
  const pollMs = options.pollIntervalMs ?? 1000;
  const lockWaitMs = options.lockWaitMs ?? 1000;
  const initialBackoff = options.retryBackoffMs?.initial ?? 200;
  const maxBackoff = options.retryBackoffMs?.max ?? 5000;
  const relayId = options.relayId ?? `${kafka.topicPrefix}${kafka.clientId}.outbox.${table}`;
  const metrics = relayMetrics(table, options.metrics);
  const topics = options.topics.map((t) => t.name);
  if (topics.length === 0) throw new TypeError('startOutboxRelay: topics must name at least one topic');

  const producer = createTransactionalProducer(kafka, { transactionalId: relayId });
  let stopping = false;
  let active = false;
  let lastActivity = Date.now();
  let session: LockSession | undefined;
  let wakeSleep: (() => void) | undefined;
  const touch = (): void => {
    lastActivity = Date.now();
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeSleep = undefined;
        resolve();
      }
      wakeSleep = done;
    });

  const failure = (error: unknown): object => {
    const e = (error instanceof KafkaStep ? error.cause : error) as { name?: string; code?: string };
    return { errorName: e?.name, errorCode: e?.code };
  };

  const { recover, selectRows, publishBatch } = batchPublisher({
    table,
    producer,
    kafka,
    relayId,
    topics,
    batchSize,
    maxBatchBytes,
    maxTransactionBytes,
    metrics,
    log,
    afterCommit: options.afterCommit,
  });

  /** Publishes while this session holds the lock; returns on stop, throws when Postgres fails. */
  const publishWhileHolding = async (s: LockSession): Promise<void> => {
    let seq: number | undefined;
    let rows: Row[] = [];
    let backoff = initialBackoff;
    while (!stopping) {
      touch();
      try {
        if (seq === undefined) {
          seq = await recover(s);
          s.takeWork();
          rows = await selectRows(s, []);
        }
        if (rows.length === 0) {
          await s.waitForWork(pollMs);
          s.takeWork();
          rows = await selectRows(s, []);
          continue;
        }
        rows = await publishBatch(s, rows, seq + 1);
        seq += 1;
        backoff = initialBackoff;
      } catch (error) {
        if (!(error instanceof KafkaStep)) throw error;
        // Whether the batch in flight was committed is for the next recovery to find out.
        seq = undefined;
        metrics.error('kafka');
        // One failure that the next try may well clear (a fresh broker still electing the transaction
        // coordinator) is news, not a problem; failing again after a backoff is.
        const level = backoff === initialBackoff ? 'info' : 'warn';
        log[level]({ outbox: table, backoffMs: backoff, ...failure(error) }, 'outbox relay: Kafka failed');
        await sleep(backoff);
        backoff = Math.min(maxBackoff, backoff * 2);
      }
    }
  };

  const run = async (): Promise<void> => {
    let backoff = initialBackoff;
    while (!stopping) {
      touch();
      try {
        session = await openLockSession(pool, table);
        const locked = await session.acquire(lockWaitMs, () => stopping, touch);
        if (!locked) break;
        active = true;
        metrics.active(true);
        log.info({ outbox: table, relayId }, 'outbox relay active');
        backoff = initialBackoff;
        await publishWhileHolding(session);
      } catch (error) {
        if (stopping) break;
        metrics.error('postgres');
        log.warn({ outbox: table, backoffMs: backoff, ...failure(error) }, 'outbox relay: Postgres failed');
        await sleep(backoff);
        backoff = Math.min(maxBackoff, backoff * 2);
      } finally {
        if (active) log.info({ outbox: table }, 'outbox relay released the lock');
        active = false;
        metrics.active(false);
        session?.close();
        session = undefined;
      }
    }
    await producer.disconnect();
  };

  const refreshLag = async (): Promise<{ rows: number; seconds: number }> => {
    const { rows } = await pool.query<{ rows: number; seconds: number }>(
      `select count(*)::int as rows,
              coalesce(extract(epoch from clock_timestamp() -
                (select created_at from "${table}" order by id limit 1)), 0)::float8 as seconds
       from "${table}"`,
    );
    const lag = rows[0] ?? { rows: 0, seconds: 0 };
    metrics.lag(lag.rows, lag.seconds);
    return lag;
  };
  const lagTimer = setInterval(() => void refreshLag().catch(() => {}), options.lagIntervalMs ?? 5000);
  lagTimer.unref();

  const running = run().catch((error: unknown) => {
    log.error({ outbox: table, ...failure(error) }, 'outbox relay stopped on an unexpected error');
  });

  return {
    async stop() {
      stopping = true;
      clearInterval(lagTimer);
      wakeSleep?.();
      // A standby waiting on the lock is let go at once; an active relay finishes its batch first.
      if (!active) session?.close();
      else session?.wake();
      await running;
    },
    lastActivityAt: () => lastActivity,
    lag: refreshLag,
    isActive: () => active,
  };
}
