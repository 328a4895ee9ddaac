import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KafkaFixture } from '@rapport/testing';
import { expect, vi } from 'vitest';
import {
  createKafka,
  createProducer,
  ok,
  runConsumer,
  type ConsumedMessage,
  type Logger,
  type OutgoingMessage,
  type RapportKafka,
} from '../src/index.ts';
import { committedOffsets } from './stored-batch.ts';

export interface LogEntry {
  level: 'error' | 'warn' | 'info' | 'debug';
  obj: object;
  msg: string | undefined;
}

/** Fetch waits and retry backoffs short enough for tests. */
export const fast = { maxWaitTimeInMs: 100, retryBackoffMs: { initial: 20, max: 100 } };

/** Records every log line so tests can count outcomes and check no message value leaks into logs. */
export function recordingLogger(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj, msg });
    };
  return {
    entries,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    text: () => JSON.stringify(entries),
  };
}

export function kafkaFor(fixture: KafkaFixture, logger: Logger): RapportKafka {
  return createKafka({
    brokers: fixture.brokers,
    clientId: 'kafka-int-test',
    topicPrefix: fixture.topicPrefix,
    logger,
  });
}

/** Sends `values` (strings under one key, or whole messages) and disconnects. */
export async function produce(
  kafka: RapportKafka,
  topic: string,
  values: readonly (string | OutgoingMessage)[],
  key = 'k',
): Promise<void> {
  const producer = createProducer(kafka);
  try {
    await producer.send(
      topic,
      values.map((value) => (typeof value === 'string' ? { key, value } : value)),
    );
  } finally {
    await producer.disconnect();
  }
}

/** Consume `topic` from the beginning with a fresh group until `count` messages arrived. */
export async function readAll(
  kafka: RapportKafka,
  topic: string,
  groupId: string,
  count: number,
): Promise<ConsumedMessage[]> {
  const seen: ConsumedMessage[] = [];
  const consumer = await runConsumer(kafka, {
    groupId,
    topics: [topic],
    ...fast,
    handle: async (m) => (seen.push(m), ok()),
  });
  try {
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(count), {
      timeout: 20_000,
      interval: 50,
    });
  } finally {
    await consumer.stop();
  }
  return seen;
}

/** A test consumer in a child process, to be killed without a goodbye; its stdout is collected. */
export function spawnChild(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    output: () => out,
    waitFor: (text: string, timeout = 30_000) =>
      vi.waitFor(() => expect(out, err).toContain(text), { timeout, interval: 50 }),
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Waits until the group committed `expected` (partition → offset) on `topic`. */
export async function waitForCommitted(
  kafka: RapportKafka,
  groupId: string,
  topic: string,
  expected: Record<number, string>,
): Promise<void> {
  await vi.waitFor(async () => expect(await committedOffsets(kafka, groupId, topic)).toEqual(expected), {
    timeout: 10_000,
    interval: 100,
  });
}
