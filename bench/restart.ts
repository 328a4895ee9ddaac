/**
 * bench:restart: how fast a crashed ingest service is back, against the running infrastructure
 * (KAFKA_BROKERS, DATABASE_URL, REDIS_URL).
 *
 * ingest-loyalty is started by `./dev.sh up ingest-loyalty` on a private state folder, ports, topic
 * prefix, consumer group and Redis prefix (topics deleted at the end). The baseline is that
 * cold start: from `./dev.sh up` to the first HTTP answer and to /readyz 200. Then `--rounds` times,
 * under a steady load of member batches: `kill -9`, `./dev.sh up ingest-loyalty` at once, the same two
 * figures, and every acknowledged record looked for on loyalty.member.v1 (once, twice, never).
 * Figures are medians over the rounds (each round listed), with the restart's ratio to the cold start.
 *
 *   pnpm bench:restart            3 rounds; options: --rounds N, --load-ms N (load before and after a kill)
 *
 * Targets (issue 13): HTTP within 5 s and ready within 15 s of `./dev.sh up`, every acknowledged record once.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import {
  deleteTopicsWithPrefix,
  devFleet,
  killAndRestart,
  timeUp,
  type RestartFigures,
} from '@rapport/testing/fleet';
import { requiredEnv } from './lib/env.ts';
import { finish, median, type Figures } from './lib/report.ts';

const TARGET_HTTP_MS = 5000;
const TARGET_READY_MS = 15_000;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'load-ms': { type: 'string', default: '2000' },
    'no-write': { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);

const log = (line: string): void => {
  process.stderr.write(`[bench:restart] ${line}\n`);
};

const required = (name: string): string => requiredEnv('bench:restart', name);

const brokers = required('KAFKA_BROKERS')
  .split(',')
  .map((b) => b.trim());
const redisUrl = required('REDIS_URL');
// `rapport setup` applies the migrations there, as `./dev.sh up` does.
const databaseUrl = required('DATABASE_URL');

const id = randomBytes(4).toString('hex');
const topicPrefix = `bench.${id}.`;
const fleet = await devFleet({
  brokers,
  databaseUrl,
  redisUrl,
  topicPrefix,
  groupId: `bench-restart-${id}`,
  redisPrefix: `bench:${id}:`,
  env: { LOG_LEVEL: 'info' },
});
const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);

try {
  log('cold start: ./dev.sh up ingest-loyalty');
  const cold = await timeUp(fleet);
  log(`cold start: HTTP after ${cold.http_ms} ms, ready after ${cold.ready_ms} ms`);
  const results: RestartFigures[] = [];
  for (let round = 1; round <= rounds; round++) {
    const figures = await killAndRestart(fleet, {
      brokers,
      topicPrefix,
      round: String(round),
      loadMs: Number(values['load-ms']),
    });
    log(
      `round ${round}: HTTP after ${figures.http_after_restart_ms} ms, ready after ${figures.ready_after_restart_ms} ms, ` +
        `${figures.acknowledged_records} acknowledged, ${figures.duplicated} doubled, ${figures.lost} lost`,
    );
    results.push(figures);
  }
  const http = median(results.map((r) => r.http_after_restart_ms));
  const ready = median(results.map((r) => r.ready_after_restart_ms));
  const acknowledged = results.reduce((sum, r) => sum + r.acknowledged_records, 0);
  const once = results.reduce((sum, r) => sum + r.acknowledged_once, 0);
  const figures: Figures = {
    load_average_at_start: loadAtStart,
    load_average_at_end: loadavg().map((l) => Math.round(l * 100) / 100),
    rounds,
    consumer_session_seconds: 10,
    cold_start: { http_ms: cold.http_ms, ready_ms: cold.ready_ms },
    restart_after_kill_9: {
      http_after_restart_ms: http,
      ready_after_restart_ms: ready,
      ratio_to_baseline: Math.round((ready / cold.ready_ms) * 100) / 100,
      per_round: results.map((r) => ({ ...r })),
      target_http_ms: TARGET_HTTP_MS,
      target_ready_ms: TARGET_READY_MS,
      meets_target: http <= TARGET_HTTP_MS && ready <= TARGET_READY_MS,
    },
    acknowledged_records: {
      total: acknowledged,
      on_topic_once: once,
      exactly_once: once === acknowledged,
    },
  };
  finish('restart', figures, { write: !values['no-write'] });
} finally {
  await fleet.destroy();
  await deleteTopicsWithPrefix(brokers, topicPrefix).catch(() => {});
}
