/**
 * bench:matcher: the matcher service, a real process (`node services/matcher/src/server.ts`, as ./dev.sh runs
 * it), against the running infrastructure (KAFKA_BROKERS, DATABASE_URL, REDIS_URL), beside a baseline in the
 * same run: the same rows written to Postgres by a plain batched insert (500 rows per INSERT ... unnest, one
 * transaction each), which is what storing the records costs without resolving them.
 *
 * Records: the engine benchmark's generator (@rapport/datagen, seed 1), `--records` of them (100,000; pass
 * `--records 1000000` for a million) as the ingest services publish them (canonical events, keyed), and
 * `--rate` x (`--warmup` + `--seconds`) more for the latency phase.
 *   1. baseline: the records' source JSON into a fresh table by batched inserts: rows/s.
 *   2. sustained throughput: the records are on their topics (12 partitions) before the matcher starts on a
 *      fresh database; from its first resolved record to its last (every event applied, every identity event
 *      published): records/s, the lag (records not yet resolved) once a second, the CPU seconds of the
 *      matcher process and of its Postgres backends (the machine is shared: records per CPU second is the
 *      figure that does not depend on the neighbours), the matcher's peak RSS.
 *   3. latency at a fixed offered rate (`--rate`, 1,000 records/s), open loop, on the state of phase 2: record
 *      i is produced when due, whatever is in flight; measured from when it was due until a read_committed
 *      consumer in this process received the first identity event naming it (intake to identity event,
 *      the consumer's fetch included). The first `--warmup` seconds are not counted.
 *
 *   pnpm bench:matcher     100,000 records; 1,000 records/s for 20 s after 5 s of warm-up
 *   options: --records N, --rate N, --seconds N, --warmup N, --tick MS, --no-write,
 *            --statements N (the run's N costliest statements from pg_stat_statements, printed at the end),
 *            --keep-database (the matcher's database left in place for EXPLAIN; its name is logged; drop it by hand)
 *
 * Targets (issue 11, this 2-core machine with broker, Postgres and matcher on it): at least 3,000 records/s
 * sustained, p99 under 1 s at 1,000 records/s offered.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import {
  crmContactPerson,
  loyaltyMemberPerson,
  socialAuthorPerson,
  topics,
  type PersonChange,
} from '@rapport/contracts';
import { canonicalEvent, generatePeople, meanRecordsPerPerson, type CanonicalEvent } from '@rapport/datagen';
import { createPool, migrate, type Pool } from '@rapport/db';
import { createKafka, ensureTopics, silentLogger } from '@rapport/kafka';
import { requiredEnv } from './lib/env.ts';
import { latencyFigures, loadFigures, openLoop, type OpenLoad } from './lib/open-loop.ts';
import { finish, round, type Figures } from './lib/report.ts';
import { cpuSeconds } from './lib/process-cpu.ts';
import { metricSums } from './lib/service-metrics.ts';
import { serviceNodeFlags } from './lib/service-process.ts';
import { readStatements, statementsBetween } from './lib/statements.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    tick: { type: 'string', default: '10' },
    'no-write': { type: 'boolean', default: false },
    statements: { type: 'string', default: '0' },
    'keep-database': { type: 'boolean', default: false },
  },
});
const records = Number(values.records);
const log = (line: string): void => void process.stderr.write(`[bench:matcher] ${line}\n`);
const load: OpenLoad = {
  rate: Number(values.rate),
  seconds: Number(values.seconds),
  warmupSeconds: Number(values.warmup),
  tickMs: Number(values.tick),
  log,
};
const databaseUrl = requiredEnv('bench:matcher', 'DATABASE_URL');
const brokers = requiredEnv('bench:matcher', 'KAFKA_BROKERS')
  .split(',')
  .map((b) => b.trim());
const redisUrl = requiredEnv('bench:matcher', 'REDIS_URL');
const run = randomBytes(4).toString('hex');
const SERVER = fileURLToPath(new URL('../services/matcher/src/server.ts', import.meta.url));
const MIGRATIONS = fileURLToPath(new URL('../services/matcher/migrations', import.meta.url));
const NODE_FLAGS = serviceNodeFlags('matcher');
const personTopics = [topics.loyaltyMember, topics.crmContact, topics.socialAuthor];

// --- input -----------------------------------------------------------------------------------------------

const projection: Record<string, (event: never) => PersonChange> = {
  [topics.loyaltyMember.name]: loyaltyMemberPerson,
  [topics.crmContact.name]: crmContactPerson,
  [topics.socialAuthor.name]: socialAuthorPerson,
};
const recordIdOf = (e: CanonicalEvent): string => {
  const change = projection[e.topic]!(e.event as never);
  return change.kind === 'upsert' ? change.record.recordId : change.recordId;
};

/** Generated records as canonical events, one per record id, in generation order. */
function generate(count: number): CanonicalEvent[] {
  const out: CanonicalEvent[] = [];
  const seen = new Set<string>();
  // Some generated records have no event (a social author without a handle): draw a fifth more.
  const people = Math.ceil((count * 1.2) / meanRecordsPerPerson()) + 1000;
  for (const { record } of generatePeople({ seed: 1, people, maxRecords: Math.ceil(count * 1.2) + 100 })) {
    const e = canonicalEvent(record);
    if (e === undefined || seen.has(`${e.topic}/${e.key}`)) continue;
    seen.add(`${e.topic}/${e.key}`);
    out.push(e);
    if (out.length === count) break;
  }
  if (out.length < count) throw new Error(`the generator gave ${out.length} records, ${count} asked`);
  return out;
}

