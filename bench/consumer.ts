/**
 * bench:consumer: what one transaction per batch buys a consumer that stores into Postgres, against the
 * running infrastructure (KAFKA_BROKERS, DATABASE_URL).
 *
 * Writes `--records` member events over 12 partitions (the registry's count) to a fresh topic, then, in each
 * of `--rounds` rounds (the order of the modes rotates per round), consumes them all with a fresh group and an
 * empty table in three modes, with 3 partitions handled concurrently:
 *   - `single` (the baseline): `handle`, one transaction per message (one INSERT);
 *   - `batch`: `handleBatch` of up to `--batch` messages, one transaction per batch, the same INSERT per message;
 *   - `batch_bulk`: the same batches stored with one multi-row INSERT (what a batch handler can do besides).
 * A round ends when every message is stored and its handler call returned (the commit of its offsets follows).
 * Figures are medians over the rounds: records_per_s, ratio_to_baseline, mean messages per handler call.
 * Then checks that each mode stored every record once, and drops the database and topic.
 *
 *   pnpm bench:consumer          3 rounds of 20,000 records, batches of up to 500
 *   options: --rounds N, --records N, --batch N, --no-write
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { createPool, withTransaction, type Pool, type PoolClient } from '@rapport/db';
import {
  createKafka,
  createProducer,
  ensureTopics,
  ok,
  runConsumer,
  silentLogger,
  type ConsumedMessage,
} from '@rapport/kafka';
import { finish, median, round } from './lib/report.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    records: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '500' },
    'no-write': { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const totalRecords = Number(values.records);
const batchSize = Number(values.batch);

const log = (line: string): void => void process.stderr.write(`[bench:consumer] ${line}\n`);

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    process.stderr.write(
      `bench:consumer needs ${name} (the running infrastructure, e.g. ./dev.sh infra up)\n`,
    );
    process.exit(1);
  }
  return value;
}

const brokers = required('KAFKA_BROKERS').split(',');
const databaseUrl = required('DATABASE_URL');
const run = randomBytes(4).toString('hex');
const topic = 'bench.member.v1';
const partitions = 12;

type Mode = 'single' | 'batch' | 'batch_bulk';
const modes: Mode[] = ['single', 'batch', 'batch_bulk'];

const row = (m: ConsumedMessage): [string, number, string, string] => {
  const body = JSON.parse(m.value!.toString('utf8')) as { memberId: string };
  return [body.memberId, m.partition, m.offset, m.value!.toString('utf8')];
};
const insertOne = (client: PoolClient, m: ConsumedMessage) =>
  client.query(
    'INSERT INTO member (id, partition, "offset", body) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
    row(m),
  );
const insertMany = (client: PoolClient, messages: readonly ConsumedMessage[]) => {
  const rows = messages.map(row);
  return client.query(
    `INSERT INTO member (id, partition, "offset", body)
     SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::jsonb[]) ON CONFLICT (id) DO NOTHING`,
    [0, 1, 2, 3].map((c) => rows.map((r) => r[c])),
  );
};

async function consumeAll(
  kafka: ReturnType<typeof createKafka>,
  pool: Pool,
  mode: Mode,
  tag: string,
): Promise<{ records_per_s: number; seconds: number; messages_per_call: number }> {
  await pool.query('TRUNCATE member');
  let handled = 0;
  let calls = 0;
  let done!: () => void;
  const allHandled = new Promise<void>((resolve) => (done = resolve));
  const count = (n: number): void => {
    calls++;
    handled += n;
    if (handled >= totalRecords) done();
  };
  const common = {
    groupId: `bench-${run}-${tag}-${mode}`,
    topics: [topic],
    partitionsConsumedConcurrently: 3,
    logger: silentLogger,
  };
  const started = performance.now();
  const consumer =
    mode === 'single'
      ? await runConsumer(kafka, {
          ...common,
          handle: async (m) => {
            await withTransaction(pool, (client) => insertOne(client, m));
            count(1);
            return ok();
          },
        })
      : await runConsumer(kafka, {
          ...common,
          maxBatchMessages: batchSize,
          handleBatch: async (messages) => {
            await withTransaction(pool, async (client) => {
              if (mode === 'batch_bulk') await insertMany(client, messages);
              else for (const m of messages) await insertOne(client, m);
            });
            count(messages.length);
            return messages.map(() => ok());
          },
        });
  await allHandled;
  const seconds = (performance.now() - started) / 1000;
  await consumer.stop();
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM member');
  if (Number(rows[0]!.n) !== totalRecords) throw new Error(`${mode} stored ${rows[0]!.n} of ${totalRecords}`);
  return {
    records_per_s: Math.round(totalRecords / seconds),
    seconds: round(seconds, 2),
    messages_per_call: round(totalRecords / calls, 1),
  };
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  log(`load average at start: ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`);
  const kafka = createKafka({
    brokers,
    clientId: `bench-${run}`,
    topicPrefix: `bench.${run}.`,
    logger: silentLogger,
  });
  const admin = createPool(databaseUrl, { max: 1 });
  const database = `bench_consumer_${run}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  const pool = createPool(url.toString(), { max: 6 });
  try {
    await pool.query(
      'CREATE TABLE member (id text PRIMARY KEY, partition int NOT NULL, "offset" bigint NOT NULL, body jsonb NOT NULL)',
    );
    await ensureTopics(kafka, [{ name: topic, partitions }]);
    const producer = createProducer(kafka);
    for (let start = 0; start < totalRecords; start += 5000) {
      const messages = Array.from({ length: Math.min(5000, totalRecords - start) }, (_, i) => {
        const memberId = `M-${start + i}`;
        const body = { memberId, program: 'skymiles', names: { given: 'Ana', family: 'Souza' }, points: i };
        return { key: memberId, value: JSON.stringify(body) };
      });
      await producer.send(topic, messages);
    }
    await producer.disconnect();
    log(`${totalRecords} records on ${partitions} partitions; ${rounds} rounds of ${modes.join(', ')}`);

    const perRound: Record<Mode, Awaited<ReturnType<typeof consumeAll>>[]> = {
      single: [],
      batch: [],
      batch_bulk: [],
    };
    for (let r = 0; r < rounds; r++) {
      const order = modes.map((_, i) => modes[(i + r) % modes.length]!);
      for (const mode of order) {
        const result = await consumeAll(kafka, pool, mode, `r${r}`);
        perRound[mode].push(result);
        log(
          `round ${r + 1} ${mode}: ${result.records_per_s} records/s, ${result.messages_per_call} per call`,
        );
      }
    }
    const baseline = median(perRound.single.map((x) => x.records_per_s));
    const figures = Object.fromEntries(
      modes.map((mode) => {
        const rate = median(perRound[mode].map((x) => x.records_per_s));
        return [
          mode,
          {
            records_per_s: rate,
            ratio_to_baseline: round(rate / baseline, 2),
            messages_per_call: median(perRound[mode].map((x) => x.messages_per_call)),
            records_per_s_per_round: perRound[mode].map((x) => x.records_per_s),
          },
        ];
      }),
    );
    finish(
      'consumer',
      {
        load_average_at_start: loadAtStart.map((l) => round(l, 2)),
        load_average_at_end: loadavg().map((l) => round(l, 2)),
        rounds,
        records: totalRecords,
        partitions,
        max_batch_messages: batchSize,
        partitions_consumed_concurrently: 3,
        ...figures,
      },
      { write: !values['no-write'] },
    );
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    const kafkaAdmin = new Kafka({
      clientId: `bench-admin-${run}`,
      brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await kafkaAdmin.connect();
    await kafkaAdmin
      .deleteTopics({ topics: [kafka.topicName(topic), kafka.topicName(`${topic}.dlq`)] })
      .catch(() => {});
    await kafkaAdmin.disconnect();
  }
}

await main();
