/**
 * bench:ingest: ingest-loyalty's intake against the running infrastructure (KAFKA_BROKERS, REDIS_URL).
 *
 * Starts `services/ingest-loyalty/src/server.ts` in a child process on a fresh topic prefix with a bench API
 * key, then measures
 *   1. batched intake: loyalty members in JSON batches over HTTP (202 = acknowledged by every in-sync replica),
 *      beside a baseline of a plain kafkajs producer (acks -1) writing the same events in the same batches
 *      and concurrency in the same run: `ratio_to_baseline`;
 *   2. single-record latency at a fixed offered load (autocannon `overallRate`), p50/p99.
 * Then checks that every accepted record is on the canonical topic exactly once, and deletes the topics.
 *
 *   pnpm bench:ingest                      100k records in batches of 500, then 500 req/s for 15 s
 *   options: --records N, --batch N, --concurrency N, --rate N, --seconds N, --no-write
 *   BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" passes Node flags to the service (profiling).
 *
 * Targets (the issue): batched intake >= 0.5x the raw producer; single-record p99 < 20 ms at 500 req/s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Kafka, logLevel } from 'kafkajs';
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
} from '../packages/contracts/src/index.ts';
import { createKafka, ensureTopics, silentLogger } from '../packages/kafka/src/index.ts';
import { finish, round, type Figures } from './lib/report.ts';

const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 20;

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '4' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '15' },
    'no-write': { type: 'boolean', default: false },
  },
});
const totalRecords = Number(values.records);
const batchSize = Number(values.batch);
const concurrency = Number(values.concurrency);
const rate = Number(values.rate);
const seconds = Number(values.seconds);

const log = (line: string): void => {
  process.stderr.write(`[bench:ingest] ${line}\n`);
};

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    process.stderr.write(`bench:ingest needs ${name} (the running infrastructure, e.g. ./dev.sh infra up)\n`);
    process.exit(1);
  }
  return value;
}

const brokers = required('KAFKA_BROKERS')
  .split(',')
  .map((b) => b.trim());
const redisUrl = required('REDIS_URL');
const run = randomBytes(4).toString('hex');
const prefix = `bench.${run}.`;
const apiKey = `bench-${randomBytes(12).toString('hex')}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

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

/** CPU seconds (user + system) a process used so far, from /proc (Linux); NaN elsewhere. */
const cpuMicros = (usage: NodeJS.CpuUsage): number => usage.user + usage.system;

