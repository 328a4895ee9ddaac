// BG/NBD and Gamma-Gamma fitted on CDNOW against the published figures (Fader, Hardie and Lee 2005;
// reference values in /work/shared/data/cdnow/README.md): parameters within 1%, predictions within 0.5%.
import { describe, expect, it } from 'vitest';
import {
  addPurchase,
  bgNbdLogLikelihood,
  expectedAverageSpend,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  NO_PURCHASES,
  probabilityAlive,
  repeatSummary,
  type PurchaseDays,
} from '../src/index.ts';
import { cdnowMaster, cdnowSpend, cdnowSummary } from './cdnow-data.ts';

const within = (actual: number, expected: number, relative: number) =>
  expect(Math.abs(actual / expected - 1), `${actual} vs ${expected}`).toBeLessThanOrEqual(relative);

const PUBLISHED_BG_NBD = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const PUBLISHED_GAMMA_GAMMA = { p: 6.2488, q: 3.7446, gamma: 15.4477 };

describe('BG/NBD on the CDNOW sample (2,357 customers)', () => {
  const customers = cdnowSummary();
  const fit = fitBgNbd(customers);

  it('finds the published parameters', () => {
    expect(fit.customers).toBe(2357);
    expect(fit.converged).toBe(true);
    within(fit.params.r, PUBLISHED_BG_NBD.r, 0.01);
    within(fit.params.alpha, PUBLISHED_BG_NBD.alpha, 0.01);
    within(fit.params.a, PUBLISHED_BG_NBD.a, 0.01);
    within(fit.params.b, PUBLISHED_BG_NBD.b, 0.01);
  });

  it('reaches at least the likelihood of the published parameters', () => {
    const atPublished = customers.reduce((s, c) => s + bgNbdLogLikelihood(PUBLISHED_BG_NBD, c), 0);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(atPublished - 1e-6);
    // The paper's log-likelihood is −9582.4.
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 1);
  });

  it("predicts customer 1's next 39 weeks and P(alive) as published", () => {
    const c1 = customers[0]!;
    expect(c1).toEqual({ id: 1, x: 2, tx: 30.43, T: 38.86 });
    within(expectedPurchases(fit.params, c1, 39), 1.2259, 0.005);
    within(probabilityAlive(fit.params, c1), 0.7266, 0.005);
  });
});

describe('Gamma-Gamma on the CDNOW repeat buyers (946 customers)', () => {
  const customers = cdnowSpend();
  const fit = fitGammaGamma(customers.map((c) => ({ x: c.x, mx: c.zbar })));

  it('finds the published parameters', () => {
    expect(fit.customers).toBe(946);
    within(fit.params.p, PUBLISHED_GAMMA_GAMMA.p, 0.01);
    within(fit.params.q, PUBLISHED_GAMMA_GAMMA.q, 0.01);
    within(fit.params.gamma, PUBLISHED_GAMMA_GAMMA.gamma, 0.01);
    const atPublished = customers
      .filter((c) => c.x > 0)
      .reduce((s, c) => s + gammaGammaLogLikelihood(PUBLISHED_GAMMA_GAMMA, { x: c.x, mx: c.zbar }), 0);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(atPublished - 1e-6);
  });

  it('predicts the published expected spend of customers 1, 2 and 6', () => {
    const spend = (id: number) => {
      const c = customers.find((row) => row.id === id)!;
      return expectedAverageSpend(fit.params, { x: c.x, mx: c.zbar });
    };
    within(spend(1), 24.6586, 0.005);
    within(spend(2), 18.9115, 0.005);
    within(spend(6), 71.4629, 0.005);
  });
});

describe('the purchase summariser on the full CDNOW log', () => {
  // Calibration ends 39 weeks after 1 January 1997; T is counted from the first purchase day to then.
  const asOf = Date.UTC(1997, 8, 30);
  const histories = new Map<string, PurchaseDays>();
  for (const p of cdnowMaster()) {
    const cents = Math.round(p.dollars * 100);
    histories.set(
      p.id,
      addPurchase(histories.get(p.id) ?? NO_PURCHASES, { at: p.at, amountMinor: cents, kind: 'purchase' }),
    );
  }

  it("gives every sample customer's (x, tx, T, zbar) to some distinct customer of the full data", () => {
    expect(histories.size).toBe(23_570);
    const key = (x: number, tx: number, T: number) => `${x}|${tx.toFixed(2)}|${T.toFixed(2)}`;
    const pool = new Map<string, number[]>();
    for (const history of histories.values()) {
      const s = repeatSummary(history, asOf, 7)!;
      const k = key(s.x, s.tx, s.T);
      pool.set(k, [...(pool.get(k) ?? []), s.meanRepeatMinor / 100]);
    }
    let matched = 0;
    for (const c of cdnowSpend()) {
      const candidates = pool.get(key(c.x, c.tx, c.T)) ?? [];
      // zbar is published to the cent, so half a cent either way (and float noise) is the same customer.
      const i = candidates.findIndex((z) => Math.abs(z - c.zbar) <= 0.0051);
      if (i >= 0) {
        candidates.splice(i, 1);
        matched++;
      }
    }
    expect(matched).toBe(2357);
  });
});
