/**
 * bench:ingest: ingest-loyalty's intake against the running infrastructure (KAFKA_BROKERS, REDIS_URL).
 *
 * Starts `services/ingest-loyalty/src/server.ts` in a child process on a fresh topic prefix with a bench API
 * key, then runs `--rounds` rounds, each of
 *   1. batched intake: loyalty members in JSON batches over HTTP (202 = acknowledged by every in-sync replica),
 *      and a baseline of a plain kafkajs producer (acks -1) writing the same events in the same batches and
 *      concurrency, back to back (the order alternates per round): `ratio_to_baseline`;
 *   2. single-record latency at a fixed offered load, open loop: request i is due at start + i/rate whether or
 *      not earlier ones were answered, and its latency counts from when it was due (so a stall is not hidden
 *      by the client waiting: no coordinated omission); the first `--warmup` seconds are not counted.
 * Figures are the medians over the rounds (each round's figures are listed too), beside a sequential
 * latency (one request at a time) as the clean signal of what a request costs. Then checks that every
 * accepted record is on the canonical topic exactly once, and deletes the topics.
 *
 * This machine is shared and small: the load average at start is reported, and interleaving the intake with
 * its baseline in every round means a neighbour's burst hits both sides of the ratio alike.
 *
 *   pnpm bench:ingest          3 rounds of: 100k records in batches of 500; 500 req/s for 10 s (+2 s warm-up)
 *   options: --rounds N, --records N, --batch N, --concurrency N, --rate N, --seconds N, --warmup N,
 *            --connections N, --sequential N, --no-write
 *   BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" passes Node flags to the service (profiling).
 *
 * Targets (the issue): batched intake >= 0.5x the raw producer; single-record p99 < 20 ms at 500 req/s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { Pool } from 'undici';
// bench/ is not a workspace package: it reaches each package through the entry file its package.json exports.
import {
  loyaltyMemberEvent,
  loyaltyMemberKey,
  loyaltyMemberTopic,
  loyaltyTransactionTopic,
  normaliseLoyaltyMember,
  rawLoyaltyMembersTopic,
  rawLoyaltyTransactionsTopic,
  type LoyaltyMemberBody,
} from '@rapport/contracts';
import { createKafka, ensureTopics, silentLogger } from '@rapport/kafka';
import { requiredEnv } from './lib/env.ts';
import { finish, median, quantile, round, type Figures } from './lib/report.ts';
import { httpPool, post } from './lib/http-post.ts';
import { readCpuSeconds } from './lib/process-cpu.ts';
import { freePort } from '@rapport/testing/fleet';

const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 20;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    records: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '4' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '64' },
    sequential: { type: 'string', default: '300' },
    'no-write': { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const totalRecords = Number(values.records);
const batchSize = Number(values.batch);
const concurrency = Number(values.concurrency);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const connections = Number(values.connections);
const sequentialRequests = Number(values.sequential);

const log = (line: string): void => {
  process.stderr.write(`[bench:ingest] ${line}\n`);
};

const required = (name: string): string => requiredEnv('bench:ingest', name);

const brokers = required('KAFKA_BROKERS')
  .split(',')
  .map((b) => b.trim());
const redisUrl = required('REDIS_URL');
const run = randomBytes(4).toString('hex');
const prefix = `bench.${run}.`;
const apiKey = `bench-${randomBytes(12).toString('hex')}`;

/** Deterministic members: a realistic profile per record, unique member ids per run. */
function member(i: number, tag: string): LoyaltyMemberBody {
  return {
    memberId: `M-${tag}-${i}`,
    program: 'skymiles',
    cardNumbers: [`6007 ${String(1000 + (i % 9000))} ${String(i).padStart(4, '0')}`],
    names: {
      given: ['Ana', 'Bo', 'Chen', 'Dara'][i % 4]!,
      family: ['Souza', 'Lind', 'Wei', 'Okafor'][i % 4]!,
    },
    email: `member${i}@example.com`,
    phone: `+44 7700 ${String(900000 + (i % 99999))}`,
    address: { line1: `${i % 200} Harbour Road`, locality: 'Bristol', postcode: 'BS1 5TX', country: 'GB' },
    tier: ['silver', 'gold'][i % 2]!,
    handles: [{ platform: 'instagram', handle: `@member.${i}` }],
    consent: { email: true, profiling: true },
    updatedAt: '2025-03-14T09:26:53Z',
  };
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ingest-loyalty exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('ingest-loyalty not ready within 60 s');
}

const cpuMicros = (usage: NodeJS.CpuUsage): number => usage.user + usage.system;

/** CPU seconds (user + system) a process used so far, from /proc (Linux); NaN elsewhere. */
const cpuSeconds = (pid: number | undefined): number => readCpuSeconds(pid) ?? Number.NaN;

