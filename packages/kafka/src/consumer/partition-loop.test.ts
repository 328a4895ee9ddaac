import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutcomeCountMismatch } from '../errors.ts';
import { deadLetter, drop, ok, retry, type Outcome } from '../outcome.ts';
import { runPartitionLoop, type LoopPorts, type RetryEvent, type Settled } from './partition-loop.ts';
import type { RetryPolicy } from './retry-schedule.ts';

/** A message of the model: what it is, and how a handler treats it. */
interface Item {
  readonly index: number;
  /** Fails every handler call it is part of (a transaction that throws on it). */
  readonly poison: boolean;
  /** The handler answers `retry` the first `transient` times it sees this message. */
  readonly transient: number;
  /** Its outcome once it is neither poison nor transient any more. */
  readonly final: 'ok' | 'drop' | 'deadLetter';
}

const itemsArb = fc
  .array(
    fc.tuple(
      fc.integer({ min: 0, max: 19 }).map((n) => n === 0), // 1 in 20 is poison
      fc.integer({ min: 0, max: 9 }).map((n) => (n < 7 ? 0 : n - 6)), // most never retry
      fc.constantFrom('ok' as const, 'drop' as const, 'deadLetter' as const),
    ),
    { maxLength: 120 },
  )
  .map((rows) =>
    rows.map(([poison, transient, final], index): Item => ({ index, poison, transient, final })),
  );

const policyArb = fc.record({
  maxRetries: fc.integer({ min: 0, max: 4 }),
  initialBackoffMs: fc.constant(10),
  maxBackoffMs: fc.constant(80),
  maxBatchMessages: fc.constantFrom(1, 2, 7, 32, 500),
});

interface Run {
  settled: Settled<Item>[];
  calls: Item[][];
  retries: RetryEvent<Item>[];
  waits: number[];
  count: number;
}

/** The loop with in-memory ports: a handler following the items' model, dead letters always acknowledged. */
async function run(
  items: readonly Item[],
  policy: RetryPolicy,
  options: { stopAfterCalls?: number; handler?: LoopPorts<Item>['handle'] } = {},
): Promise<Run> {
  const seen = new Map<number, number>();
  const out: Run = { settled: [], calls: [], retries: [], waits: [], count: 0 };
  const ports: LoopPorts<Item> = {
    handle:
      options.handler ??
      (async (chunk) => {
        out.calls.push([...chunk]);
        if (chunk.some((i) => i.poison)) throw new Error('constraint violated');
        return chunk.map((i): Outcome => {
          const n = (seen.get(i.index) ?? 0) + 1;
          seen.set(i.index, n);
          if (n <= i.transient) return retry('database_unavailable');
          return i.final === 'ok'
            ? ok()
            : i.final === 'drop'
              ? drop('duplicate')
              : deadLetter('schema_invalid');
        });
      }),
    settle: async (settled) => (out.settled.push(...settled), true),
    retrying: (event) => out.retries.push(event),
    wait: async (ms) => void out.waits.push(ms),
    canContinue: () => options.stopAfterCalls === undefined || out.calls.length < options.stopAfterCalls,
  };
  out.count = await runPartitionLoop(items, policy, ports);
  return out;
}

