import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PrivateServerFailed } from './errors.ts';
import { freePort } from './free-port.ts';
import { warmUpKafka } from './kafka-admin.ts';

const run = promisify(execFile);

export interface PrivateKafka {
  readonly brokers: string[];
  /** SIGTERM and wait, as `infra/kafka.sh stop` does. Data (topics, offsets) survive a restart. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop and delete the broker's files. */
  destroy(): Promise<void>;
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new PrivateServerFailed('startPrivateKafka: repository root (pnpm-workspace.yaml) not found');
    dir = parent;
  }
  return dir;
}

/**
 * A throwaway single-node broker on free ports, for tests that must stop Kafka without disturbing the others.
 * It runs the project's `infra/kafka.sh start|stop` with KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_DATA_DIR
 * and KAFKA_LOG_DIR pointing at a temporary directory; `start` returns once the broker is ready.
 */
export async function startPrivateKafka(options: { warmUp?: boolean } = {}): Promise<PrivateKafka> {
  const script = resolve(repoRoot(), 'infra/kafka.sh');
  if (!existsSync(script)) throw new PrivateServerFailed(`startPrivateKafka: ${script} is missing`);
  const base = await mkdtemp(join(tmpdir(), 'rapport-kafka-'));
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const env = {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_DATA_DIR: join(base, 'data'),
    KAFKA_LOG_DIR: base,
    KAFKA_HEAP: process.env.KAFKA_HEAP ?? '256m',
  };
  const brokers = [`127.0.0.1:${port}`];

  const call = async (command: 'start' | 'stop'): Promise<void> => {
    try {
      await run('bash', [script, command], { env, timeout: 90_000 });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new PrivateServerFailed(
        `infra/kafka.sh ${command} failed: ${(e.stderr || e.message).trim()}`,
        error,
      );
    }
  };

  await call('start');
  if (options.warmUp !== false) await warmUpKafka(brokers);
  return {
    brokers,
    start: () => call('start'),
    stop: () => call('stop'),
    async destroy() {
      await call('stop').catch(() => {});
      await rm(base, { recursive: true, force: true });
    },
  };
}