/** Runs `work(i)` for i in [0, count) with `limit` in flight. */
async function pool(count: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

interface LatencyRun {
  offered_req_per_s: number;
  achieved_req_per_s: number;
  requests: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  /** How late the generator itself sent requests (p99): near 0 means the offered rate was really offered. */
  send_lag_p99_ms: number;
  /** The service's CPU per answered request while the load ran, warm-up included (microseconds). */
  service_cpu_us_per_request: number;
  non_2xx: number;
  errors: number;
}

/**
 * Open-loop load: request i is due at start + i/rate; every due request is sent at once on a pool of
 * keep-alive connections (queued in the pool if all are busy), and its latency runs from when it was
 * due. Requests due during the warm-up are sent alike but not counted. Resolves when every request
 * sent has been answered.
 */
async function fixedRate(
  servicePid: number | undefined,
  http: Pool,
  url: URL,
  body: (i: number) => string,
): Promise<{ figures: LatencyRun; accepted: number; failed: number }> {
  const total = Math.round(rate * (warmupSeconds + seconds));
  const counted = Math.round(rate * warmupSeconds);
  const latencies: number[] = [];
  const lags: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let accepted = 0;
  let next = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let measuredFrom = Number.NaN;
  const cpuBefore = cpuSeconds(servicePid);
  await new Promise<void>((done) => {
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
      for (; next < due; next++) {
        const i = next;
        const dueAt = start + (i * 1000) / rate;
        if (i === counted) measuredFrom = dueAt;
        if (i >= counted) lags.push(now - dueAt);
        inFlight.push(
          post(http, url, body(i), apiKey).then(
            (answer) => {
              if (answer.status === 202) accepted++;
              if (i < counted) return;
              if (answer.status === 202) latencies.push(performance.now() - dueAt);
              else if (non2xx++ === 0) log(`  first non-2xx: ${answer.status} ${answer.body.slice(0, 300)}`);
            },
            () => {
              errors++;
            },
          ),
        );
      }
      if (next < total) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  await Promise.all(inFlight);
  const serviceCpu = cpuSeconds(servicePid) - cpuBefore;
  const elapsed = (performance.now() - measuredFrom) / 1000;
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return {
    accepted,
    failed: errors,
    figures: {
      offered_req_per_s: rate,
      achieved_req_per_s: round(latencies.length / elapsed, 1),
      requests: latencies.length + non2xx,
      p50_ms: round(quantile(latencies, 0.5), 2),
      p90_ms: round(quantile(latencies, 0.9), 2),
      p99_ms: round(quantile(latencies, 0.99), 2),
      max_ms: round(latencies.at(-1) ?? Number.NaN, 2),
      send_lag_p99_ms: round(quantile(lags, 0.99), 2),
      service_cpu_us_per_request: round((serviceCpu / total) * 1e6, 1),
      non_2xx: non2xx,
      errors,
    },
  };
}

/** One request at a time: what a request costs end to end with nothing else queued. */
async function sequential(
  http: Pool,
  url: URL,
  count: number,
): Promise<{ p50_ms: number; p99_ms: number; accepted: number }> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify(member(i, 'sequential'));
    const started = performance.now();
    const answer = await post(http, url, body, apiKey);
    if (answer.status !== 202)
      throw new Error(`sequential request answered ${answer.status}: ${answer.body}`);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return {
    p50_ms: round(quantile(latencies, 0.5), 2),
    p99_ms: round(quantile(latencies, 0.99), 2),
    accepted: count,
  };
}

interface IntakeRun {
  records_per_s: number;
  seconds: number;
  service_cpu_us_per_record: number;
  http_client_cpu_us_per_record: number;
}

interface BaselineRun {
  records_per_s: number;
  seconds: number;
  cpu_us_per_record: number;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  log(`load average at start: ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`);
  const kafka = createKafka({ brokers, clientId: `bench-${run}`, topicPrefix: prefix, logger: silentLogger });
  const baselineTopic = { ...loyaltyMemberTopic, name: 'bench.baseline.v1' };
  await ensureTopics(kafka, [
    loyaltyMemberTopic,
    loyaltyTransactionTopic,
    rawLoyaltyMembersTopic,
    rawLoyaltyTransactionsTopic,
    baselineTopic,
  ]);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean),
      'services/ingest-loyalty/src/server.ts',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
        API_KEYS: `bench:${apiKey}:ingest:write`,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_CLIENT_ID: `ingest-loyalty-bench-${run}`,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: `bench:${run}:`,
        RATE_LIMIT_PER_MINUTE: '10000000',
        MAX_BATCH_RECORDS: String(Math.max(1000, batchSize)),
      },
    },
  );
  const admin = new Kafka({ clientId: `bench-admin-${run}`, brokers, logLevel: logLevel.NOTHING }).admin();
  const http = httpPool(url, connections);
  const singleUrl = new URL(`${url}/v1/loyalty/members`);
  const batchUrl = new URL(`${url}/v1/loyalty/members/batch`);
  let producer: Producer | undefined;
  try {
    await waitReady(url, child);
    log(`ingest-loyalty ready on ${url}, topic prefix ${prefix}`);
    const batches = Math.ceil(totalRecords / batchSize);

    // Warm-up: connections, JIT, the producer's metadata.
    for (let i = 0; i < 3; i++) {
      const answer = await post(http, batchUrl, JSON.stringify({ records: [member(i, 'warm')] }), apiKey);
      if (answer.status !== 202) throw new Error(`warm-up answered ${answer.status}: ${answer.body}`);
    }
    let accepted = 3;
    let unanswered = 0;

    const raw = new Kafka({ clientId: `bench-raw-${run}`, brokers, logLevel: logLevel.NOTHING });
    producer = raw.producer();
    await producer.connect();
    const baselineProducer = producer;

    const intakeRuns: IntakeRun[] = [];
    const baselineRuns: BaselineRun[] = [];
    const ratios: number[] = [];
    const latencyRuns: LatencyRun[] = [];
    const sequentialRuns: { p50_ms: number; p99_ms: number }[] = [];

    for (let r = 0; r < rounds; r++) {
      const tag = `r${r}`;
      const bodies = Array.from({ length: batches }, (_, b) =>
        JSON.stringify({
          records: Array.from({ length: Math.min(batchSize, totalRecords - b * batchSize) }, (_, i) =>
            member(b * batchSize + i, tag),
          ),
        }),
      );
      // The baseline writes the same events (validated, normalised, enveloped up front, so only the
      // write is timed), in the same batches and concurrency.
      const eventBatches = bodies.map((body) =>
        (JSON.parse(body) as { records: LoyaltyMemberBody[] }).records.map((record) => {
          const event = loyaltyMemberEvent(normaliseLoyaltyMember(record as never));
          return { key: loyaltyMemberKey(event), value: JSON.stringify(event) };
        }),
      );

      const intake = async (): Promise<IntakeRun> => {
        let stored = 0;
        const serverCpuBefore = cpuSeconds(child.pid);
        const clientCpuBefore = process.cpuUsage();
        const started = performance.now();
        await pool(batches, concurrency, async (b) => {
          const answer = await post(http, batchUrl, bodies[b]!, apiKey);
          if (answer.status !== 202) throw new Error(`batch ${b} answered ${answer.status}: ${answer.body}`);
          stored += (JSON.parse(answer.body) as { accepted: number }).accepted;
        });
        const elapsed = (performance.now() - started) / 1000;
        accepted += stored;
        return {
          records_per_s: Math.round(stored / elapsed),
          seconds: round(elapsed, 2),
          service_cpu_us_per_record: round(((cpuSeconds(child.pid) - serverCpuBefore) / stored) * 1e6, 1),
          http_client_cpu_us_per_record: round(cpuMicros(process.cpuUsage(clientCpuBefore)) / stored, 1),
        };
      };
      const baseline = async (): Promise<BaselineRun> => {
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        await pool(batches, concurrency, async (b) => {
          await baselineProducer.send({
            topic: `${prefix}bench.baseline.v1`,
            acks: -1,
            messages: eventBatches[b]!,
          });
        });
        const elapsed = (performance.now() - started) / 1000;
        return {
          records_per_s: Math.round(totalRecords / elapsed),
          seconds: round(elapsed, 2),
          cpu_us_per_record: round(cpuMicros(process.cpuUsage(cpuBefore)) / totalRecords, 1),
        };
      };
      if (r === 0) {
        await baselineProducer.send({
          topic: `${prefix}bench.baseline.v1`,
          acks: -1,
          messages: eventBatches[0]!.slice(0, 3),
        });
      }

      log(`round ${r + 1}/${rounds}: load ${loadavg()[0]!.toFixed(2)}`);
      // Alternate which side goes first, so a trend in the machine's load favours neither.
      let intakeRun: IntakeRun;
      let baselineRun: BaselineRun;
      if (r % 2 === 0) {
        intakeRun = await intake();
        baselineRun = await baseline();
      } else {
        baselineRun = await baseline();
        intakeRun = await intake();
      }
      intakeRuns.push(intakeRun);
      baselineRuns.push(baselineRun);
      ratios.push(intakeRun.records_per_s / baselineRun.records_per_s);
      log(
        `  batched: ${intakeRun.records_per_s} records/s vs baseline ${baselineRun.records_per_s} ` +
          `(${(intakeRun.records_per_s / baselineRun.records_per_s).toFixed(3)}), ` +
          `service ${intakeRun.service_cpu_us_per_record} us/record`,
      );

      const seq = await sequential(http, singleUrl, sequentialRequests);
      accepted += seq.accepted;
      sequentialRuns.push({ p50_ms: seq.p50_ms, p99_ms: seq.p99_ms });
      log(`  sequential: p50 ${seq.p50_ms} ms, p99 ${seq.p99_ms} ms`);

      const loaded = await fixedRate(child.pid, http, singleUrl, (i) =>
        JSON.stringify(member(i, `single-${tag}`)),
      );
      accepted += loaded.accepted;
      unanswered += loaded.failed;
      latencyRuns.push(loaded.figures);
      const f = loaded.figures;
      log(
        `  ${rate} req/s: p50 ${f.p50_ms} ms, p99 ${f.p99_ms} ms, max ${f.max_ms} ms, achieved ` +
          `${f.achieved_req_per_s} req/s, send lag p99 ${f.send_lag_p99_ms} ms, ` +
          `service ${f.service_cpu_us_per_request} us/request, ${f.non_2xx} non-2xx, ${f.errors} errors`,
      );
    }

    // No loss, no duplicates: every accepted record is on the topic once (3 warm-up records included).
    // A request that failed on the client side may have been stored without its answer arriving, so the
    // topic may hold up to that many more; never fewer.
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(`${prefix}${loyaltyMemberTopic.name}`);
    const onTopic = offsets.reduce((sum, p) => sum + Number(p.high), 0);

    const med = <T>(runs: readonly T[], pick: (run: T) => number): number => median(runs.map(pick));
    const ratio = median(ratios);
    const p99 = med(latencyRuns, (l) => l.p99_ms);
    const non2xx = latencyRuns.reduce((sum, l) => sum + l.non_2xx, 0);
    const errors = latencyRuns.reduce((sum, l) => sum + l.errors, 0);
    const figures: Figures = {
      load_average_at_start: loadAtStart.map((l) => round(l, 2)),
      load_average_at_end: loadavg().map((l) => round(l, 2)),
      rounds,
      batched_intake: {
        records_per_round: totalRecords,
        batch_size: batchSize,
        concurrency,
        // Medians over the rounds; the ratio is the median of each round's own ratio.
        records_per_s: med(intakeRuns, (i) => i.records_per_s),
        baseline_kafkajs_records_per_s: med(baselineRuns, (b) => b.records_per_s),
        ratio_to_baseline: round(ratio, 3),
        // CPU per record, independent of what else runs on the machine: the service, the HTTP client
        // sending the batches, and the baseline producer's process.
        service_cpu_us_per_record: med(intakeRuns, (i) => i.service_cpu_us_per_record),
        http_client_cpu_us_per_record: med(intakeRuns, (i) => i.http_client_cpu_us_per_record),
        baseline_cpu_us_per_record: med(baselineRuns, (b) => b.cpu_us_per_record),
        ratio_per_round: ratios.map((x) => round(x, 3)),
        intake_per_round: intakeRuns as unknown as Figures[],
        baseline_per_round: baselineRuns as unknown as Figures[],
        target_ratio: TARGET_RATIO,
        meets_target: ratio >= TARGET_RATIO,
      },
      single_record: {
        offered_req_per_s: rate,
        seconds_per_round: seconds,
        warmup_seconds_excluded: warmupSeconds,
        connections,
        p50_ms: med(latencyRuns, (l) => l.p50_ms),
        p90_ms: med(latencyRuns, (l) => l.p90_ms),
        p99_ms: p99,
        achieved_req_per_s: med(latencyRuns, (l) => l.achieved_req_per_s),
        service_cpu_us_per_request: med(latencyRuns, (l) => l.service_cpu_us_per_request),
        sequential_p50_ms: med(sequentialRuns, (s) => s.p50_ms),
        sequential_p99_ms: med(sequentialRuns, (s) => s.p99_ms),
        non_2xx: non2xx,
        errors,
        per_round: latencyRuns as unknown as Figures[],
        target_p99_ms: TARGET_P99_MS,
        meets_target: p99 < TARGET_P99_MS && non2xx === 0 && errors === 0,
      },
      canonical_topic: {
        acknowledged_events: accepted,
        unanswered_at_stop: unanswered,
        events: onTopic,
        none_lost: onTopic >= accepted,
        no_duplicates: onTopic <= accepted + unanswered,
      },
    };
    finish('ingest', figures, { write: !values['no-write'] });
  } finally {
    await producer?.disconnect();
    await http.destroy();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    try {
      await admin.connect();
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      if (topics.length > 0) await admin.deleteTopics({ topics });
    } catch (error) {
      log(`topics under ${prefix} not deleted: ${(error as Error).message}`);
    }
    await admin.disconnect();
  }
}

await main();
