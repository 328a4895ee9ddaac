/**
 * bench:lookup: identifier lookups against the running matcher at a fixed offered rate, against the
 * running infrastructure (KAFKA_BROKERS, DATABASE_URL's server, REDIS_URL).
 *
 * Seeding is a bulk load: generated people (one record each, so one customer each) go onto a private
 * topic prefix as the ingest services publish them, then `./dev.sh up matcher` starts the matcher on a
 * private database, consumer group, Redis prefix and port with its bulk-load settings (MATCHER_BULK_LOAD),
 * and it resolves the backlog. Then `POST /v1/customers/lookup` over HTTP at `--rate` requests per second,
 * open loop (a request is due at its time whatever is in flight, so a slow answer cannot slow the load
 * down), over a random mix of every identifier kind and 5% of identifiers nobody carries (404); latency
 * runs from a request's due time to its answer. First every identifier's first lookup (nothing in Redis:
 * each answer read from Postgres, then cached); then `--rounds` rounds of the same lookups again (answers
 * from Redis) alternating with two baselines at the same rate: a bare route of the same matcher
 * (`GET /healthz`: the HTTP floor of this server on this machine) and a direct Redis GET of the keys the
 * matcher cached (the cache's floor). Medians over the rounds.
 *
 *   pnpm bench:lookup     100,000 customers, 1,000 requests/s, 5 s warm-up + 20 s per phase, 3 rounds
 *                         options: --customers N, --rate N, --seconds N, --rounds N, --no-write
 *
 * Target (issue 11): p99 under 10 ms at 1,000 requests/s over 100,000 customers (the repeated lookups).
 */
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { topics, type IdentifierQuery, type PersonRecord } from '@rapport/contracts';
import { canonicalEvent, generatePeople } from '@rapport/datagen';
import { latencyFigures, loadFigures, openLoop, type OpenLoad } from './lib/open-loop.ts';
import { MATCHER_BULK_LOAD, matcherApplied, privateFleet } from './lib/private-fleet.ts';
import { requiredEnv } from './lib/env.ts';
import { cpuSeconds } from './lib/process-cpu.ts';
import { finish, median, round, timed, type Figures } from './lib/report.ts';

const TARGET_P99_MS = 10;

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
  },
});
const customers = Number(values.customers);
const rate = Number(values.rate);
const topicOf = {
  [topics.loyaltyMember.name]: topics.loyaltyMember,
  [topics.crmContact.name]: topics.crmContact,
  [topics.socialAuthor.name]: topics.socialAuthor,
};
const log = (line: string): void => void process.stderr.write(`[bench:lookup] ${line}\n`);

/** The identifiers a record can be looked up by, as a caller would type them. */
function queriesOf(r: PersonRecord): IdentifierQuery[] {
  const out: IdentifierQuery[] = [];
  for (const e of r.emails) out.push({ kind: 'email', email: e.address });
  for (const p of r.phones) out.push({ kind: 'phone', phone: p.number });
  for (const c of r.cards) out.push({ kind: 'card', program: c.program, number: c.number });
  for (const h of r.handles) out.push({ kind: 'handle', platform: h.platform, handle: h.handle });
  for (const c of r.crmIds) out.push({ kind: 'crm-id', crmId: c });
  return out;
}

