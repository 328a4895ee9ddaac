import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Pool } from '@rapport/db';
import { test, type KafkaFixture } from '@rapport/testing';
import { describe, expect, vi } from 'vitest';
import {
  enqueueCommitted,
  event,
  expectExactlyOnceInOrder,
  notesTopic,
  ordersTopic,
  prepare,
  readTopic,
  type TestEvent,
} from './support.ts';

interface RelayChild {
  process: ChildProcess;
  lines: { msg?: string; rows?: number; alreadyPublished?: number }[];
  exited: Promise<{ code: number | null; signal: string | null }>;
  committed(): number;
  /** SIGKILLs the child the moment it reports its n-th commit, before it can delete that batch's rows. */
  killAtCommit(n: number): Promise<void>;
  stderr(): string;
  /** Its stderr and last log lines: on a failure, whether it is stuck, crashed, or slow on a loaded machine. */
  lastWords(): string;
}

function startRelayChild(dbUrl: string, fx: KafkaFixture, env: Record<string, string> = {}): RelayChild {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./relay-process.ts', import.meta.url))], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      KAFKA_BROKERS: fx.brokers.join(','),
      TOPIC_PREFIX: fx.topicPrefix,
      BATCH_SIZE: '25',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: RelayChild['lines'] = [];
  let killAt: { n: number; done: () => void } | undefined;
  let partial = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const part of parts) {
      if (!part.trim()) continue;
      lines.push(JSON.parse(part) as RelayChild['lines'][number]);
      if (killAt && lines.filter((l) => l.msg === 'committed').length >= killAt.n) {
        child.kill('SIGKILL');
        killAt.done();
        killAt = undefined;
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    lines,
    exited,
    committed: () => lines.filter((l) => l.msg === 'committed').length,
    killAtCommit: (n) => new Promise<void>((done) => (killAt = { n, done })),
    stderr: () => err,
    lastWords: () =>
      `${err}\n${lines
        .slice(-5)
        .map((l) => JSON.stringify(l))
        .join('\n')}`,
  };
}

async function kill9(child: RelayChild): Promise<void> {
  child.process.kill('SIGKILL');
  expect((await child.exited).signal).toBe('SIGKILL');
}

const outboxRows = async (pool: Pool): Promise<number> =>
  (await pool.query<{ n: number }>('select count(*)::int as n from test_outbox')).rows[0]!.n;

describe('outbox relay killed with SIGKILL', () => {
  test('mid-load, four times: after restarts every row is on its topic exactly once, in order per key', async ({
    db,
    kafka: fx,
  }) => {
    await prepare(db.pool, fx);
    const expected: Record<string, TestEvent[]> = { [ordersTopic.name]: [], [notesTopic.name]: [] };
    let killsDone = false;
    // Two writers keep committing while the relay is killed under them, and go on until the kills are done.
    const writers = Promise.all(
      [0, 1].map(async (writer) => {
        const seq = new Map<string, number>();
        for (let txn = 0; txn < 40 || !killsDone; txn++) {
          const topic = txn % 4 === 0 ? notesTopic : ordersTopic;
          const events = Array.from({ length: 5 + (txn % 20) }, (_, i) => {
            const key = `w${writer}-k${(txn * 3 + i) % 10}`;
            const next = (seq.get(key) ?? 0) + 1;
            seq.set(key, next);
            return event(key, next);
          });
          await enqueueCommitted(db.pool, topic, events);
          expected[topic.name]!.push(...events);
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
      }),
    );

    let child = startRelayChild(db.url, fx);
    try {
      let recovered = 0;
      for (let kill = 0; kill < 4; kill++) {
        if (kill % 2 === 0) {
          // Right after a Kafka commit, before the delete has had time to run.
          await child.killAtCommit(child.committed() + 3);
        } else {
          const before = child.committed();
          await vi.waitFor(
            () => expect(child.committed(), child.stderr()).toBeGreaterThanOrEqual(before + 3),
            {
              timeout: 30_000,
              interval: 5,
            },
          );
          // Anywhere inside a batch: reading, sending, committing or deleting.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 30));
          child.process.kill('SIGKILL');
        }
        expect((await child.exited).signal).toBe('SIGKILL');
        child = startRelayChild(db.url, fx);
        const restarted = child;
        await vi.waitFor(
          () => expect(restarted.lines.some((l) => l.msg === 'outbox relay recovered')).toBe(true),
          {
            timeout: 30_000,
          },
        );
        recovered += restarted.lines.find((l) => l.msg === 'outbox relay recovered')!.alreadyPublished!;
      }
      // How many kills fell between a commit and its delete (the restarted relay found those rows published).
      console.info(`outbox kill -9 test: ${recovered} rows found already published after restarts`);
      killsDone = true;
      await writers;
      await vi.waitFor(async () => expect(await outboxRows(db.pool), child.lastWords()).toBe(0), {
        timeout: 60_000,
        interval: 100,
      });
    } finally {
      killsDone = true;
      await kill9(child);
      await writers;
    }
    expectExactlyOnceInOrder(await readTopic(fx, ordersTopic), expected[ordersTopic.name]!);
    expectExactlyOnceInOrder(await readTopic(fx, notesTopic), expected[notesTopic.name]!);
  }, 180_000);

  test('between the Kafka commit and the delete: the next relay deletes that batch instead of sending it again', async ({
    db,
    kafka: fx,
  }) => {
    await prepare(db.pool, fx);
    const events = Array.from({ length: 200 }, (_, i) => event(`k${i % 7}`, i));
    for (let i = 0; i < events.length; i += 20)
      await enqueueCommitted(db.pool, ordersTopic, events.slice(i, i + 20));

    const crashing = startRelayChild(db.url, fx, { CRASH_AT_BATCH: '3' });
    const { signal } = await crashing.exited;
    expect(signal, crashing.stderr()).toBe('SIGKILL');
    expect(crashing.committed()).toBe(3);
    // Its third batch is in Kafka and still in the table.
    expect(await outboxRows(db.pool)).toBe(200 - 2 * 25);

    const next = startRelayChild(db.url, fx);
    try {
      await vi.waitFor(async () => expect(await outboxRows(db.pool), next.lastWords()).toBe(0), {
        timeout: 60_000,
        interval: 100,
      });
      const recovered = next.lines.find((l) => l.msg === 'outbox relay recovered');
      expect(recovered?.alreadyPublished, next.stderr()).toBe(25);
    } finally {
      await kill9(next);
    }
    expectExactlyOnceInOrder(await readTopic(fx, ordersTopic), events);
  }, 120_000);
});
