import { describe, expect, it } from 'vitest';
import { backoffMs, decide, initialChunkState, type RetryPolicy } from './retry-schedule.ts';

const policy: RetryPolicy = {
  maxRetries: 3,
  initialBackoffMs: 200,
  maxBackoffMs: 5000,
  maxBatchMessages: 500,
};

describe('backoffMs', () => {
  it('doubles from the initial backoff and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 60].map((n) => backoffMs(policy, n))).toEqual([
      200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });
});

describe('decide', () => {
  const start = initialChunkState(policy);

  it('continues after a chunk without retry, growing the chunk back to the maximum', () => {
    expect(decide(policy, { size: 100, headRetries: 0 }, 100, undefined)).toEqual({
      kind: 'continue',
      state: { size: 200, headRetries: 0 },
    });
    expect(decide(policy, start, 500, undefined).state.size).toBe(500);
  });

  it('settles the outcomes before a retry and goes on from it at once', () => {
    expect(decide(policy, start, 500, 120)).toEqual({
      kind: 'continue',
      state: { size: 500, headRetries: 0 },
    });
  });

  it('halves a chunk that fails at its head, down to one message', () => {
    const sizes: number[] = [];
    let state = start;
    let length = 500;
    while (length > 1) {
      const decision = decide(policy, state, length, 0);
      expect(decision.kind).toBe('continue');
      state = decision.state;
      length = state.size;
      sizes.push(length);
    }
    expect(sizes).toEqual([250, 125, 63, 32, 16, 8, 4, 2, 1]);
  });

  it('backs a message alone off per retry, then gives it up after maxRetries', () => {
    let state = { size: 1, headRetries: 0 };
    const waits: number[] = [];
    for (;;) {
      const decision = decide(policy, state, 1, 0);
      if (decision.kind === 'exhausted') {
        expect(decision.state).toEqual({ size: 1, headRetries: 0 });
        break;
      }
      expect(decision.kind).toBe('wait');
      if (decision.kind === 'wait') waits.push(decision.backoffMs);
      state = decision.state;
    }
    expect(waits).toEqual([200, 400, 800]);
  });

  it('gives a single-message consumer exactly the old schedule: retries alone, then exhausted', () => {
    const single = { ...policy, maxBatchMessages: 1, maxRetries: 0 };
    expect(decide(single, initialChunkState(single), 1, 0).kind).toBe('exhausted');
    expect(decide(single, initialChunkState(single), 1, undefined).state.size).toBe(1);
  });
});