describe('runPartitionLoop', () => {
  it('settles every message once, in order; only poison and long-transient ones end as retries_exhausted', async () => {
    await fc.assert(
      fc.asyncProperty(itemsArb, policyArb, async (items, policy) => {
        const { settled, calls, waits, count } = await run(items, policy);
        expect(count).toBe(items.length);
        expect(settled.map((s) => s.item.index)).toEqual(items.map((i) => i.index));

        let start = 0;
        for (const chunk of calls) {
          // Each call is a contiguous run, at most the batch size, from the first unsettled message:
          // per-partition order holds and nothing is skipped.
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk.length).toBeLessThanOrEqual(policy.maxBatchMessages);
          expect(chunk.map((i) => i.index)).toEqual(
            items.slice(chunk[0]!.index, chunk[0]!.index + chunk.length).map((i) => i.index),
          );
          expect(chunk[0]!.index).toBeGreaterThanOrEqual(start);
          start = chunk[0]!.index;
        }

        for (const { item, outcome, retryReason } of settled) {
          if (item.poison) {
            expect(outcome).toMatchObject({ kind: 'deadLetter', reason: 'retries_exhausted' });
            expect(retryReason).toBe('handler_failed');
          } else if (outcome.kind === 'deadLetter' && outcome.reason === 'retries_exhausted') {
            // Retries are counted when the message is alone: only one that kept failing longer than that.
            expect(item.transient).toBeGreaterThan(policy.maxRetries);
            expect(retryReason).toBe('database_unavailable');
          } else {
            expect(outcome.kind).toBe(item.final);
          }
        }
        expect(waits.every((ms) => ms >= 10 && ms <= 80)).toBe(true);
        if (items.every((i) => !i.poison && i.transient === 0)) {
          expect(calls.length).toBe(Math.ceil(items.length / policy.maxBatchMessages));
        }
      }),
    );
  });

  it('counts a message’s handler calls as its attempts', async () => {
    const items: Item[] = [
      { index: 0, poison: false, transient: 0, final: 'ok' },
      { index: 1, poison: true, transient: 0, final: 'ok' },
    ];
    const { settled, waits } = await run(items, {
      maxRetries: 2,
      initialBackoffMs: 10,
      maxBackoffMs: 80,
      maxBatchMessages: 2,
    });
    // [0,1] fails, [0] ok, [1] fails alone, is retried twice (after 10 and 20 ms), then exhausted.
    expect(settled.map((s) => [s.item.index, s.outcome.kind, s.attempts])).toEqual([
      [0, 'ok', 2],
      [1, 'deadLetter', 4],
    ]);
    expect(waits).toEqual([10, 20]);
  });

  it('stops between chunks when told, leaving the rest unsettled', async () => {
    await fc.assert(
      fc.asyncProperty(
        itemsArb,
        policyArb,
        fc.integer({ min: 1, max: 6 }),
        async (items, policy, stopAfter) => {
          const full = await run(items, policy);
          const stopped = await run(items, policy, { stopAfterCalls: stopAfter });
          expect(stopped.calls.length).toBeLessThanOrEqual(stopAfter);
          expect(stopped.count).toBe(stopped.settled.length);
          // What was settled is what a full run settles first, with the same outcomes.
          expect(stopped.settled.map((s) => [s.item.index, s.outcome])).toEqual(
            full.settled.slice(0, stopped.count).map((s) => [s.item.index, s.outcome]),
          );
        },
      ),
    );
  });

  it('treats a wrong number of outcomes as a failed call', async () => {
    const items: Item[] = [0, 1, 2].map((index) => ({ index, poison: false, transient: 0, final: 'ok' }));
    const retries: RetryEvent<Item>[] = [];
    const settled: Settled<Item>[] = [];
    await runPartitionLoop(
      items,
      { maxRetries: 0, initialBackoffMs: 1, maxBackoffMs: 1, maxBatchMessages: 3 },
      {
        handle: async (chunk) => chunk.slice(1).map(() => ok()),
        settle: async (s) => (settled.push(...s), true),
        retrying: (e) => retries.push(e),
        wait: async () => {},
        canContinue: () => true,
      },
    );
    expect(retries[0]?.outcome.error).toBeInstanceOf(OutcomeCountMismatch);
    expect(settled.map((s) => s.outcome)).toEqual(
      items.map(() => expect.objectContaining({ kind: 'deadLetter', reason: 'retries_exhausted' })),
    );
  });

  it('ends without advancing when settling was interrupted', async () => {
    const items: Item[] = [0, 1].map((index) => ({
      index,
      poison: false,
      transient: 0,
      final: 'deadLetter',
    }));
    const count = await runPartitionLoop(
      items,
      { maxRetries: 0, initialBackoffMs: 1, maxBackoffMs: 1, maxBatchMessages: 1 },
      {
        handle: async () => [deadLetter('schema_invalid')],
        settle: async () => false,
        retrying: () => {},
        wait: async () => {},
        canContinue: () => true,
      },
    );
    expect(count).toBe(0);
  });
});
