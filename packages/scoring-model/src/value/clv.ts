import type { ScoringConfig } from '../config/schema.ts';
import { expectedPurchases, probabilityAlive, type BgNbdCustomer, type BgNbdParams } from './bg-nbd.ts';
import { expectedAverageSpend, type GammaGammaParams } from './gamma-gamma.ts';
import type { RepeatSummary } from './purchase-days.ts';

export interface ClvOptions {
  /** Days per BG/NBD time unit (7 when the model was fitted in weeks). */
  timeUnitDays: number;
  /** Length of one discounting period in days (30: monthly). */
  periodDays: number;
  periods: number;
  /** Yearly discount rate d; one period is discounted by (1 + d)^(periodDays/365). */
  annualDiscountRate: number;
  /** Share of spend that is profit. */
  margin: number;
}

export interface ClvEstimate {
  /** Expected purchases over the whole horizon. */
  expectedPurchases: number;
  probabilityAlive: number;
  /** Expected spend per purchase (Gamma-Gamma), in the spend's unit. */
  expectedSpend: number;
  /** Discounted value over the horizon, in the spend's unit. */
  clv: number;
}

/**
 * Customer lifetime value over a finite horizon as the discounted sum of expected margin per period:
 *   CLV = margin · E[M] · Σ_{k=1..K} (E[Y(k·Δ)] − E[Y((k−1)·Δ)]) / (1 + δ)^k,
 * E[Y] the BG/NBD conditional expectation, E[M] the Gamma-Gamma expected spend, Δ the period and
 * δ = (1 + d)^(Δ/365) − 1 the per-period rate. BG/NBD has no closed-form discounted expectation, so the
 * horizon is discretised, as lifetimes' `customer_lifetime_value` does.
 */
export function customerLifetimeValue(
  bgNbd: BgNbdParams,
  customer: BgNbdCustomer,
  expectedSpend: number,
  options: ClvOptions,
): ClvEstimate {
  const perPeriod = Math.pow(1 + options.annualDiscountRate, options.periodDays / 365) - 1;
  const unitsPerPeriod = options.periodDays / options.timeUnitDays;
  let previous = 0;
  let discountedPurchases = 0;
  for (let k = 1; k <= options.periods; k++) {
    const cumulative = expectedPurchases(bgNbd, customer, k * unitsPerPeriod);
    discountedPurchases += (cumulative - previous) / Math.pow(1 + perPeriod, k);
    previous = cumulative;
  }
  return {
    expectedPurchases: previous,
    probabilityAlive: probabilityAlive(bgNbd, customer),
    expectedSpend,
    clv: options.margin * expectedSpend * discountedPurchases,
  };
}

/**
 * CLV of one customer against fitted parameters, in minor units. Spend per purchase is the Gamma-Gamma
 * expectation; without a usable spend model, the customer's own mean over all their transaction days.
 */
export function clvOf(
  summary: RepeatSummary,
  bgNbd: BgNbdParams,
  gammaGamma: GammaGammaParams | null,
  config: ScoringConfig,
): ClvEstimate {
  const spend =
    gammaGamma === null
      ? summary.meanDayMinor
      : expectedAverageSpend(gammaGamma, { x: summary.x, mx: summary.meanRepeatMinor });
  return customerLifetimeValue(bgNbd, summary, spend, config.value.clv);
}
