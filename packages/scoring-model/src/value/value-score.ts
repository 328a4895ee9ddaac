import type { ScoringConfig } from '../config/schema.ts';
import { component, total, type Component } from '../explain/component.ts';
import { repeatSummary, windowStats, type PurchaseDays } from './purchase-days.ts';
import { gridRank, quantileScore } from './quantiles.ts';
import { rfmSegment, type RfmSegmentName } from './rfm-segments.ts';
import { clvOf } from './clv.ts';
import type { ValueSnapshot } from './value-snapshot.ts';

export interface ValueInput {
  purchases: PurchaseDays;
  /** Loyalty tier labels held (one per loyalty record of the customer). */
  tiers: readonly string[];
}

export interface RfmResult {
  recencyDays: number;
  frequency: number;
  monetaryMinor: number;
  r: number;
  f: number;
  m: number;
  /** e.g. "545": recency, frequency, monetary scores. */
  code: string;
  segment: RfmSegmentName;
}

export interface ClvResult {
  expectedPurchases: number;
  probabilityAlive: number;
  expectedSpendMinor: number;
  clvMinor: number;
  /** Share of the snapshot's purchasers with a lower CLV. */
  populationRank: number;
}

export interface ValueScore {
  /** 0..100. */
  score: number;
  /** Holds a loyalty tier or has purchased: a customer, not just an account. */
  isCustomer: boolean;
  components: Component[];
  tier?: { label: string; score: number };
  rfm?: RfmResult;
  clv?: ClvResult;
  snapshotVersion: string;
}

/** The best tier held, by the configuration's tier table; labels compare case-insensitively. */
function bestTier(labels: readonly string[], config: ScoringConfig) {
  let best: { label: string; score: number } | undefined;
  for (const label of labels) {
    const row = config.tiers.find((t) => t.label.toLowerCase() === label.toLowerCase());
    const candidate = { label, score: row?.score ?? 0 };
    if (best === undefined || candidate.score > best.score) best = candidate;
  }
  return best;
}

/**
 * Loyalty value: tier, RFM against the population's quintiles and CLV against the population's
 * distribution, weighted by the configuration. `asOf` is the scoring time (event time, not the clock).
 */
export function scoreValue(
  input: ValueInput,
  context: { asOf: number; snapshot: ValueSnapshot; config: ScoringConfig },
): ValueScore {
  const { asOf, snapshot, config } = context;
  const weights = config.value.weights;
  const tier = bestTier(input.tiers, config);
  const known =
    tier !== undefined && config.tiers.some((t) => t.label.toLowerCase() === tier.label.toLowerCase());
  const tierReasons =
    tier === undefined ? ['no loyalty tier'] : [known ? `tier ${tier.label}` : `unknown tier ${tier.label}`];

  const window = windowStats(input.purchases, asOf, snapshot.rfm.windowDays);
  let rfm: RfmResult | undefined;
  if (window !== undefined) {
    const r = quantileScore(window.recencyDays, snapshot.rfm.recencyDays, false);
    const f = quantileScore(window.frequency, snapshot.rfm.frequency);
    const m = quantileScore(window.monetaryMinor, snapshot.rfm.monetaryMinor);
    rfm = { ...window, r, f, m, code: `${r}${f}${m}`, segment: rfmSegment(r, f, config.value.rfm.segments) };
  }
  const rfmReasons =
    rfm === undefined
      ? ['no purchases']
      : [
          `RFM ${rfm.code} (${rfm.segment})`,
          `${rfm.frequency} purchases in ${snapshot.rfm.windowDays} days, last ${rfm.recencyDays} days ago`,
        ];

  const summary = repeatSummary(input.purchases, asOf, snapshot.timeUnitDays);
  let clv: ClvResult | undefined;
  if (summary !== undefined) {
    const estimate = clvOf(summary, snapshot.bgNbd.params, snapshot.gammaGamma?.params ?? null, config);
    clv = {
      expectedPurchases: estimate.expectedPurchases,
      probabilityAlive: estimate.probabilityAlive,
      expectedSpendMinor: estimate.expectedSpend,
      clvMinor: estimate.clv,
      populationRank: gridRank(estimate.clv, snapshot.clv.grid),
    };
  }
  const clvReasons =
    clv === undefined
      ? ['no purchases']
      : [
          `P(alive) ${clv.probabilityAlive.toFixed(2)}, ${clv.expectedPurchases.toFixed(1)} purchases expected`,
          `CLV above ${(100 * clv.populationRank).toFixed(0)}% of customers`,
        ];

  const components = [
    component('value.tier', tier?.score ?? 0, weights.tier, tierReasons),
    component('value.rfm', rfm === undefined ? 0 : (rfm.r + rfm.f + rfm.m - 3) / 12, weights.rfm, rfmReasons),
    component('value.clv', clv?.populationRank ?? 0, weights.clv, clvReasons),
  ];
  return {
    score: total(components),
    isCustomer: tier !== undefined || window !== undefined,
    components,
    ...(tier !== undefined && { tier }),
    ...(rfm !== undefined && { rfm }),
    ...(clv !== undefined && { clv }),
    snapshotVersion: snapshot.version,
  };
}