/** A deterministic shuffle (mulberry32), so both phases and every run ask the same sequence. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const { fleet, brokers, topicPrefix, redisPrefix, databaseUrl, db, setup, destroy } = await privateFleet(
  'lookup',
  MATCHER_BULK_LOAD,
);
const kafka = new Kafka({ clientId: `bench-lookup-${topicPrefix}`, brokers, logLevel: logLevel.NOTHING });
const producer = kafka.producer();
// Keep-alive connections, as a client of a lookup service holds them; a request waits for a free one.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const redis = new Redis(requiredEnv('bench:lookup', 'REDIS_URL'), { lazyConnect: false });
const loadAtStart = loadavg().map((l) => round(l, 2));

try {
  const base = fleet.url('matcher');

  // One record per person: as many customers as records.
  const records = [
    ...generatePeople({ seed: 11, people: customers, duplicatesPerPerson: [1], shuffleWindow: 0 }),
  ].map((g) => g.record);
  // Only what the topic's schema takes: a generated value it refuses would be dead-lettered, never applied.
  const events = records.flatMap((r) => {
    const e = canonicalEvent(r);
    return e !== undefined && topicOf[e.topic]!.schema.safeParse(e.event).success ? [e] : [];
  });
  // Two generated records of the same content are one event (event ids cover the content).
  const distinct = new Set(events.map((e) => e.event.eventId)).size;
  // A bulk load: every record on the topics first, then the matcher (bulk settings) consumes the backlog.
  await setup();
  log(
    `publishing ${events.length} records (${databaseUrl.replace(/.*\//, 'database ')}, topics ${topicPrefix}*)`,
  );
  await producer.connect();
  const published = await timed(async () => {
    for (let i = 0; i < events.length; i += 2000) {
      const byTopic = new Map<string, { key: string; value: string }[]>();
      for (const e of events.slice(i, i + 2000)) {
        const list = byTopic.get(e.topic) ?? [];
        list.push({ key: e.key, value: JSON.stringify(e.event) });
        byTopic.set(e.topic, list);
      }
      await producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic: topicPrefix + topic, messages })),
      });
    }
  });
  log(`./dev.sh up matcher, waiting for it to resolve the backlog`);
  const seeded = await timed(async () => {
    const up = await fleet.sh('up', 'matcher');
    if (up.code !== 0) throw new Error(`./dev.sh up matcher failed:\n${up.output}`);
    await matcherApplied(db, distinct);
  });
  const apiKey = fleet.apiKey();
  const matcherPid = fleet.pid('matcher');
  const { rows: counted } = await db.query<{ customers: number }>(
    `select count(*)::int as customers from customers where status = 'active'`,
  );
  log(
    `${counted[0]!.customers} customers after ${round(seeded.seconds, 1)} s (${Math.round(events.length / seeded.seconds)} records/s)`,
  );

  const known = records.flatMap(queriesOf);
  const unknown = Array.from({ length: Math.ceil(known.length / 19) }, (_, i): IdentifierQuery => ({
    kind: 'email',
    email: `nobody-${i}@unknown.example`,
  }));
  const queries = shuffled([...known, ...unknown], 7).map((q) => JSON.stringify(q));

  /** An HTTP request to the matcher, resolved with its status once the answer is read. */
  const http = (method: 'GET' | 'POST', path: string, body?: string): Promise<number> =>
    new Promise((done, failed) => {
      const headers: Record<string, string | number> = { 'x-api-key': apiKey };
      if (body !== undefined)
        Object.assign(headers, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
      const req = request(`${base}${path}`, { method, agent, headers }, (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode!));
      });
      req.on('error', failed);
      req.end(body);
    });
  const lookup = (i: number) => http('POST', '/v1/customers/lookup', queries[i % queries.length]);

  /** `ask(i)` for i = 0, 1, ... at `rate` per second, open loop; latency from each one's due time. */
  const phase = async (name: string, ask: (i: number) => Promise<number | string>): Promise<Figures> => {
    const load: OpenLoad = { rate, seconds: Number(values.seconds), warmupSeconds: 5, tickMs: 1, log };
    const answeredAt = new Float64Array(Math.round(rate * (load.seconds + load.warmupSeconds)));
    const statuses = new Map<number | string, number>();
    let answered = 0;
    log(`${name}: ${rate} requests/s for ${load.warmupSeconds} + ${load.seconds} s`);
    const cpuBefore = cpuSeconds(matcherPid);
    const run = await openLoop(
      load,
      async (from, to) => {
        const asks: Promise<void>[] = [];
        for (let i = from; i < to; i++)
          asks.push(
            ask(i).then((status) => {
              answeredAt[i] = performance.now();
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
              answered++;
            }),
          );
        await Promise.all(asks);
      },
      () => answered,
    );
    const figures: Figures = {
      requests: answeredAt.length - run.counted,
      ...latencyFigures(run.dueAt, answeredAt, run.counted),
      statuses: Object.fromEntries([...statuses].map(([s, n]) => [String(s), n])),
      // What each answer cost the matcher, whatever the machine's load made of its latency.
      matcher_cpu_ms_per_request: round(((cpuSeconds(matcherPid) - cpuBefore) * 1000) / answeredAt.length, 3),
      ...loadFigures(load, run.sends, run.failed, run.sendLagP99Ms),
    };
    log(`${name}: p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms`);
    // 400: a generated identifier the engine cannot normalise (a corrupted phone), answered as such.
    const bad = [...statuses.keys()].filter((s) => s !== 200 && s !== 404 && s !== 400 && s !== 'hit');
    if (bad.length > 0) throw new Error(`${name}: unexpected statuses ${bad.join(', ')}`);
    return figures;
  };

  // Cold: every identifier's first lookup reads Postgres (and caches its answer).
  const cold = await phase('first lookups (Postgres, then cached)', lookup);
  // The cache's own floor: GET of the very keys the matcher cached, straight from this process.
  const cachedKeys: string[] = [];
  for await (const batch of redis.scanStream({ match: `${redisPrefix}lookup-answer:*`, count: 1000 }))
    cachedKeys.push(...(batch as string[]));
  const redisGet = (i: number) =>
    redis.get(cachedKeys[i % cachedKeys.length]!).then((v) => (v === null ? 'miss' : 'hit'));
  // The server's own floor: a bare route (no auth, no body, no I/O) on the same matcher and connections.
  const bareRoute = () => http('GET', '/healthz');
  // Rounds alternate, so that a change in the machine's load falls on all three alike; medians reported.
  const rounds: Record<'lookups' | 'bare_route' | 'redis_get', Figures[]> = {
    lookups: [],
    bare_route: [],
    redis_get: [],
  };
  for (let r = 1; r <= Number(values.rounds); r++) {
    rounds.lookups.push(await phase(`round ${r}: the same lookups again (Redis)`, lookup));
    rounds.bare_route.push(await phase(`round ${r}: baseline GET /healthz`, bareRoute));
    rounds.redis_get.push(await phase(`round ${r}: baseline Redis GET of the cached keys`, redisGet));
  }
  const medianOf = (list: Figures[], figure: string) =>
    round(median(list.map((f) => f[figure] as number)), 2);
  const summary = (list: Figures[]): Figures => ({
    p50_ms: medianOf(list, 'p50_ms'),
    p99_ms: medianOf(list, 'p99_ms'),
    matcher_cpu_ms_per_request: medianOf(list, 'matcher_cpu_ms_per_request'),
    rounds: list,
  });
  const cached = summary(rounds.lookups);
  const bare = summary(rounds.bare_route);
  const p99 = cached.p99_ms as number;
  finish(
    'lookup',
    {
      load_average_at_start: loadAtStart,
      load_average_at_end: loadavg().map((l) => round(l, 2)),
      customers: counted[0]!.customers,
      records: events.length,
      publish_seconds: round(published.seconds, 1),
      seed_seconds: round(seeded.seconds, 1),
      seed_records_per_s: Math.round(events.length / seeded.seconds),
      identifiers: known.length,
      unknown_share: round(unknown.length / queries.length, 3),
      offered_requests_per_s: rate,
      first_lookups: cold,
      repeated_lookups: {
        ...cached,
        ratio_to_baseline: round(p99 / (bare.p99_ms as number), 2),
      },
      baseline_bare_route: bare,
      baseline_redis_get: { cached_keys: cachedKeys.length, ...summary(rounds.redis_get) },
      p99_ms: p99,
      target_p99_ms: TARGET_P99_MS,
      meets_target: p99 < TARGET_P99_MS,
    },
    { write: !values['no-write'] },
  );
} finally {
  agent.destroy();
  redis.disconnect();
  await producer.disconnect().catch(() => {});
  await destroy();
}
