export { DEFAULT_CONFIG } from './config/default-config.ts';
export { ScoringConfigSchema, parseScoringConfig, IntentName, type ScoringConfig } from './config/schema.ts';

export {
  emptyCounter,
  addToCounter,
  mergeCounters,
  counterValue,
  decayFactor,
  MS_PER_DAY,
  MS_PER_HOUR,
  type DecayedCounter,
} from './time/decayed-counter.ts';

export {
  NO_PURCHASES,
  dayOf,
  addPurchase,
  mergePurchases,
  windowStats,
  repeatSummary,
  totalSpendMinor,
  type PurchaseDays,
  type PurchaseEvent,
  type WindowStats,
  type RepeatSummary,
} from './value/purchase-days.ts';
export {
  quantileOfSorted,
  quantileBreakpoints,
  quantileGrid,
  quantileScore,
  gridRank,
} from './value/quantiles.ts';
export { RF_SEGMENT_GRID, RfmSegmentName, rfmSegment } from './value/rfm-segments.ts';
export {
  bgNbdLogLikelihood,
  probabilityAlive,
  expectedPurchases,
  expectedPurchasesOfNewCustomer,
  type BgNbdParams,
  type BgNbdCustomer,
} from './value/bg-nbd.ts';
export {
  gammaGammaLogLikelihood,
  expectedAverageSpend,
  populationMeanSpend,
  type GammaGammaParams,
  type SpendCustomer,
} from './value/gamma-gamma.ts';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './value/nelder-mead.ts';
export { fitBgNbd, fitGammaGamma, type FitSummary } from './value/fit.ts';
export { customerLifetimeValue, clvOf, type ClvOptions, type ClvEstimate } from './value/clv.ts';
export {
  fitValueSnapshot,
  parseValueSnapshot,
  ValueSnapshotSchema,
  VALUE_SNAPSHOT_FORMAT,
  VALUE_SNAPSHOT_SCHEMA,
  type ValueSnapshot,
  type FitValueOptions,
} from './value/value-snapshot.ts';
export {
  scoreValue,
  type ValueInput,
  type ValueScore,
  type RfmResult,
  type ClvResult,
} from './value/value-score.ts';

export {
  networkPositions,
  networkScore,
  type InfluenceEdge,
  type NetworkPosition,
  type NetworkOptions,
} from './influence/network.ts';
export { referralWeight, referralScore, referralEdges, type Referral } from './influence/referrals.ts';
export {
  scoreInfluence,
  reachScore,
  type InfluenceInput,
  type InfluenceScore,
  type InfluencerFlag,
} from './influence/influence-score.ts';

export { sentenceSentiments } from './urgency/sentiment.ts';
export { detectIntents, type FiredIntent } from './urgency/intents.ts';
export {
  scoreUrgency,
  type PostInput,
  type UrgencyContext,
  type UrgencyScore,
} from './urgency/urgency-score.ts';

export { BANDS, bandFor, bandIndex, rankFor, bandWithHysteresis, type Band } from './priority/bands.ts';
export {
  scorePriority,
  type PriorityInput,
  type PriorityExplanation,
  type CapApplied,
} from './priority/priority-score.ts';
export type { Component } from './explain/component.ts';
export { priorityBreakdown } from './explain/breakdown.ts';

export {
  EMPTY_FEATURES,
  mergeFeatures,
  foldFeatures,
  purchaseFeatures,
  postFeatures,
  postEngagement,
  withProfile,
  followersOf,
  amplificationOf,
  type RecordFeatures,
  type RecordProfile,
  type SocialAccount,
  type Evidence,
  type PostObservation,
} from './features/record-features.ts';
