import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToCounter,
  counterValue,
  decayFactor,
  emptyCounter,
  mergeCounters,
  MS_PER_DAY,
  type DecayedCounter,
} from './decayed-counter.ts';

const H = 7 * MS_PER_DAY;

describe('decayed counter', () => {
  it('halves per half-life', () => {
    const c = addToCounter(emptyCounter(H), 8, 0);
    expect(counterValue(c, 0)).toBe(8);
    expect(counterValue(c, H)).toBeCloseTo(4, 12);
    expect(counterValue(c, 3 * H)).toBeCloseTo(1, 12);
    expect(decayFactor(H / 2, H)).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it('adds events at their own time, whatever order they arrive in', () => {
    const late = addToCounter(addToCounter(emptyCounter(H), 1, 0), 1, H);
    const early = addToCounter(addToCounter(emptyCounter(H), 1, H), 1, 0);
    expect(counterValue(late, H)).toBeCloseTo(1.5, 12);
    expect(counterValue(early, H)).toBeCloseTo(1.5, 12);
    expect(counterValue(late, 2 * H)).toBeCloseTo(0.75, 12);
  });

  it('refuses to merge counters of different half-lives', () => {
    expect(() =>
      mergeCounters(addToCounter(emptyCounter(H), 1, 0), addToCounter(emptyCounter(2 * H), 1, 0)),
    ).toThrow(RangeError);
  });

  const events = fc.array(
    fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 60 * MS_PER_DAY })),
    { maxLength: 10 },
  );
  const counter = events.map((es) =>
    es.reduce<DecayedCounter>((c, [w, t]) => addToCounter(c, w, t), emptyCounter(H)),
  );
  // Exact in real arithmetic; doubles round, so equal means equal at any query time to 1e-9 relative.
  const same = (a: DecayedCounter, b: DecayedCounter) => {
    const t = 90 * MS_PER_DAY;
    const [x, y] = [counterValue(a, t), counterValue(b, t)];
    expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
  };

  it('merges associatively and commutatively, with the empty counter as identity', () => {
    fc.assert(
      fc.property(counter, counter, counter, (a, b, c) => {
        same(mergeCounters(a, b), mergeCounters(b, a));
        same(mergeCounters(mergeCounters(a, b), c), mergeCounters(a, mergeCounters(b, c)));
        expect(mergeCounters(a, emptyCounter(H))).toEqual(a);
      }),
    );
  });

  it('equals the sum of each event decayed on its own (no full recompute needed)', () => {
    fc.assert(
      fc.property(events, (es) => {
        const c = es.reduce<DecayedCounter>((acc, [w, t]) => addToCounter(acc, w, t), emptyCounter(H));
        const t = 90 * MS_PER_DAY;
        const direct = es.reduce((s, [w, at]) => s + w * Math.pow(0.5, (t - at) / H), 0);
        expect(Math.abs(counterValue(c, t) - direct)).toBeLessThanOrEqual(1e-9 * Math.max(1, direct));
      }),
    );
  });
});
