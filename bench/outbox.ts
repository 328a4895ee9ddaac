/**
 * bench:outbox: @rapport/outbox against the running infrastructure (DATABASE_URL, KAFKA_BROKERS), beside a
 * baseline in the same run: the same identity events sent straight with the idempotent producer
 * (validated, keyed, `producer.send` with acks from all in-sync replicas), which is what a service would do
 * without an outbox, and gives up its guarantees.
 *
 * In a fresh database with one outbox table, and a fresh topic prefix per phase (`identity.customer.v1`,
 * 12 partitions), `--rounds` rounds of (the order of outbox and baseline alternates per round):
 *   1. throughput at 500 and at 1 event per transaction, `--writers` writers at once: rows/s from the first
 *      enqueue until the relay has committed the last row to Kafka; the baseline sends the same batches;
 *   2. latency at a fixed offered rate, open loop: event i is due at start + i/rate; every `--tick` ms (10) the
 *      events that fell due are enqueued in one transaction, whether or not earlier ones are done (as a
 *      service commits a consumed batch). Measured per event: from its commit to its Kafka transaction's commit
 *      (`commit_to_published`, the outbox's own delay), from when it was due to published (the baseline:
 *      to the producer's acknowledgement), and from when it was due until a read_committed consumer in this
 *      process received it (the end-to-end figures `p50_ms`/`p99_ms`, which include the consumer's fetch).
 *      The first `--warmup` seconds are not counted. The baseline publishes the same events when due.
 * The relay runs in this process, as it does in a service. Figures are medians over the rounds.
 *
 *   pnpm bench:outbox     3 rounds of: 50,000 rows at 500/txn, 5,000 rows at 1/txn; 1,000 rows/s for 10 s
 *   options: --rounds N, --rows N, --rows-single N, --writers N, --rate N, --seconds N, --warmup N, --tick MS,
 *            --no-write
 *
 * Targets (the matcher's budget, issue 11): the relay keeps up with 3,000 rows/s with room to spare, and its
 * part of the matcher's 1 s p99 at 1,000 records/s stays small (tens of milliseconds).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { identityCustomerTopic, type IdentityChangeInput } from '@rapport/contracts';
import { createPool, migrate, withTransaction } from '@rapport/db';
import {
  createKafka,
  createProducer,
  ensureTopics,
  silentLogger,
  type Producer,
  type RapportKafka,
} from '@rapport/kafka';
import { defineOutbox, outboxMigrationsDir, startOutboxRelay } from '@rapport/outbox';
import { Registry } from 'prom-client';
import { inParallel, latencyFigures, loadFigures, openLoop, type OpenLoad } from './lib/open-loop.ts';
import { finish, median, round, type Figures } from './lib/report.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    rows: { type: 'string', default: '50000' },
    'rows-single': { type: 'string', default: '5000' },
    writers: { type: 'string', default: '4' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    tick: { type: 'string', default: '10' },
    'no-write': { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const writers = Number(values.writers);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const tickMs = Number(values.tick);
const topic = identityCustomerTopic;

const log = (line: string): void => void process.stderr.write(`[bench:outbox] ${line}\n`);
const load: OpenLoad = { rate, seconds, warmupSeconds, tickMs, log };

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    process.stderr.write(`bench:outbox needs ${name} (the running infrastructure, e.g. ./dev.sh infra up)\n`);
    process.exit(1);
  }
  return value;
}
const databaseUrl = required('DATABASE_URL');
const brokers = required('KAFKA_BROKERS')
  .split(',')
  .map((b) => b.trim());
const run = randomBytes(4).toString('hex');
let phases = 0;

/** A realistic identity change: a customer's snapshot with a few member records. */
const identityEvent = (i: number): IdentityChangeInput => ({
  eventId: randomUUID(),
  schemaVersion: 1,
  source: 'matcher',
  customerId: `cust-${run}-${i % 20_000}`,
  kind: 'updated',
  revision: i + 1,
  recordIds: [`loyalty:M-${i}`, `crm:C-${i}`, `social:instagram:@customer.${i}`],
  previousCustomerIds: [],
  explanation: { summary: 'card and verified email agree', matchProbability: 0.98, rules: ['card', 'email'] },
  occurredAt: '2025-03-14T09:26:53Z',
});

/**
 * What a service would do without an outbox: validate each event with its topic's schema, key it, send it.
 * The same work as `enqueue` before its insert, so the comparison is of the paths, not of the checks.
 */
