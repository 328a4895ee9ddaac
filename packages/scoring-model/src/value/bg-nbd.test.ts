import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
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

  it('a just-acquired customer (x = tx = T = 0) expects the unconditional E[X(t)]', () => {
    for (const t of [1, 10, 39, 78])
      expect(expectedPurchases(CDNOW, { x: 0, tx: 0, T: 0 }, t)).toBeCloseTo(
        expectedPurchasesOfNewCustomer(CDNOW, t),
        12,
      );
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
