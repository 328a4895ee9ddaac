import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridRank, quantileBreakpoints, quantileGrid, quantileOfSorted, quantileScore } from './quantiles.ts';

describe('quantiles (type 7, as R and NumPy)', () => {
  it('interpolates between order statistics', () => {
    // numpy.percentile([1, 2, 3, 4, 5], [20, 40, 60, 80]) = [1.8, 2.6, 3.4, 4.2]
    quantileBreakpoints([5, 3, 1, 4, 2], 5).forEach((q, i) =>
      expect(q).toBeCloseTo([1.8, 2.6, 3.4, 4.2][i]!, 12),
    );
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileOfSorted([7], 0.3)).toBe(7);
    expect(quantileGrid([10, 0], 2)).toEqual([0, 5, 10]);
    expect(quantileBreakpoints([], 5)).toEqual([]);
  });

  it('scores 1..k; ties with a breakpoint round down in both directions', () => {
    const b = [1.8, 2.6, 3.4, 4.2];
    expect([1, 2, 3, 4, 5].map((v) => quantileScore(v, b))).toEqual([1, 2, 3, 4, 5]);
    expect([1, 2, 3, 4, 5].map((v) => quantileScore(v, b, false))).toEqual([5, 4, 3, 2, 1]);
    const ties = [1, 1, 1, 2];
    expect(quantileScore(1, ties)).toBe(1);
    expect(quantileScore(2, ties)).toBe(4);
    expect(quantileScore(1, ties, false)).toBe(2);
    expect(quantileScore(9, [])).toBe(1);
  });

  it('scores are monotone in the value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1 }),
        fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
        fc.double({ noNaN: true, min: 0, max: 1e6 }),
        (values, v, d) => {
          const b = quantileBreakpoints(values, 5);
          expect(quantileScore(v + d, b)).toBeGreaterThanOrEqual(quantileScore(v, b));
          expect(quantileScore(v + d, b, false)).toBeLessThanOrEqual(quantileScore(v, b, false));
        },
      ),
    );
  });

  it('gridRank reads the share below from a quantile grid', () => {
    const grid = [0, 10, 20, 30, 40];
    expect(gridRank(-1, grid)).toBe(0);
    expect(gridRank(15, grid)).toBeCloseTo(0.375, 12);
    expect(gridRank(40, grid)).toBe(1);
    expect(gridRank(99, grid)).toBe(1);
    // A run of equal quantiles (a quarter of the population at exactly 0) counts as below the run.
    expect(gridRank(0, [0, 0, 5, 10, 20])).toBe(0);
    expect(gridRank(5, [0, 5, 5, 5, 20])).toBe(0.25);
  });
});