function publishDirect(producer: Producer, events: readonly IdentityChangeInput[]): Promise<void> {
  const messages = events.map((event) => {
    const valid = topic.schema.parse(event);
    return { key: topic.key(valid), value: JSON.stringify(valid) };
  });
  return producer.send(topic.name, messages);
}

/** A fresh topic prefix (so a fresh topic and relay id) for one phase. */
async function phaseKafka(): Promise<RapportKafka> {
  const kafka = createKafka({
    brokers,
    clientId: 'bench-outbox',
    topicPrefix: `bench.outbox.${run}.${phases++}.`,
    logger: silentLogger,
  });
  await ensureTopics(kafka, [topic], { withDeadLetters: false });
  // One message per partition, one at a time, before anything is measured: right after creation a KRaft
  // broker refuses produce requests for a moment, and kafkajs' idempotent producer does not recover its
  // sequence numbers when a request to several partitions fails for some of them (every later send to the
  // topic then fails with OUT_OF_ORDER_SEQUENCE_NUMBER).
  const warmUp = createProducer(kafka, { retry: { retries: 10 } });
  const admin = new Kafka({ clientId: 'bench-outbox-warmup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (let i = 0; ; i++) {
      await publishDirect(warmUp, [identityEvent(WARM_UP_REVISION + i)]);
      if (i % topic.partitions !== topic.partitions - 1) continue;
      const offsets = await admin.fetchTopicOffsets(kafka.topicName(topic.name));
      if (offsets.every((p) => Number(p.high) > 0)) break;
    }
  } finally {
    await warmUp.disconnect();
    await admin.disconnect();
  }
  return kafka;
}

const outbox = defineOutbox({ table: 'bench_outbox' });
/** Warm-up events carry revisions from here; the latency consumer skips them. */
const WARM_UP_REVISION = 1_000_000_000;

async function createDatabase(): Promise<{ pool: pg.Pool; drop(): Promise<void> }> {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const name = `bench_outbox_${run}`;
  await admin.query(`create database ${name}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), { max: 12 });
  await migrate(pool, { dir: outboxMigrationsDir, owner: 'outbox' });
  await pool.query(`select outbox_install('${outbox.table}')`);
  return {
    pool,
    async drop() {
      await pool.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const publishedRows = async (metrics: Registry): Promise<number> =>
  (await metrics.getSingleMetric('rapport_outbox_published_total')!.get()).values.reduce(
    (s, v) => s + v.value,
    0,
  );

/** How many Kafka transactions (batches) the relay committed: the batch histogram's count. */
const kafkaTransactions = async (metrics: Registry): Promise<number> =>
  (await metrics.getSingleMetric('rapport_outbox_batch_seconds')!.get()).values.find(
    (v) => (v as { metricName?: string }).metricName === 'rapport_outbox_batch_seconds_count',
  )!.value;

async function startRelay(
  pool: pg.Pool,
  kafka: RapportKafka,
  metrics: Registry,
  published?: (eventIds: readonly string[], at: number) => void,
) {
  const relay = startOutboxRelay({
    outbox,
    pool,
    kafka,
    topics: [topic],
    logger: silentLogger,
    metrics,
    ...(published ? { afterCommit: ({ eventIds }) => published(eventIds, performance.now()) } : {}),
  });
  const deadline = Date.now() + 30_000;
  while (!relay.isActive()) {
    if (Date.now() > deadline) throw new Error('relay not active within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return relay;
}

async function outboxThroughput(pool: pg.Pool, rows: number, perTxn: number): Promise<Figures> {
  const kafka = await phaseKafka();
  const metrics = new Registry();
  const relay = await startRelay(pool, kafka, metrics);
  const events = Array.from({ length: rows }, (_, i) => identityEvent(i));
  try {
    const started = performance.now();
    await inParallel(Math.ceil(rows / perTxn), writers, (b) =>
      withTransaction(pool, (client) =>
        outbox.enqueue(client, topic, events.slice(b * perTxn, (b + 1) * perTxn)),
      ).then(() => {}),
    );
    const enqueued = performance.now();
    while ((await publishedRows(metrics)) < rows) await new Promise((resolve) => setTimeout(resolve, 5));
    const elapsed = (performance.now() - started) / 1000;
    const batches = await kafkaTransactions(metrics);
    return {
      rows_per_s: round(rows / elapsed, 0),
      enqueue_rows_per_s: round(rows / ((enqueued - started) / 1000), 0),
      rows_per_kafka_transaction: round(rows / batches, 1),
    };
  } finally {
    await relay.stop();
  }
}

async function producerThroughput(rows: number, perSend: number): Promise<Figures> {
  const kafka = await phaseKafka();
  const producer = createProducer(kafka);
  await producer.connect();
  const events = Array.from({ length: rows }, (_, i) => identityEvent(i));
  try {
    const started = performance.now();
    await inParallel(Math.ceil(rows / perSend), writers, (b) =>
      publishDirect(producer, events.slice(b * perSend, (b + 1) * perSend)),
    );
    return { rows_per_s: round(rows / ((performance.now() - started) / 1000), 0) };
  } finally {
    await producer.disconnect();
  }
}

/** A read_committed consumer of the phase's topic, joined before the load starts; calls `seen(i, now)`. */
async function startConsumer(kafka: RapportKafka, seen: (i: number, at: number) => void) {
  const client = new Kafka({ clientId: 'bench-outbox-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = client.consumer({ groupId: `bench-outbox-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [kafka.topicName(topic.name)], fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  // Never commits: kafkajs' auto-commit costs each partition batch a commit round trip (bench/scoring.ts).
  void consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const at = performance.now();
      for (const message of batch.messages) {
        const i = (JSON.parse(message.value!.toString()) as { revision: number }).revision - 1;
        if (i < WARM_UP_REVISION - 1) seen(i, at);
      }
    },
  });
  await joined;
  return consumer;
}

