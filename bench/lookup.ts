/**
 * bench:lookup: identifier lookups against the running matcher at a fixed offered rate, against the
 * running infrastructure (KAFKA_BROKERS, DATABASE_URL's server, REDIS_URL).
 *
 * The matcher is started by `./dev.sh up matcher` on a private database, topic prefix, consumer group,
 * Redis prefix and port; generated people (one record each, so one customer each) go onto its topics as
 * the ingest services publish them and the matcher resolves them. Then `POST /v1/customers/lookup` over
 * HTTP at `--rate` requests per second, open loop (a request is due at its time whatever is in flight,
 * so a slow answer cannot slow the load down), over a random mix of every identifier kind and 5% of
 * identifiers nobody carries (404). Two phases over the same sequence of identifiers: the first finds
 * nothing in Redis (every answer read from Postgres, then cached): the baseline; the second repeats it
 * (answers from Redis). Latency runs from a request's due time to its answer.
 *
 *   pnpm bench:lookup     100,000 customers, 1,000 requests/s, 5 s warm-up + 20 s per phase
 *                         options: --customers N, --rate N, --seconds N, --no-write
 *
 * Target (issue 11): p99 under 10 ms at 1,000 requests/s over 100,000 customers.
 */
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { topics, type IdentifierQuery, type PersonRecord } from '@rapport/contracts';
import { canonicalEvent, generatePeople } from '@rapport/datagen';
import { latencyFigures, loadFigures, openLoop, type OpenLoad } from './lib/open-loop.ts';
import { matcherApplied, privateFleet } from './lib/private-fleet.ts';
import { finish, round, timed, type Figures } from './lib/report.ts';

const TARGET_P99_MS = 10;

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '20' },
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

const { fleet, brokers, topicPrefix, databaseUrl, db, destroy } = await privateFleet('lookup');
const kafka = new Kafka({ clientId: `bench-lookup-${topicPrefix}`, brokers, logLevel: logLevel.NOTHING });
const producer = kafka.producer();
// Keep-alive connections, as a client of a lookup service holds them; a request waits for a free one.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const loadAtStart = loadavg().map((l) => round(l, 2));

try {
  log(`./dev.sh up matcher (${databaseUrl.replace(/.*\//, 'database ')}, topics ${topicPrefix}*)`);
  const up = await fleet.sh('up', 'matcher');
  if (up.code !== 0) throw new Error(`./dev.sh up matcher failed:\n${up.output}`);
  const base = fleet.url('matcher');
  const apiKey = fleet.apiKey();

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
  log(`publishing ${events.length} records and waiting for the matcher`);
  await producer.connect();
  const seeded = await timed(async () => {
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
    await matcherApplied(db, distinct);
  });
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

  const phase = async (name: string): Promise<Figures> => {
    const load: OpenLoad = { rate, seconds: Number(values.seconds), warmupSeconds: 5, tickMs: 1, log };
    const answeredAt = new Float64Array(Math.round(rate * (load.seconds + load.warmupSeconds)));
    const statuses = new Map<number, number>();
    let answered = 0;
    const ask = (i: number): Promise<void> =>
      new Promise((done, failed) => {
        const body = queries[i % queries.length]!;
        const req = request(
          `${base}/v1/customers/lookup`,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-api-key': apiKey,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              answeredAt[i] = performance.now();
              statuses.set(res.statusCode!, (statuses.get(res.statusCode!) ?? 0) + 1);
              answered++;
              done();
            });
          },
        );
        req.on('error', failed);
        req.end(body);
      });
    log(`${name}: ${rate} requests/s for ${load.warmupSeconds} + ${load.seconds} s`);
    const run = await openLoop(
      load,
      async (from, to) => {
        const asks: Promise<void>[] = [];
        for (let i = from; i < to; i++) asks.push(ask(i));
        await Promise.all(asks);
      },
      () => answered,
    );
    const figures: Figures = {
      requests: answeredAt.length - run.counted,
      ...latencyFigures(run.dueAt, answeredAt, run.counted),
      statuses: Object.fromEntries([...statuses].map(([s, n]) => [String(s), n])),
      ...loadFigures(load, run.sends, run.failed, run.sendLagP99Ms),
    };
    log(`${name}: p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms`);
    // 400: a generated identifier the engine cannot normalise (a corrupted phone), answered as such.
    const bad = [...statuses.keys()].filter((s) => s !== 200 && s !== 404 && s !== 400);
    if (bad.length > 0) throw new Error(`${name}: unexpected statuses ${bad.join(', ')}`);
    return figures;
  };

  const postgres = await phase('first lookups (Postgres, then cached)');
  const cached = await phase('the same lookups again (Redis)');
  const p99 = Math.max(postgres.p99_ms as number, cached.p99_ms as number);
  finish(
    'lookup',
    {
      load_average_at_start: loadAtStart,
      load_average_at_end: loadavg().map((l) => round(l, 2)),
      customers: counted[0]!.customers,
      records: events.length,
      seed_records_per_s: Math.round(events.length / seeded.seconds),
      identifiers: known.length,
      unknown_share: round(unknown.length / queries.length, 3),
      offered_requests_per_s: rate,
      first_lookups: postgres,
      repeated_lookups: {
        ...cached,
        ratio_to_baseline: round((cached.p99_ms as number) / (postgres.p99_ms as number), 2),
      },
      p99_ms: p99,
      target_p99_ms: TARGET_P99_MS,
      meets_target: p99 < TARGET_P99_MS,
    },
    { write: !values['no-write'] },
  );
} finally {
  agent.destroy();
  await producer.disconnect().catch(() => {});
  await destroy();
}
