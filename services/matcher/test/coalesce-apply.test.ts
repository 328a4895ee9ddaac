import { describe, expect, it } from 'vitest';
import type { ApplyResult, PendingChange } from '../src/use-cases/apply-changes.ts';
import { coalesceApply } from '../src/consumers/coalesce-apply.ts';

const change = (recordId: string): PendingChange => ({
  change: { kind: 'delete', recordId },
  origin: { occurredAt: '2025-01-01T00:00:00Z' },
});
const ids = (changes: readonly PendingChange[]) =>
  changes.map((c) => (c.change as { recordId: string }).recordId);

describe('coalesceApply', () => {
  it('resolves calls that wait for a running one together, each with its own outcomes', async () => {
    const calls: string[][] = [];
    const apply = coalesceApply(async ({ changes }): Promise<ApplyResult> => {
      calls.push(ids(changes));
      await new Promise((resolve) => setTimeout(resolve, 10));
      return {
        outcomes: changes.map((c) => (ids([c])[0]!.startsWith('d') ? 'duplicate' : 'applied')),
        resolved: undefined,
      };
    });
    const results = await Promise.all([
      apply({ changes: [change('a')] }),
      apply({ changes: [change('b'), change('d1')] }),
      apply({ changes: [change('c')] }),
    ]);
    expect(calls).toEqual([['a'], ['b', 'd1', 'c']]);
    expect(results.map((r) => r.outcomes)).toEqual([['applied'], ['applied', 'duplicate'], ['applied']]);
  });

  it('tries each call alone when a joint one fails, so only the failing call fails', async () => {
    const calls: string[][] = [];
    const apply = coalesceApply(async ({ changes }): Promise<ApplyResult> => {
      calls.push(ids(changes));
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (ids(changes).includes('bad')) throw new Error('cannot resolve');
      return { outcomes: changes.map(() => 'applied'), resolved: undefined };
    });
    const first = apply({ changes: [change('a')] });
    const results = await Promise.allSettled([
      apply({ changes: [change('b')] }),
      apply({ changes: [change('bad')] }),
      apply({ changes: [change('c')] }),
    ]);
    await first;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  });
});
