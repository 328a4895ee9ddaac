import { describe, expect, it } from 'vitest';
import type { ApplyResult, PendingChange } from '../src/use-cases/apply-changes.ts';
import { coalesceApply } from '../src/consumers/coalesce-apply.ts';

const change = (recordId: string): PendingChange => ({
  change: { kind: 'delete', recordId },
  origin: { occurredAt: '2025-01-01T00:00:00Z' },
});
const ids = (changes: readonly PendingChange[]) =>
  changes.map((c) => (c.change as { recordId: string }).recordId);

/** An apply that records the changes of each call and takes `ms` to resolve them. */
function recording(ms: number) {
  const calls: string[][] = [];
  const apply = async ({ changes }: { changes: readonly PendingChange[] }): Promise<ApplyResult> => {
    calls.push(ids(changes));
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (ids(changes).includes('bad')) throw new Error('cannot resolve');
    return {
      outcomes: changes.map((c) => (ids([c])[0]!.startsWith('d') ? 'duplicate' : 'applied')),
      resolved: undefined,
    };
  };
  return { calls, apply };
}

/** Until the wrapped apply was called `n` times. */
async function calledTimes(calls: readonly unknown[], n: number): Promise<void> {
  while (calls.length < n) await new Promise((resolve) => setImmediate(resolve));
}

describe('coalesceApply', () => {
  it('resolves the calls made in one turn of the event loop together, each with its own outcomes', async () => {
    const { calls, apply } = recording(10);
    const coalesced = coalesceApply(apply);
    const results = await Promise.all([
      coalesced({ changes: [change('a')] }),
      coalesced({ changes: [change('b'), change('d1')] }),
      coalesced({ changes: [change('c')] }),
    ]);
    expect(calls).toEqual([['a', 'b', 'd1', 'c']]);
    expect(results.map((r) => r.outcomes)).toEqual([['applied'], ['applied', 'duplicate'], ['applied']]);
  });

  it('resolves the calls that wait for a running one together in the next', async () => {
    const { calls, apply } = recording(10);
    const coalesced = coalesceApply(apply);
    const first = coalesced({ changes: [change('a')] });
    await calledTimes(calls, 1);
    const results = await Promise.all([
      coalesced({ changes: [change('b'), change('d1')] }),
      coalesced({ changes: [change('c')] }),
      first,
    ]);
    expect(calls).toEqual([['a'], ['b', 'd1', 'c']]);
    expect(results.map((r) => r.outcomes)).toEqual([['applied', 'duplicate'], ['applied'], ['applied']]);
  });

  it('puts at most maxChanges changes in one transaction, and a larger call alone', async () => {
    const { calls, apply } = recording(1);
    const coalesced = coalesceApply(apply, 2);
    const results = await Promise.all([
      coalesced({ changes: [change('a')] }),
      coalesced({ changes: [change('b'), change('c')] }),
      coalesced({ changes: [change('e'), change('f'), change('g')] }),
      coalesced({ changes: [change('h')] }),
      coalesced({ changes: [change('i')] }),
    ]);
    expect(calls).toEqual([['a'], ['b', 'c'], ['e', 'f', 'g'], ['h', 'i']]);
    expect(results.map((r) => r.outcomes.length)).toEqual([1, 2, 3, 1, 1]);
  });

  it('tries each call alone when a joint one fails, so only the failing call fails', async () => {
    const { calls, apply } = recording(5);
    const coalesced = coalesceApply(apply);
    const first = coalesced({ changes: [change('a')] });
    await calledTimes(calls, 1);
    const results = await Promise.allSettled([
      coalesced({ changes: [change('b')] }),
      coalesced({ changes: [change('bad')] }),
      coalesced({ changes: [change('c')] }),
    ]);
    await first;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  });
});
