import { describe, expect, it } from 'vitest';
import { hyp2f1, lnBeta, lnGamma, logSumExp, scaledHyp2f1 } from './special-functions.ts';

describe('hyp2f1 against closed forms', () => {
  it.each([0, 0.1, 0.47, 0.9, 0.99])('z = %s', (z) => {
    // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z; ₂F₁(a, b; b; z) = (1 − z)^(−a); ₂F₁(½, ½; 3/2; z²) = asin(z)/z.
    const log = z === 0 ? 1 : -Math.log(1 - z) / z;
    expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(log, 12);
    expect(hyp2f1(0.7, 2.3, 2.3, z)).toBeCloseTo(Math.pow(1 - z, -0.7), 12);
    const s = Math.sqrt(z);
    expect(hyp2f1(0.5, 0.5, 1.5, z)).toBeCloseTo(z === 0 ? 1 : Math.asin(s) / s, 12);
  });

  it('is a polynomial when a parameter is a negative integer', () => {
    // ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
    expect(hyp2f1(-2, 3, 4, 0.5)).toBeCloseTo(1 - (2 * 3 * 0.5) / 4 + (3 * 4 * 0.25) / (4 * 5), 14);
  });

  it('sums a huge series times a tiny prefactor without overflow', () => {
    // ₂F₁(a, b; b; z) = (1 − z)^(−a): with a = 5000 the series alone overflows a double.
    expect(hyp2f1(5000, 2, 2, 0.9)).toBe(Infinity);
    expect(scaledHyp2f1(5000, 2, 2, 0.9, 5000 * Math.log(0.1))).toBeCloseTo(1, 9);
  });

  it("satisfies Euler's transformation, with a negative upper parameter too", () => {
    // ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c−a, c−b; c; z)
    for (const [a, b, c, z] of [
      [0.3, 5, 7, 0.6],
      [-0.5, 3, 4, 0.7],
      [2.2, -0.21, 3.4, 0.93],
    ] as const)
      expect(hyp2f1(a, b, c, z)).toBeCloseTo(Math.pow(1 - z, c - a - b) * hyp2f1(c - a, c - b, c, z), 11);
  });

  it('refuses z outside [0, 1)', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, -0.1)).toThrow(RangeError);
  });
});

describe('log-gamma helpers', () => {
  it('agree with factorials and the beta function', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    // B(2, 3) = 1!·2!/4! = 1/12.
    expect(lnBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
  });

  it('adds in log space without overflow', () => {
    expect(logSumExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logSumExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 10);
    expect(logSumExp(-Infinity, -Infinity)).toBe(-Infinity);
  });
});
