import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePorts } from './free-port.ts';

const run = promisify(execFile);

/** The ports `./dev.sh` gives its services: RAPPORT_PORT_BASE + 1.. in this order. */
export const FLEET = ['ingest-loyalty', 'ingest-social', 'ingest-crm', 'matcher', 'scoring'] as const;
export type FleetService = (typeof FLEET)[number];

export interface DevFleetOptions {
  brokers: string[];
  databaseUrl: string;
  redisUrl: string;
  /** Topic prefix and Redis key prefix of this fleet alone. */
  topicPrefix: string;
  redisPrefix: string;
  /**
   * KAFKA_CLIENT_ID, which names the consumer group, for a fleet of one service on a shared broker.
   * Without it each service's group is its name: a private broker's fleet needs nothing more.
   */
  groupId?: string;
  /** More variables for the services (limits, log level). */
  env?: Record<string, string>;
}

export interface DevSh {
  code: number;
  output: string;
}

/**
 * `./dev.sh` of this checkout run as a developer would, on a private state folder (pids, logs, the
 * API key), its own ports, topic prefix, group and Redis prefix, against the servers given: nothing
 * it does can touch another fleet on the machine. `destroy()` stops what it started and deletes the folder.
 */
export interface DevFleet {
  readonly state: string;
  readonly env: Record<string, string>;
  url(service: FleetService): string;
  apiKey(): string;
  pid(service: FleetService): number;
  logPath(service: FleetService): string;
  /** Runs `./dev.sh <args>`; the promise settles when it ends, with its exit code and output. */
  sh(...args: string[]): Promise<DevSh>;
  /**
   * `sh` with variables added for the services it starts: two services of one fleet on a shared broker
   * each need their own KAFKA_CLIENT_ID (it names the consumer group, and one group cannot hold two
   * subscriptions).
   */
  shWith(env: Record<string, string>, ...args: string[]): Promise<DevSh>;
  destroy(): Promise<void>;
}

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root (pnpm-workspace.yaml) not found');
    dir = parent;
  }
  return dir;
}

export async function devFleet(options: DevFleetOptions): Promise<DevFleet> {
  const root = repoRoot();
  const script = resolve(root, 'dev.sh');
  const state = await mkdtemp(join(tmpdir(), 'rapport-dev-'));
  // The fleet's own consecutive ports, RAPPORT_PORT_BASE + 1 onwards, each checked free.
  const base = (await freePorts(FLEET.length)) - 1;
  const env: Record<string, string> = {
    RAPPORT_STATE: state,
    RAPPORT_PORT_BASE: String(base),
    KAFKA_BROKERS: options.brokers.join(','),
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    KAFKA_TOPIC_PREFIX: options.topicPrefix,
    ...(options.groupId === undefined ? {} : { KAFKA_CLIENT_ID: options.groupId }),
    REDIS_KEY_PREFIX: options.redisPrefix,
    ...options.env,
  };
  const port = (service: FleetService) => base + FLEET.indexOf(service) + 1;

  const shWith = (extra: Record<string, string>, ...args: string[]): Promise<DevSh> =>
    new Promise((resolveRun) => {
      const child = spawn('bash', [script, ...args], {
        cwd: root,
        env: { ...process.env, ...env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (code) => resolveRun({ code: code ?? -1, output }));
    });

  return {
    state,
    env,
    url: (service) => `http://127.0.0.1:${port(service)}`,
    apiKey: () => readFileSync(join(state, 'api-key'), 'utf8').trim(),
    pid: (service) => Number(readFileSync(join(state, 'services', `${service}.pid`), 'utf8')),
    logPath: (service) => join(state, 'services', `${service}.log`),
    sh: (...args) => shWith({}, ...args),
    shWith,
    async destroy() {
      await run('bash', [script, 'down'], { cwd: root, env: { ...process.env, ...env } }).catch(() => {});
      await rm(state, { recursive: true, force: true });
    },
  };
}
