import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coalesceBatches } from './coalesce-batches.ts';

const part = (result: string[], from: number, to: number) => result.slice(from, to);
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A run that records the items of each call, takes `ms`, fails on 'bad' and answers each item upper-cased. */
function recording(ms: number) {
  const calls: string[][] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const run = async (items: readonly string[]): Promise<string[]> => {
    calls.push([...items]);
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, ms));
    inFlight--;
    if (items.includes('bad')) throw new Error('cannot run');
    return items.map((i) => i.toUpperCase());
  };
  return { calls, run, mostInFlight: () => mostInFlight };
}

async function calledTimes(calls: readonly unknown[], n: number): Promise<void> {
  while (calls.length < n) await turn();
}

describe('coalesceBatches', () => {
  it('runs the calls made in one turn of the event loop together, each answered with its own part', async () => {
    const { calls, run } = recording(10);
    const coalesced = coalesceBatches(run, { part });
    const results = await Promise.all([coalesced(['a']), coalesced(['b', 'c']), coalesced(['d'])]);
    expect(calls).toEqual([['a', 'b', 'c', 'd']]);
    expect(results).toEqual([['A'], ['B', 'C'], ['D']]);
  });

  it('runs the calls that waited for a running one together in the next', async () => {
    const { calls, run } = recording(10);
    const coalesced = coalesceBatches(run, { part });
    const first = coalesced(['a']);
    await calledTimes(calls, 1);
    const results = await Promise.all([coalesced(['b', 'c']), coalesced(['d']), first]);
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
    expect(results).toEqual([['B', 'C'], ['D'], ['A']]);
  });

  it('starts a second run beside the first with concurrency 2, and a third waits', async () => {
    const { calls, run, mostInFlight } = recording(10);
    const coalesced = coalesceBatches(run, { part, concurrency: 2 });
    const first = coalesced(['a']);
    await calledTimes(calls, 1);
    const second = coalesced(['b']);
    await calledTimes(calls, 2);
    const rest = [coalesced(['c']), coalesced(['d'])];
    await Promise.all([first, second, ...rest]);
    expect(calls).toEqual([['a'], ['b'], ['c', 'd']]);
    expect(mostInFlight()).toBe(2);
  });

  it('puts at most maxItems items in one run, and a larger call alone', async () => {
    const { calls, run } = recording(1);
    const coalesced = coalesceBatches(run, { part, maxItems: 2 });
    const results = await Promise.all([
      coalesced(['a']),
      coalesced(['b', 'c']),
      coalesced(['e', 'f', 'g']),
      coalesced(['h']),
      coalesced(['i']),
    ]);
    expect(calls).toEqual([['a'], ['b', 'c'], ['e', 'f', 'g'], ['h', 'i']]);
    expect(results.map((r) => r.length)).toEqual([1, 2, 3, 1, 1]);
  });

  it('runs each call alone when a joint run fails, so only the failing call fails', async () => {
    const { calls, run } = recording(5);
    const coalesced = coalesceBatches(run, { part });
    const first = coalesced(['a']);
    await calledTimes(calls, 1);
    const results = await Promise.allSettled([coalesced(['b']), coalesced(['bad']), coalesced(['c'])]);
    await first;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  });

  it('answers every call with exactly its own items, whatever the sizes, timing, bound and concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ size: fc.integer({ min: 1, max: 4 }), gap: fc.integer({ min: 0, max: 2 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        async (plan, maxItems, concurrency) => {
          const { calls, run, mostInFlight } = recording(1);
          const coalesced = coalesceBatches(run, { part, maxItems, concurrency });
          let next = 0;
          const pending: { items: string[]; answer: Promise<string[]> }[] = [];
          for (const { size, gap } of plan) {
            const items = Array.from({ length: size }, () => `x${next++}`);
            pending.push({ items, answer: coalesced(items) });
            for (let g = 0; g < gap; g++) await turn();
          }
          for (const p of pending) expect(await p.answer).toEqual(p.items.map((i) => i.toUpperCase()));
          // Every item ran exactly once, in call order, and no joint run passed the bound or the concurrency.
          expect(calls.flat()).toEqual(pending.flatMap((p) => p.items));
          const alone = (c: string[]) => pending.some((p) => p.items.join() === c.join());
          for (const c of calls) expect(c.length <= maxItems || alone(c)).toBe(true);
          expect(mostInFlight()).toBeLessThanOrEqual(concurrency);
        },
      ),
      { numRuns: 60 },
    );
  });
});