async function outboxLatency(pool: pg.Pool): Promise<Figures> {
  const kafka = await phaseKafka();
  const metrics = new Registry();
  const total = Math.round(rate * (warmupSeconds + seconds));
  const committedAt = new Float64Array(total);
  const publishedAt = new Float64Array(total);
  const receivedAt = new Float64Array(total);
  const events = Array.from({ length: total }, (_, i) => identityEvent(i));
  const indexOf = new Map(events.map((e, i) => [e.eventId, i]));
  const relay = await startRelay(pool, kafka, metrics, (eventIds, at) => {
    for (const id of eventIds) publishedAt[indexOf.get(id)!] = at;
  });
  let received = 0;
  const consumer = await startConsumer(kafka, (i, at) => {
    if (receivedAt[i] === 0) received++;
    receivedAt[i] = at;
  });
  try {
    const { dueAt, counted, sends, failed, sendLagP99Ms } = await openLoop(
      load,
      (from, to) =>
        withTransaction(pool, (client) => outbox.enqueue(client, topic, events.slice(from, to))).then(() => {
          committedAt.fill(performance.now(), from, to);
        }),
      () => received,
    );
    const batches = await kafkaTransactions(metrics);
    return {
      ...latencyFigures(dueAt, receivedAt, counted),
      commit_to_published: latencyFigures(committedAt, publishedAt, counted),
      due_to_published: latencyFigures(dueAt, publishedAt, counted),
      rows_per_kafka_transaction: round(total / batches, 1),
      ...loadFigures(load, sends, failed, sendLagP99Ms),
    };
  } finally {
    await consumer.disconnect();
    await relay.stop();
  }
}

async function producerLatency(): Promise<Figures> {
  const kafka = await phaseKafka();
  const producer = createProducer(kafka);
  await producer.connect();
  const total = Math.round(rate * (warmupSeconds + seconds));
  const ackedAt = new Float64Array(total);
  const receivedAt = new Float64Array(total);
  let received = 0;
  const consumer = await startConsumer(kafka, (i, at) => {
    if (receivedAt[i] === 0) received++;
    receivedAt[i] = at;
  });
  const events = Array.from({ length: total }, (_, i) => identityEvent(i));
  try {
    const { dueAt, counted, sends, failed, sendLagP99Ms } = await openLoop(
      load,
      (from, to) =>
        publishDirect(producer, events.slice(from, to)).then(() => {
          ackedAt.fill(performance.now(), from, to);
        }),
      () => received,
    );
    return {
      ...latencyFigures(dueAt, receivedAt, counted),
      due_to_published: latencyFigures(dueAt, ackedAt, counted),
      ...loadFigures(load, sends, failed, sendLagP99Ms),
    };
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
}

async function deleteTopics(): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-outbox-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(`bench.outbox.${run}.`));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  } finally {
    await admin.disconnect();
  }
}

