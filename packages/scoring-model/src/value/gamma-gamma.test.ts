import { describe, expect, it } from 'vitest';
import {
  expectedAverageSpend,
  gammaGammaLogLikelihood,
  gammaGammaTotalLogLikelihood,
  populationMeanSpend,
} from './gamma-gamma.ts';
import { lnGamma } from './special-functions.ts';

const CDNOW = { p: 6.2488, q: 3.7446, gamma: 15.4477 };

describe('Gamma-Gamma formulas', () => {
  it('expected spend is the credibility-weighted mean of population and customer', () => {
    const { p, q, gamma } = CDNOW;
    const x = 4;
    const mx = 30;
    const w = (p * x) / (p * x + q - 1);
    expect(expectedAverageSpend(CDNOW, { x, mx })).toBeCloseTo(
      (1 - w) * populationMeanSpend(CDNOW) + w * mx,
      12,
    );
    expect(populationMeanSpend(CDNOW)).toBeCloseTo((p * gamma) / (q - 1), 12);
    // Without repeat purchases nothing is known of the customer's own spend.
    expect(expectedAverageSpend(CDNOW, { x: 0, mx: 0 })).toBe(populationMeanSpend(CDNOW));
  });

  it('log-density for one transaction is the Gamma-Gamma compound (a scaled beta-prime)', () => {
    const { p, q, gamma } = CDNOW;
    const m = 20;
    // x = 1: f(m) = m^(p−1) γ^q / (B(p, q) (γ + m)^(p+q)).
    const expected =
      (p - 1) * Math.log(m) +
      q * Math.log(gamma) -
      (lnGamma(p) + lnGamma(q) - lnGamma(p + q)) -
      (p + q) * Math.log(gamma + m);
    expect(gammaGammaLogLikelihood(CDNOW, { x: 1, mx: m })).toBeCloseTo(expected, 12);
  });

  it('the total log-likelihood is the weighted sum of the individual ones', () => {
    const customers = [
      { customer: { x: 1, mx: 12 }, weight: 2 },
      { customer: { x: 1, mx: 30 }, weight: 1 },
      { customer: { x: 5, mx: 40 }, weight: 1 },
    ];
    const expected = customers.reduce((s, c) => s + c.weight * gammaGammaLogLikelihood(CDNOW, c.customer), 0);
    expect(gammaGammaTotalLogLikelihood(CDNOW, customers)).toBeCloseTo(expected, 10);
  });
});
