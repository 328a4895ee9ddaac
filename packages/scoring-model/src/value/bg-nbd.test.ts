import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
  bgNbdTotalLogLikelihood,
  expectedPurchases,
  expectedPurchasesOfNewCustomer,
  probabilityAlive,
  type BgNbdParams,
} from './bg-nbd.ts';
import { hyp2f1 } from './special-functions.ts';

const CDNOW: BgNbdParams = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };

/** The paper's conditional expectation without the Euler transform (fine for small x). */
function untransformed({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number, t: number) {
  const z = t / (alpha + T + t);
  const bracket = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const odds = x === 0 ? 0 : (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x);
  return ((a + b + x - 1) / (a - 1)) * (bracket / (1 + odds));
}

describe('BG/NBD formulas', () => {
  it('log-likelihood of a customer with no repeat purchase is r·ln(α/(α+T))', () => {
    const T = 30;
    expect(bgNbdLogLikelihood(CDNOW, { x: 0, tx: 0, T })).toBeCloseTo(
      CDNOW.r * Math.log(CDNOW.alpha / (CDNOW.alpha + T)),
      12,
    );
  });

  it('the total log-likelihood (terms cached per x) is the weighted sum of the individual ones', () => {
    const customers = [
      { customer: { x: 0, tx: 0, T: 30 }, weight: 3 },
      { customer: { x: 2, tx: 10, T: 30 }, weight: 1 },
      { customer: { x: 2, tx: 25, T: 38 }, weight: 2 },
    ];
    const expected = customers.reduce((s, c) => s + c.weight * bgNbdLogLikelihood(CDNOW, c.customer), 0);
    expect(bgNbdTotalLogLikelihood(CDNOW, customers)).toBeCloseTo(expected, 10);
  });

  it('the Euler-transformed expectation equals the untransformed one', () => {
    for (const [x, tx, T, t] of [
      [0, 0, 38.86, 39],
      [2, 30.43, 38.86, 39],
      [7, 29.43, 38.86, 52],
      [1, 1.71, 38.86, 10],
      [15, 36, 38.86, 39],
    ] as const)
      expect(expectedPurchases(CDNOW, { x, tx, T }, t)).toBeCloseTo(untransformed(CDNOW, x, tx, T, t), 10);
  });

  it('stays finite for a heavy buyer, where the untransformed series overflows', () => {
    const heavy = expectedPurchases({ r: 2, alpha: 3, a: 0.8, b: 2.5 }, { x: 600, tx: 99, T: 100 }, 520);
    expect(Number.isFinite(heavy)).toBe(true);
    expect(heavy).toBeGreaterThan(100);
  });

  it("a just-acquired customer expects the paper's unconditional E[X(t)]", () => {
    const { r, alpha, a, b } = CDNOW;
    for (const t of [1, 10, 39, 78]) {
      const paper =
        ((a + b - 1) / (a - 1)) *
        (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
      expect(expectedPurchasesOfNewCustomer(CDNOW, t)).toBeCloseTo(paper, 10);
    }
  });

  it('sums the direct series when a is the larger parameter, with the same result', () => {
    const params = { r: 0.5, alpha: 6, a: 9, b: 30 };
    for (const [x, tx, T, t] of [
      [0, 0, 20, 39],
      [3, 15, 20, 52],
    ] as const) {
      const viaEuler = (() => {
        const z = t / (params.alpha + T + t);
        const c = params.a + params.b + x - 1;
        const bracket =
          1 - Math.pow(1 - z, params.a - 1) * hyp2f1(params.a + params.b - 1 - params.r, params.a - 1, c, z);
        const odds =
          x === 0
            ? 0
            : (params.a / (params.b + x - 1)) *
              Math.pow((params.alpha + T) / (params.alpha + tx), params.r + x);
        return ((c / (params.a - 1)) * bracket) / (1 + odds);
      })();
      expect(expectedPurchases(params, { x, tx, T }, t)).toBeCloseTo(viaEuler, 10);
    }
  });

  it('tends to a finite limit as the dropout rate becomes homogeneous (a, b → ∞, a/(a+b) fixed)', () => {
    const at = (k: number) =>
      expectedPurchases({ r: 2.2, alpha: 12, a: 0.04 * k, b: 0.96 * k }, { x: 29, tx: 87, T: 87.4 }, 52);
    const values = [1e3, 1e5, 1e7, 1e8].map(at);
    for (const v of values) expect(Number.isFinite(v)).toBe(true);
    expect(Math.abs(values[3]! / values[2]! - 1)).toBeLessThan(1e-4);
    expect(Math.abs(values[2]! / values[1]! - 1)).toBeLessThan(1e-2);
  });

  it('is continuous at a = 1, where the formula is 0/0', () => {
    const c = { x: 2, tx: 20, T: 38 };
    const near = (a: number) => expectedPurchases({ ...CDNOW, a }, c, 39);
    expect(Number.isFinite(near(1))).toBe(true);
    expect(near(1)).toBeCloseTo((near(1 - 1e-5) + near(1 + 1e-5)) / 2, 5);
  });

  it('P(alive) is 1 without repeat purchases, and falls the longer since the last one', () => {
    expect(probabilityAlive(CDNOW, { x: 0, tx: 0, T: 38 })).toBe(1);
    expect(probabilityAlive(CDNOW, { x: 3, tx: 36, T: 38 })).toBeGreaterThan(
      probabilityAlive(CDNOW, { x: 3, tx: 10, T: 38 }),
    );
  });

  it('expected purchases grow with the horizon and never exceed what a live customer would make', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        (x, share, T, t) => {
          const c = { x, tx: x === 0 ? 0 : share * T, T };
          const e1 = expectedPurchases(CDNOW, c, t);
          const e2 = expectedPurchases(CDNOW, c, t * 1.5);
          expect(e1).toBeGreaterThan(0);
          expect(e2).toBeGreaterThan(e1);
        },
      ),
    );
  });
});
