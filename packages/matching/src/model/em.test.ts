import { describe, expect, it } from 'vitest';
import { buildPatternTable, patternKey, runEm } from './em.ts';

/**
 * Three agree/disagree comparisons (level 1 agree, 2 disagree) with known m, u and lambda. The table
 * holds the exact expected count of every pattern, so EM with u fixed must recover m and lambda.
 */
describe('expectation-maximisation', () => {
  const lambda = 0.3;
  const m = [0.9, 0.8, 0.7];
  const u = [0.1, 0.2, 0.05];
  const K = 3;
  const vectors = new Map<number, number>();
  for (let mask = 0; mask < 8; mask++) {
    const levels = new Uint8Array(K);
    let pm = lambda;
    let pu = 1 - lambda;
    for (let k = 0; k < K; k++) {
      const agree = (mask >> k) & 1;
      levels[k] = agree ? 1 : 2;
      pm *= agree ? m[k]! : 1 - m[k]!;
      pu *= agree ? u[k]! : 1 - u[k]!;
    }
    vectors.set(patternKey(levels, K), 100_000 * (pm + pu));
  }
  const table = buildPatternTable(K, vectors);
  const uRows = u.map((x) => [0, x, 1 - x]);

  it('recovers m and lambda from unlabelled pairs', () => {
    const start = [0, 0, 0].map(() => [0, 0.6, 0.4]);
    const res = runEm(table, uRows, start, [false, false, false], {
      maxIterations: 500,
      tolerance: 1e-9,
      lambdaStart: 0.1,
    });
    expect(res.converged).toBe(true);
    expect(res.lambda).toBeCloseTo(lambda, 2);
    for (let k = 0; k < K; k++) expect(res.m[k]![1]).toBeCloseTo(m[k]!, 2);
    expect(res.expectedMatches).toBeCloseTo(30_000, -2);
  });

  it('leaves a fixed comparison alone and ignores it in the likelihood', () => {
    const start = [
      [0, 0.5, 0.5],
      [0, 0.6, 0.4],
      [0, 0.6, 0.4],
    ];
    const res = runEm(table, uRows, start, [true, false, false], {
      maxIterations: 500,
      tolerance: 1e-9,
      lambdaStart: 0.1,
    });
    expect(res.m[0]).toEqual([0, 0.5, 0.5]);
    expect(res.m[1]![1]).toBeCloseTo(0.8, 1);
  });

  it('pattern keys round-trip through the table', () => {
    const levels = Uint8Array.from([3, 0, 7]);
    const t = buildPatternTable(3, new Map([[patternKey(levels, 3), 2]]));
    expect([...t.levels]).toEqual([3, 0, 7]);
    expect(t.counts[0]).toBe(2);
  });
});
