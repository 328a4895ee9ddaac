import { describe, expect, it } from 'vitest';
import { expectedPurchases, type BgNbdParams } from './bg-nbd.ts';
import { customerLifetimeValue } from './clv.ts';

const CDNOW: BgNbdParams = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const customer = { x: 2, tx: 30.43, T: 38.86 };
const weekly = { timeUnitDays: 7, periodDays: 7, periods: 39, annualDiscountRate: 0, margin: 1 };

describe('CLV', () => {
  it('without discounting is spend × expected purchases over the horizon', () => {
    const clv = customerLifetimeValue(CDNOW, customer, 24.6586, weekly);
    expect(clv.expectedPurchases).toBeCloseTo(expectedPurchases(CDNOW, customer, 39), 12);
    expect(clv.clv).toBeCloseTo(24.6586 * expectedPurchases(CDNOW, customer, 39), 10);
  });

  it('discounts each period by (1 + d)^(period/365) and scales by margin', () => {
    const options = {
      ...weekly,
      periodDays: 365,
      timeUnitDays: 365 / 52,
      periods: 2,
      annualDiscountRate: 0.1,
      margin: 0.3,
    };
    const y1 = expectedPurchases(CDNOW, customer, 52);
    const y2 = expectedPurchases(CDNOW, customer, 104);
    const clv = customerLifetimeValue(CDNOW, customer, 20, options);
    expect(clv.clv).toBeCloseTo(0.3 * 20 * (y1 / 1.1 + (y2 - y1) / 1.21), 10);
    expect(
      customerLifetimeValue(CDNOW, customer, 20, { ...options, annualDiscountRate: 0 }).clv,
    ).toBeGreaterThan(clv.clv);
  });
});