const num = (f: Figures, path: string): number =>
  path.split('.').reduce<unknown>((o, k) => (o as Figures)[k], f) as number;

async function main(): Promise<void> {
  const load = loadavg()[0]!;
  log(
    `run ${run}: ${rounds} rounds, ${writers} writers, ${rate} rows/s for ${seconds} s; load average ${load.toFixed(2)}`,
  );
  const db = await createDatabase();
  const perRound: Figures[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const outboxFirst = r % 2 === 0;
      const both = async (
        a: () => Promise<Figures>,
        b: () => Promise<Figures>,
      ): Promise<[Figures, Figures]> => {
        if (outboxFirst) return [await a(), await b()];
        const second = await b();
        return [await a(), second];
      };
      const [o500, p500] = await both(
        () => outboxThroughput(db.pool, Number(values.rows), 500),
        () => producerThroughput(Number(values.rows), 500),
      );
      log(`round ${r + 1}: 500/txn outbox ${o500.rows_per_s} rows/s, producer ${p500.rows_per_s}`);
      const [o1, p1] = await both(
        () => outboxThroughput(db.pool, Number(values['rows-single']), 1),
        () => producerThroughput(Number(values['rows-single']), 1),
      );
      log(`round ${r + 1}: 1/txn outbox ${o1.rows_per_s} rows/s, producer ${p1.rows_per_s}`);
      const [ol, pl] = await both(
        () => outboxLatency(db.pool),
        () => producerLatency(),
      );
      log(`round ${r + 1}: ${rate}/s outbox p99 ${ol.p99_ms} ms, producer p99 ${pl.p99_ms} ms`);
      perRound.push({
        batch_500: { outbox: o500, producer: p500 },
        batch_1: { outbox: o1, producer: p1 },
        latency: { outbox: ol, producer: pl },
      });
    }
  } finally {
    await db.drop().catch((e: unknown) => log(`drop database: ${String(e)}`));
    await deleteTopics().catch((e: unknown) => log(`delete topics: ${String(e)}`));
  }

  const med = (path: string): number => median(perRound.map((f) => num(f, path)));
  const throughput = (batch: 'batch_500' | 'batch_1'): Figures => ({
    outbox_rows_per_s: med(`${batch}.outbox.rows_per_s`),
    outbox_enqueue_rows_per_s: med(`${batch}.outbox.enqueue_rows_per_s`),
    outbox_rows_per_kafka_transaction: med(`${batch}.outbox.rows_per_kafka_transaction`),
    producer_rows_per_s: med(`${batch}.producer.rows_per_s`),
    ratio_to_baseline: round(med(`${batch}.outbox.rows_per_s`) / med(`${batch}.producer.rows_per_s`), 3),
  });
  finish(
    'outbox',
    {
      load_average_at_start: round(load, 2),
      rounds,
      writers,
      throughput_500_per_transaction: throughput('batch_500'),
      throughput_1_per_transaction: throughput('batch_1'),
      latency: {
        offered_rows_per_s: rate,
        seconds,
        outbox_p50_ms: med('latency.outbox.p50_ms'),
        outbox_p99_ms: med('latency.outbox.p99_ms'),
        outbox_commit_to_published_p50_ms: med('latency.outbox.commit_to_published.p50_ms'),
        outbox_commit_to_published_p99_ms: med('latency.outbox.commit_to_published.p99_ms'),
        outbox_due_to_published_p50_ms: med('latency.outbox.due_to_published.p50_ms'),
        outbox_due_to_published_p99_ms: med('latency.outbox.due_to_published.p99_ms'),
        outbox_rows_per_kafka_transaction: med('latency.outbox.rows_per_kafka_transaction'),
        producer_p50_ms: med('latency.producer.p50_ms'),
        producer_p99_ms: med('latency.producer.p99_ms'),
        producer_due_to_published_p50_ms: med('latency.producer.due_to_published.p50_ms'),
        producer_due_to_published_p99_ms: med('latency.producer.due_to_published.p99_ms'),
        p99_ratio_to_baseline: round(med('latency.outbox.p99_ms') / med('latency.producer.p99_ms'), 2),
        due_to_published_p99_ratio_to_baseline: round(
          med('latency.outbox.due_to_published.p99_ms') / med('latency.producer.due_to_published.p99_ms'),
          2,
        ),
      },
      per_round: perRound,
    },
    { write: !values['no-write'] },
  );
}

await main();
