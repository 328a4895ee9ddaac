import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPatternTable, mStep, ordered, patternKey, runEm } from './em.ts';

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

describe('the M-step keeps levels ordered', () => {
  const weights = (m: readonly number[], u: readonly number[]) =>
    m.slice(1).map((x, i) => Math.log2(x / u[i + 1]!));

  it('pools a near-miss level whose weight fell below the next one', () => {
    // exact, close, far, different: few matches at `close` among these pairs, so unconstrained it weighs less than `far`.
    const u = [0, 0.01, 0.004, 0.02, 0.966];
    const m = mStep([[0, 800, 1, 120, 80]], [[0, 0.25, 0.25, 0.25, 0.25]], [false], [u])[0]!;
    const w = weights(m, u);
    for (let l = 1; l < w.length; l++) expect(w[l]).toBeLessThanOrEqual(w[l - 1]! + 1e-12);
    expect(w[1]).toBeCloseTo(w[2]!, 12);
    expect(m.slice(1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('leaves ordered estimates alone', () => {
    const u = [0, 0.01, 0.02, 0.97];
    const m = [0, 0.8, 0.15, 0.05];
    expect(ordered(m, u)).toEqual(m);
  });

  it('orders every pool of adjacent violators (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: 2, maxLength: 7 }),
        fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: 7, maxLength: 7 }),
        (raw, rawU) => {
          const mSum = raw.reduce((a, b) => a + b, 0);
          const m = [0, ...raw.map((x) => x / mSum)];
          const uRaw = rawU.slice(0, raw.length);
          const uSum = uRaw.reduce((a, b) => a + b, 0);
          const u = [0, ...uRaw.map((x) => x / uSum)];
          const w = weights(ordered(m, u), u);
          for (let l = 1; l < w.length; l++) expect(w[l]!).toBeLessThanOrEqual(w[l - 1]! + 1e-9);
          expect(ordered(m, u).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        },
      ),
    );
  });
});
