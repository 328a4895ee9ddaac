import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, startPrivateKafka, test } from '@rapport/testing';
import { describe, expect } from 'vitest';

// Issue 13: `./dev.sh down` and `status` act only on what this checkout started (its own pid files)
// and name what answers on the ports but is not theirs; `./dev.sh test` stops what it started. Every
// server here is private to the test (its own ports and folders) or the shared Postgres, which
// "this checkout" never started. As a safety net on a shared machine, `pg_ctlcluster` is shadowed
// for dev.sh by a script that only records its call: whatever the code does, the shared cluster
// is never stopped by this test, and a call shows up as a failure.

interface Run {
  code: number;
  output: string;
}

function devSh(args: string[], env: Record<string, string>, unset: string[] = []): Promise<Run> {
  const base: Record<string, string | undefined> = { ...process.env, ...env };
  for (const name of unset) delete base[name];
  return new Promise((resolve) => {
    const child = spawn('bash', [join(repoRoot(), 'dev.sh'), ...args], { cwd: repoRoot(), env: base });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function waitFor(predicate: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms;) {
    if (await predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return predicate();
}

/** A folder on PATH whose `pg_ctlcluster` records its arguments and does nothing else. */
function pgCtlClusterGuard(dir: string): { path: string; calls: () => string } {
  const bin = join(dir, 'guard-bin');
  const log = join(dir, 'pg_ctlcluster.calls');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'pg_ctlcluster'), `#!/bin/sh\necho "$@" >> '${log}'\nexit 1\n`);
  chmodSync(join(bin, 'pg_ctlcluster'), 0o755);
  return {
    path: `${bin}:${process.env.PATH ?? ''}`,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''),
  };
}

function startRedis(port: number, dir: string): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
}

describe('./dev.sh and the servers it did not start', () => {
  test('status names what answers but is not ours; down leaves it running', async ({ db }) => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-devsh-'));
    const guard = pgCtlClusterGuard(dir);
    const broker = await startPrivateKafka({ warmUp: false });
    const redisPort = await freePort();
    const redis = startRedis(redisPort, dir);
    const portBase = (await freePort()) - 1;
    // Something else listening where this checkout's ingest-loyalty would.
    const stranger: Server = createServer().listen(portBase + 1, '127.0.0.1');
    const env = {
      PATH: guard.path,
      RAPPORT_STATE: join(dir, 'state'),
      RAPPORT_PORT_BASE: String(portBase),
      KAFKA_PORT: broker.brokers[0]!.split(':')[1]!,
      KAFKA_BROKERS: broker.brokers.join(','),
      REDIS_PORT: String(redisPort),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DATABASE_URL: db.url,
    };
    try {
      expect(await waitFor(() => answers(redisPort), 10_000)).toBe(true);
      const status = await devSh(['status'], env);
      expect(status.output).toContain(`kafka: ${broker.brokers[0]} answers, not started by this checkout`);
      expect(status.output).toContain(
        `redis: redis://127.0.0.1:${redisPort} answers, not started by this checkout`,
      );
      expect(status.output).toMatch(/postgres: \S+ answers, not started by this checkout/);
      expect(status.output).toContain(
        `ingest-loyalty: 127.0.0.1:${portBase + 1} answers, not started by this checkout`,
      );
      expect(status.output).toContain('ingest-social: down');

      const down = await devSh(['down'], env);
      expect(down.code, down.output).toBe(0);
      expect(down.output).toContain('not started by this checkout: left running');
      expect(await answers(Number(env.KAFKA_PORT))).toBe(true);
      expect(await answers(redisPort)).toBe(true);
      expect(await answers(portBase + 1)).toBe(true);
      expect(guard.calls()).toBe('');

      // Started elsewhere, so up does not take the port over either.
      const up = await devSh(['up', 'ingest-loyalty'], env);
      expect(up.code).not.toBe(0);
      expect(up.output).toContain(
        `127.0.0.1:${portBase + 1} answers, but not a ingest-loyalty this checkout started`,
      );
    } finally {
      stranger.close();
      redis.kill('SIGTERM');
      await broker.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  test('./dev.sh test stops the Kafka and Redis it started, and ends with the summary', async ({ db }) => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-devsh-'));
    const guard = pgCtlClusterGuard(dir);
    const kafkaPort = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === kafkaPort) controllerPort = await freePort();
    const redisPort = await freePort();
    const state = join(dir, 'state');
    const env = {
      PATH: guard.path,
      RAPPORT_STATE: state,
      KAFKA_PORT: String(kafkaPort),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_HEAP: '256m',
      REDIS_PORT: String(redisPort),
      DATABASE_URL: db.url,
    };
    try {
      const run = await devSh(['test', 'packages/contracts/src/event-id.test.ts'], env, [
        'KAFKA_BROKERS',
        'REDIS_URL',
      ]);
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain(`Starting Kafka`);
      expect(run.output).toContain(`Starting Redis on 127.0.0.1:${redisPort}`);
      expect(run.output.trimEnd().split('\n').pop()).toMatch(/^\d+ passed, 0 failed/);
      expect(await answers(kafkaPort)).toBe(false);
      expect(await answers(redisPort)).toBe(false);
      expect(guard.calls()).toBe('');
    } finally {
      // Whatever the outcome, nothing the run started outlives the test.
      await devSh(['infra', 'down'], env, ['KAFKA_BROKERS', 'REDIS_URL']);
      for (const pidFile of [
        join(state, `kafka-${kafkaPort}`, 'kafka.pid'),
        join(state, `redis-${redisPort}`, 'redis.pid'),
      ]) {
        if (existsSync(pidFile)) {
          try {
            process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