function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Runs `work(i)` for i in [0, count) with `limit` in flight. */
async function pool(count: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

async function main(): Promise<void> {
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
        LOG_LEVEL: 'warn',
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
  try {
    await waitReady(url, child);
    log(`ingest-loyalty ready on ${url}, topic prefix ${prefix}`);
    const batches = Math.ceil(totalRecords / batchSize);
    const bodies = Array.from({ length: batches }, (_, b) =>
      JSON.stringify({
        records: Array.from({ length: Math.min(batchSize, totalRecords - b * batchSize) }, (_, i) =>
          member(b * batchSize + i, 'batch'),
        ),
      }),
    );
    const headers = { 'content-type': 'application/json', 'x-api-key': apiKey };

    // Warm-up: connections, JIT, the producer's metadata.
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/v1/loyalty/members/batch`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ records: [member(i, 'warm')] }),
      });
      if (res.status !== 202) throw new Error(`warm-up answered ${res.status}: ${await res.text()}`);
    }

    log(`batched intake: ${totalRecords} records, batches of ${batchSize}, ${concurrency} in flight`);
    let accepted = 0;
    const serverCpuBefore = cpuSeconds(child.pid);
    const benchCpuBefore = process.cpuUsage();
    let started = performance.now();
    await pool(batches, concurrency, async (b) => {
      const res = await fetch(`${url}/v1/loyalty/members/batch`, {
        method: 'POST',
        headers,
        body: bodies[b],
      });
      const answer = (await res.json()) as { accepted?: number };
      if (res.status !== 202) throw new Error(`batch ${b} answered ${res.status}: ${JSON.stringify(answer)}`);
      accepted += answer.accepted ?? 0;
    });
    const intakeSeconds = (performance.now() - started) / 1000;
    const serverCpu = cpuSeconds(child.pid) - serverCpuBefore;
    const clientCpu = cpuMicros(process.cpuUsage(benchCpuBefore)) / 1e6;
    const intakeRate = accepted / intakeSeconds;
    log(`  ${Math.round(intakeRate)} records/s`);

    // Baseline: the same events (validated, normalised, enveloped up front, so only the write is timed),
    // same batches and concurrency, from a plain kafkajs producer with acks -1.
    log('baseline: plain kafkajs producer, acks -1');
    const raw = new Kafka({ clientId: `bench-raw-${run}`, brokers, logLevel: logLevel.NOTHING });
    const producer = raw.producer();
    await producer.connect();
    const eventBatches = bodies.map((body) =>
      (JSON.parse(body) as { records: LoyaltyMemberBody[] }).records.map((record) => {
        const event = loyaltyMemberEvent(normaliseLoyaltyMember(record as never));
        return { key: loyaltyMemberKey(event), value: JSON.stringify(event) };
      }),
    );
    await producer.send({
      topic: `${prefix}bench.baseline.v1`,
      acks: -1,
      messages: eventBatches[0]!.slice(0, 3),
    });
    const baselineCpuBefore = process.cpuUsage();
    started = performance.now();
    await pool(batches, concurrency, async (b) => {
      await producer.send({ topic: `${prefix}bench.baseline.v1`, acks: -1, messages: eventBatches[b]! });
    });
    const baselineSeconds = (performance.now() - started) / 1000;
    const baselineCpu = cpuMicros(process.cpuUsage(baselineCpuBefore)) / 1e6;
    const baselineRate = totalRecords / baselineSeconds;
    await producer.disconnect();
    log(`  ${Math.round(baselineRate)} records/s`);

    log(`single-record latency: ${rate} req/s offered for ${seconds} s`);
    let n = 0;
    let requestsSent = 0;
    const result = await autocannon({
      url: `${url}/v1/loyalty/members`,
      method: 'POST',
      headers,
      connections: 32,
      overallRate: rate,
      duration: seconds,
      requests: [
        {
          setupRequest: (request) => {
            requestsSent++;
            return { ...request, body: JSON.stringify(member(n++, 'single')) };
          },
        },
      ],
    });
    log(
      `  p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors`,
    );

    // No loss, no duplicates: every accepted record is on the topic once (3 warm-up records included).
    // Requests still in flight when autocannon stopped may have been stored without their answer being
    // counted, so the topic may hold up to that many more; never fewer.
    const offsets = await (async () => {
      await admin.connect();
      return admin.fetchTopicOffsets(`${prefix}${loyaltyMemberTopic.name}`);
    })();
    const onTopic = offsets.reduce((sum, p) => sum + Number(p.high), 0);
    const expected = 3 + accepted + result['2xx'];
    const unanswered = Math.max(0, requestsSent - result['2xx'] - result.non2xx);

    const figures: Figures = {
      batched_intake: {
        records: totalRecords,
        batch_size: batchSize,
        concurrency,
        records_per_s: Math.round(intakeRate),
        seconds: round(intakeSeconds, 2),
        baseline_kafkajs_records_per_s: Math.round(baselineRate),
        baseline_seconds: round(baselineSeconds, 2),
        ratio_to_baseline: round(intakeRate / baselineRate, 3),
        // CPU per record, independent of what else runs on the machine: the service, the HTTP client
        // sending the batches, and the baseline producer's process.
        service_cpu_us_per_record: round((serverCpu / accepted) * 1e6, 1),
        http_client_cpu_us_per_record: round((clientCpu / accepted) * 1e6, 1),
        baseline_cpu_us_per_record: round((baselineCpu / totalRecords) * 1e6, 1),
        load_average_1m: round(loadavg()[0] ?? Number.NaN, 2),
        target_ratio: TARGET_RATIO,
        meets_target: intakeRate / baselineRate >= TARGET_RATIO,
      },
      single_record: {
        offered_req_per_s: rate,
        seconds,
        achieved_req_per_s: round(result.requests.average, 1),
        requests: result.requests.total,
        p50_ms: result.latency.p50,
        p90_ms: result.latency.p90,
        p99_ms: result.latency.p99,
        max_ms: result.latency.max,
        non_2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        target_p99_ms: TARGET_P99_MS,
        meets_target: result.latency.p99 < TARGET_P99_MS && result.non2xx === 0 && result.errors === 0,
      },
      canonical_topic: {
        acknowledged_events: expected,
        unanswered_at_stop: unanswered,
        events: onTopic,
        none_lost: onTopic >= expected,
        no_duplicates: onTopic <= expected + unanswered,
      },
    };
    finish('ingest', figures, { write: !values['no-write'] });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
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