/** A free TCP port of 127.0.0.1 (the one the kernel gives a listener on port 0). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}

// --- infrastructure --------------------------------------------------------------------------------------

async function createDatabase(
  name: string,
): Promise<{ url: string; pool: Pool; drop(options?: { keep?: boolean }): Promise<void> }> {
  const admin = createPool(databaseUrl, { max: 1 });
  await admin.query(`create database ${name}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), { max: 2 });
  return {
    url: url.toString(),
    pool,
    async drop(options) {
      await pool.end();
      if (options?.keep !== true) await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The run's costliest statements (pg_stat_statements; the database is fresh: its totals are the run's). */
async function printStatements(database: string, limit: number): Promise<void> {
  const rows = statementsBetween(new Map(), await readStatements(databaseUrl, database, log));
  for (const r of rows.slice(0, limit))
    log(
      `${(r.ms / 1000).toFixed(1).padStart(6)} s ${String(r.calls).padStart(6)} calls ${String(r.rows).padStart(8)} rows  ${r.query}`,
    );
}

/** The matcher's cumulative resolution and relay counters (its /metrics), summed over labels per name. */
const matcherCounters = (port: number): Promise<Map<string, number>> =>
  metricSums(`http://127.0.0.1:${String(port)}`, [
    'rapport_matcher_resolution_seconds_sum',
    'rapport_matcher_resolution_seconds_count',
    'rapport_matcher_resolution_changes_sum',
    'rapport_outbox_batch_seconds_sum',
    'rapport_outbox_batch_seconds_count',
  ]);

/**
 * Where the latency phase's time went inside the matcher: its resolution transactions (the partitions'
 * batches of one fetch share one), changes and ms per transaction, and the outbox relay's batches.
 */
function stagesBetween(before: Map<string, number>, after: Map<string, number>): Figures {
  const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
  const transactions = delta('rapport_matcher_resolution_seconds_count');
  const relay = delta('rapport_outbox_batch_seconds_count');
  return {
    transactions,
    changes_per_transaction: round(delta('rapport_matcher_resolution_changes_sum') / transactions, 1),
    ms_per_transaction: round((1000 * delta('rapport_matcher_resolution_seconds_sum')) / transactions, 1),
    relay_batches: relay,
    relay_ms_per_batch: round((1000 * delta('rapport_outbox_batch_seconds_sum')) / relay, 1),
  };
}

const peakRssMibOf = (pid: number): number =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** The database's backends (Postgres runs on this machine) and their CPU seconds so far. */
async function backendCpu(pool: Pool, database: string, known: Map<number, number>): Promise<number> {
  const { rows } = await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
    database,
  ]);
  for (const { pid } of rows) known.set(pid, Math.max(known.get(pid) ?? 0, cpuSeconds(pid)));
  return [...known.values()].reduce((a, b) => a + b, 0);
}

/** Events keyed to their topics in one produce request, acknowledged by every in-sync replica. */
async function send(producer: Producer, prefix: string, events: readonly CanonicalEvent[]): Promise<void> {
  const byTopic = new Map<string, { key: string; value: string }[]>();
  for (const e of events) {
    const list = byTopic.get(e.topic) ?? [];
    list.push({ key: e.key, value: JSON.stringify(e.event) });
    byTopic.set(e.topic, list);
  }
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, messages]) => ({ topic: prefix + topic, messages })),
  });
}

async function produceAll(kafka: Kafka, prefix: string, events: readonly CanonicalEvent[]): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += 5000) {
      await send(producer, prefix, events.slice(i, i + 5000));
    }
  } finally {
    await producer.disconnect();
  }
}

