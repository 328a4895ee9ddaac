import {
  amplificationOf,
  foldFeatures,
  followersOf,
  scoreInfluence,
  scorePriority,
  scoreValue,
  totalSpendMinor,
  type InfluenceScore,
  type PriorityExplanation,
  type RecordFeatures,
  type Referral,
  type UrgencyScore,
  type ValueScore,
} from '@rapport/scoring-model';
import type { ScoringParameters } from './model-parameters.ts';

/** A customer's posts count toward their own priority for this long before their latest event. */
export const RECENT_POST_MS = 24 * 60 * 60 * 1000;

/** The most urgent post of the customer in the RECENT_POST_MS before the scoring time. */
export interface RecentPost {
  eventId: string;
  at: number;
  urgency: UrgencyScore;
}

export interface CustomerInputs {
  customerId: string;
  /** The identity snapshot's time: a split or merge is an event of the customer too. */
  identityAt: number;
  /** Features of every record the customer holds, in record-id order (the fold is then bit-for-bit stable). */
  records: readonly RecordFeatures[];
  referrals: readonly Referral[];
}

export interface CustomerScore {
  features: RecordFeatures;
  /** Event time the scores are as of: the customer's newest event (purchase, profile, post, identity). */
  asOf: number;
  value: ValueScore;
  influence: InfluenceScore;
}

/** A customer's features folded and scored for value and influence at their own latest event time. */
export function scoreCustomer(inputs: CustomerInputs, params: ScoringParameters): CustomerScore {
  const { config, snapshot } = params;
  const features = foldFeatures(inputs.records, config.evidence.maxEventIds);
  const asOf = Math.max(inputs.identityAt, features.evidence[0]?.at ?? 0);
  const value = scoreValue(
    { purchases: features.purchases, tiers: features.tiers },
    { asOf, snapshot, config },
  );
  return {
    features,
    asOf,
    value,
    influence: influenceOf(features, inputs.customerId, inputs.referrals, asOf, params),
  };
}

/** Influence of folded features: reach, amplification, network position, referrals, decision role. */
export function influenceOf(
  features: RecordFeatures,
  node: string,
  referrals: readonly Referral[],
  asOf: number,
  params: ScoringParameters,
): InfluenceScore {
  return scoreInfluence(
    {
      followers: followersOf(features),
      amplification: amplificationOf(features, asOf),
      ...(params.network?.positions.has(node) && { position: params.network.positions.get(node)! }),
      referrals,
      decisionMaker: features.decisionMaker,
      decisionScopes: features.decisionScopes,
    },
    params.config,
  );
}

/** Urgency when the customer wrote nothing recent: zero, with the reason. */
export const NO_RECENT_POST: UrgencyScore = {
  score: 0,
  components: [
    {
      name: 'urgency.recent-post',
      score: 0,
      weight: 1,
      contribution: 0,
      reasons: ['no post in the 24 hours before the latest event'],
    },
  ],
  intents: [],
  isComplaint: false,
  rulesFired: [],
};

/** The customer's own priority: value, their most urgent recent post, influence. No hysteresis here (see bands). */
export function customerPriority(
  score: CustomerScore,
  recent: RecentPost | undefined,
  params: ScoringParameters,
): PriorityExplanation {
  return scorePriority(
    {
      value: score.value,
      urgency: recent?.urgency ?? NO_RECENT_POST,
      influence: score.influence,
      sourceEventIds: [...(recent ? [recent.eventId] : []), ...score.features.evidence.map((e) => e.eventId)],
    },
    params.config,
  );
}

/**
 * One post's priority: its urgency (scored at its first observation) with the value and influence of
 * the customer its author is in now, or, for an author on no customer, influence alone.
 */
export function mentionPriority(
  mentionEventId: string,
  urgency: UrgencyScore,
  author: { customer: CustomerScore } | { features: RecordFeatures; influence: InfluenceScore },
  params: ScoringParameters,
): PriorityExplanation {
  const features = 'customer' in author ? author.customer.features : author.features;
  return scorePriority(
    {
      ...('customer' in author && { value: author.customer.value }),
      urgency,
      influence: 'customer' in author ? author.customer.influence : author.influence,
      sourceEventIds: [mentionEventId, ...features.evidence.map((e) => e.eventId)],
    },
    params.config,
  );
}

/** What a referred record's person went on to spend: their purchases, cards included. */
export function spendOf(records: readonly RecordFeatures[]): number {
  return records.reduce((sum, r) => sum + Math.max(0, totalSpendMinor(r.purchases)), 0);
}