function startMatcher(env: Record<string, string>) {
  // Its own flags on the command line, as its Docker image passes them (some V8 flags are refused in
  // NODE_OPTIONS); BENCH_MATCHER_NODE_OPTIONS reaches the matcher alone, e.g. `--cpu-prof`.
  const child = spawn(process.execPath, [...NODE_FLAGS, SERVER], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: process.env.BENCH_MATCHER_NODE_OPTIONS ?? '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    pid: child.pid!,
    async ready(port: number): Promise<void> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        if (Date.now() > deadline) throw new Error('the matcher was not ready within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop(): Promise<void> {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// --- phases ----------------------------------------------------------------------------------------------

async function baseline(events: readonly CanonicalEvent[]): Promise<Figures> {
  const db = await createDatabase(`bench_matcher_plain_${run}`);
  try {
    await db.pool.query('create table plain_records (record_id text primary key, source jsonb not null)');
    const cpu = new Map<number, number>();
    const rows = events.map((e) => [recordIdOf(e), JSON.stringify(e.event)] as const);
    const started = performance.now();
    for (let i = 0; i < rows.length; i += 500) {
      const slice = rows.slice(i, i + 500);
      await db.pool.query(
        `insert into plain_records (record_id, source) select * from unnest($1::text[], $2::jsonb[])
         on conflict (record_id) do update set source = excluded.source`,
        [slice.map((r) => r[0]), slice.map((r) => r[1])],
      );
    }
    const seconds = (performance.now() - started) / 1000;
    const postgresCpu = await backendCpu(db.pool, `bench_matcher_plain_${run}`, cpu);
    return {
      records_per_s: Math.round(rows.length / seconds),
      seconds: round(seconds, 1),
      postgres_cpu_seconds: round(postgresCpu, 1),
    };
  } finally {
    await db.drop();
  }
}

const counts = async (pool: Pool) =>
  (
    await pool.query<{ applied: number; unpublished: number }>(
      `select (select count(*)::int from processed_events) as applied,
              (select count(*)::int from matcher_outbox) as unpublished`,
    )
  ).rows[0]!;

async function main(): Promise<void> {
  log(`generating ${records} + ${load.rate * (load.seconds + load.warmupSeconds)} records`);
  const all = generate(records + load.rate * (load.seconds + load.warmupSeconds));
  const bulk = all.slice(0, records);
  const live = all.slice(records);

  log('baseline: plain batched insert');
  const plain = await baseline(bulk);
  log(`baseline: ${plain.records_per_s} records/s`);

  const name = `bench_matcher_${run}`;
  const db = await createDatabase(name);
  const prefix = `bench.matcher.${run}.`;
  const kafka = new Kafka({ clientId: 'bench-matcher', brokers, logLevel: logLevel.NOTHING });
  const rapportKafka = createKafka({
    brokers,
    clientId: 'bench-matcher',
    topicPrefix: prefix,
    logger: silentLogger,
  });
  let matcher: ReturnType<typeof startMatcher> | undefined;
  try {
    await migrate(db.pool, { dir: MIGRATIONS, owner: 'matcher' });
    await ensureTopics(rapportKafka, [
      ...personTopics,
      topics.identityDecision,
      topics.identityErasure,
      topics.identityCustomer,
    ]);
    log(`producing ${bulk.length} records`);
    await produceAll(kafka, prefix, bulk);

    // Phase 2: the backlog, from the first record resolved to the last.
    const port = await freePort();
    const cpu = new Map<number, number>();
    matcher = startMatcher({
      PORT: String(port),
      DATABASE_URL: db.url,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_CLIENT_ID: `bench-matcher-${run}`,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `bench:matcher:${run}:`,
      API_KEYS: 'bench:bench-key-0123456789abcdef:customers:read',
    });
    const lag: { s: number; lag: number }[] = [];
    let first = 0;
    let last = 0;
    // A run that stops moving (a record the matcher dead-lettered never counts as applied) fails after two
    // minutes without progress, not after the run's whole allowance.
    let progressAt = performance.now();
    let appliedBefore = -1;
    for (;;) {
      const { applied, unpublished } = await counts(db.pool);
      const now = performance.now();
      if (applied !== appliedBefore) [appliedBefore, progressAt] = [applied, now];
      if (applied > 0 && first === 0) first = now;
      if (first > 0) lag.push({ s: round((now - first) / 1000, 1), lag: bulk.length - applied });
      await backendCpu(db.pool, name, cpu);
      if (applied >= bulk.length && unpublished === 0) {
        last = now;
        break;
      }
      if (now - progressAt > 120_000)
        throw new Error(
          `stalled at ${applied} of ${bulk.length} records (see the matcher's dead-letter topics)`,
        );
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const matcherCpu = cpuSeconds(matcher.pid);
    const postgresCpu = await backendCpu(db.pool, name, cpu);
    const seconds = (last - first) / 1000;
    const sustained: Figures = {
      records: bulk.length,
      seconds: round(seconds, 1),
      records_per_s: Math.round(bulk.length / seconds),
      matcher_cpu_seconds: round(matcherCpu, 1),
      postgres_cpu_seconds: round(postgresCpu, 1),
      records_per_cpu_s: Math.round(bulk.length / (matcherCpu + postgresCpu)),
      peak_rss_mib: round(peakRssMibOf(matcher.pid), 1),
      lag_curve: lag.filter(
        (_, i) => i % Math.max(1, Math.ceil(lag.length / 30)) === 0 || i === lag.length - 1,
      ),
    };
    log(`sustained: ${String(sustained.records_per_s)} records/s`);

    // Phase 3: new records at a fixed rate; when each one's first identity event arrives.
    await matcher.ready(port);
    const index = new Map(live.map((e, i) => [recordIdOf(e), i]));
    const seenAt = new Float64Array(live.length);
    // When the relay wrote each record's first identity event (its Kafka create time, on this clock).
    const writtenAt = new Float64Array(live.length);
    let seen = 0;
    const consumer = kafka.consumer({ groupId: `bench-matcher-latency-${run}`, maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic: prefix + topics.identityCustomer.name, fromBeginning: false });
    // Never commits: kafkajs' auto-commit costs each partition batch a commit round trip (bench/scoring.ts).
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const now = performance.now();
        const { recordIds } = JSON.parse(message.value!.toString()) as { recordIds: string[] };
        for (const id of recordIds) {
          const i = index.get(id);
          if (i !== undefined && seenAt[i] === 0) {
            seenAt[i] = now;
            writtenAt[i] = Number(message.timestamp) - performance.timeOrigin;
            seen++;
          }
        }
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the group's join
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const cpuBefore = cpuSeconds(matcher.pid);
    const countersBefore = await matcherCounters(port);
    const loop = await openLoop(
      load,
      (from, to) => send(producer, prefix, live.slice(from, to)),
      () => seen,
    );
    const latencyCpu = cpuSeconds(matcher.pid) - cpuBefore;
    const stages = stagesBetween(countersBefore, await matcherCounters(port));
    // A record not seen within the wait counts as seen now: its latency is at least that (a lower bound).
    const endedAt = performance.now();
    for (let i = 0; i < seenAt.length; i++) if (seenAt[i] === 0) seenAt[i] = writtenAt[i] = endedAt;
    await producer.disconnect();
    await consumer.disconnect();
    const latency: Figures = {
      offered_records_per_s: load.rate,
      seconds: load.seconds,
      ...latencyFigures(loop.dueAt, seenAt, loop.counted),
      // Not seen within the wait: their latencies above are lower bounds.
      unseen: live.length - seen,
      // The latency in parts: intake (the record's due time) to its identity event written by the relay,
      // and written to received by this benchmark's consumer.
      parts: {
        intake_to_identity_written: latencyFigures(loop.dueAt, writtenAt, loop.counted),
        identity_written_to_received: latencyFigures(writtenAt, seenAt, loop.counted),
      },
      matcher_stages: stages,
      matcher_cpu_share: round(latencyCpu / (load.seconds + load.warmupSeconds), 2),
      ...loadFigures(load, loop.sends, loop.failed, loop.sendLagP99Ms),
    };
    finish(
      'matcher',
      {
        records,
        sustained,
        latency,
        baseline_plain_insert: plain,
        ratio_to_baseline: round((sustained.records_per_s as number) / (plain.records_per_s as number), 3),
        load_average_1m: round(loadavg()[0]!, 2),
        targets: { records_per_s: 3000, p99_ms: 1000 },
      },
      { write: !values['no-write'] },
    );
  } finally {
    await matcher?.stop();
    if (Number(values.statements) > 0) await printStatements(name, Number(values.statements));
    if (values['keep-database']) log(`database ${name} kept`);
    await db.drop({ keep: values['keep-database'] });
    const admin = kafka.admin();
    await admin.connect();
    const names = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (names.length > 0) await admin.deleteTopics({ topics: names });
    await admin.disconnect();
  }
}

await main();
