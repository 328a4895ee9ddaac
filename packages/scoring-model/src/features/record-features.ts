import type { ScoringConfig } from '../config/schema.ts';
import {
  addToCounter,
  counterValue,
  emptyCounter,
  mergeCounters,
  MS_PER_DAY,
  MS_PER_HOUR,
  type DecayedCounter,
} from '../time/decayed-counter.ts';
import {
  addPurchase,
  mergePurchases,
  NO_PURCHASES,
  type PurchaseDays,
  type PurchaseEvent,
} from '../value/purchase-days.ts';

export interface SocialAccount {
  /** `${platform}:${handle}` lowercased, as the social topics key it. */
  key: string;
  followers: number;
  /** When the follower count was seen, epoch milliseconds. */
  observedAt: number;
}

export interface Evidence {
  eventId: string;
  at: number;
}

/**
 * What scoring keeps per source record (a loyalty member, a CRM contact, a social account). A customer's
 * features are the fold of their records' features, so a merge of customers folds more records and a
 * split folds each part's own records again. Every field merges associatively and commutatively with
 * EMPTY_FEATURES as identity: sums (purchase days, decayed counters at a common reference time), set
 * unions (tiers, scopes, referrers), the latest observation per account, the newest evidence.
 */
export interface RecordFeatures {
  purchases: PurchaseDays;
  tiers: readonly string[];
  accounts: readonly SocialAccount[];
  /** Weighted engagement received, counted at each post's time. */
  engagement: DecayedCounter | null;
  /** Posts written. */
  posts: DecayedCounter | null;
  /** Complaints written (urgency's repeated-complaints signal). */
  complaints: DecayedCounter | null;
  decisionMaker: boolean;
  decisionScopes: readonly string[];
  /** Record keys of whoever referred this record's person. */
  referredBy: readonly string[];
  /** The newest events these features rest on, newest first. */
  evidence: readonly Evidence[];
}

export const EMPTY_FEATURES: RecordFeatures = {
  purchases: NO_PURCHASES,
  tiers: [],
  accounts: [],
  engagement: null,
  posts: null,
  complaints: null,
  decisionMaker: false,
  decisionScopes: [],
  referredBy: [],
  evidence: [],
};

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

function mergeNullable(a: DecayedCounter | null, b: DecayedCounter | null): DecayedCounter | null {
  return a === null ? b : b === null ? a : mergeCounters(a, b);
}

/** Per account the latest observation (more followers breaks a tie), sorted by key. */
function mergeAccounts(a: readonly SocialAccount[], b: readonly SocialAccount[]): SocialAccount[] {
  const byKey = new Map<string, SocialAccount>();
  for (const account of [...a, ...b]) {
    const seen = byKey.get(account.key);
    const later =
      seen === undefined ||
      account.observedAt > seen.observedAt ||
      (account.observedAt === seen.observedAt && account.followers > seen.followers);
    if (later) byKey.set(account.key, account);
  }
  return [...byKey.values()].sort((p, q) => (p.key < q.key ? -1 : 1));
}

/** The `limit` newest events of both (by time, then id), each once. */
function mergeEvidence(a: readonly Evidence[], b: readonly Evidence[], limit: number): Evidence[] {
  const byId = new Map<string, Evidence>();
  for (const e of [...a, ...b]) {
    const seen = byId.get(e.eventId);
    if (seen === undefined || e.at > seen.at) byId.set(e.eventId, e);
  }
  return [...byId.values()]
    .sort((p, q) => q.at - p.at || (p.eventId < q.eventId ? -1 : p.eventId > q.eventId ? 1 : 0))
    .slice(0, limit);
}

export function mergeFeatures(a: RecordFeatures, b: RecordFeatures, maxEvidence: number): RecordFeatures {
  return {
    purchases: mergePurchases(a.purchases, b.purchases),
    tiers: union(a.tiers, b.tiers),
    accounts: mergeAccounts(a.accounts, b.accounts),
    engagement: mergeNullable(a.engagement, b.engagement),
    posts: mergeNullable(a.posts, b.posts),
    complaints: mergeNullable(a.complaints, b.complaints),
    decisionMaker: a.decisionMaker || b.decisionMaker,
    decisionScopes: union(a.decisionScopes, b.decisionScopes),
    referredBy: union(a.referredBy, b.referredBy),
    evidence: mergeEvidence(a.evidence, b.evidence, maxEvidence),
  };
}

/** A customer's features: the fold of their records' features, in any order. */
export function foldFeatures(records: Iterable<RecordFeatures>, maxEvidence: number): RecordFeatures {
  let folded = EMPTY_FEATURES;
  for (const r of records) folded = mergeFeatures(folded, r, maxEvidence);
  return folded;
}

/** The features of one purchase or refund, to merge into its record's. */
export function purchaseFeatures(event: PurchaseEvent & { eventId: string }): RecordFeatures {
  return {
    ...EMPTY_FEATURES,
    purchases: addPurchase(NO_PURCHASES, event),
    evidence: [{ eventId: event.eventId, at: event.at }],
  };
}

export interface PostObservation {
  eventId: string;
  /** When the post was published, epoch milliseconds: engagement counts at the post's time. */
  at: number;
  /** Weighted engagement now observed (see postEngagement). */
  engagement: number;
  /** The engagement seen at the previous observation of the same post; absent for a new post. */
  previousEngagement?: number;
  isComplaint: boolean;
}

/**
 * The features of one observation of a post. A re-observation adds only the engagement gained since the
 * last one, so the counters end where a single observation with the final counts would have put them.
 */
export function postFeatures(post: PostObservation, config: ScoringConfig): RecordFeatures {
  const engagementHalfLife = config.influence.amplification.halfLifeDays * MS_PER_DAY;
  const complaintHalfLife = config.urgency.repeat.halfLifeHours * MS_PER_HOUR;
  const isNew = post.previousEngagement === undefined;
  const gained = post.engagement - (post.previousEngagement ?? 0);
  return {
    ...EMPTY_FEATURES,
    engagement: gained === 0 ? null : addToCounter(emptyCounter(engagementHalfLife), gained, post.at),
    posts: isNew ? addToCounter(emptyCounter(engagementHalfLife), 1, post.at) : null,
    complaints: isNew && post.isComplaint ? addToCounter(emptyCounter(complaintHalfLife), 1, post.at) : null,
    evidence: [{ eventId: post.eventId, at: post.at }],
  };
}

/** Weighted engagement of a post: Σ weight · count over likes, replies, reposts and quotes (views ignored). */
export function postEngagement(
  counts: { likes?: number; replies?: number; reposts?: number; quotes?: number },
  config: ScoringConfig,
): number {
  const w = config.influence.amplification.engagementWeights;
  return (
    w.likes * (counts.likes ?? 0) +
    w.replies * (counts.replies ?? 0) +
    w.reposts * (counts.reposts ?? 0) +
    w.quotes * (counts.quotes ?? 0)
  );
}

/** What a record's latest source version says about it; replaces the record's previous profile. */
export interface RecordProfile {
  tiers?: readonly string[];
  accounts?: readonly SocialAccount[];
  decisionMaker?: boolean;
  decisionScopes?: readonly string[];
  referredBy?: readonly string[];
  evidence?: Evidence;
}

/**
 * A new version of the source record: its profile fields are replaced (a tier that changed is no longer
 * held), its event-derived fields (purchases, counters) kept. Profiles fold across records by merging.
 */
export function withProfile(
  features: RecordFeatures,
  profile: RecordProfile,
  maxEvidence: number,
): RecordFeatures {
  return {
    ...features,
    tiers: union([], profile.tiers ?? []),
    accounts: mergeAccounts([], profile.accounts ?? []),
    decisionMaker: profile.decisionMaker ?? false,
    decisionScopes: union([], profile.decisionScopes ?? []),
    referredBy: union([], profile.referredBy ?? []),
    evidence:
      profile.evidence === undefined
        ? features.evidence
        : mergeEvidence(features.evidence, [profile.evidence], maxEvidence),
  };
}

export function followersOf(features: RecordFeatures): number {
  return features.accounts.reduce((s, a) => s + a.followers, 0);
}

/** Decayed weighted engagement per decayed post at `asOf`: recent posts count most. */
export function amplificationOf(features: RecordFeatures, asOf: number): number {
  const posts = features.posts === null ? 0 : counterValue(features.posts, asOf);
  if (posts <= 0) return 0;
  const engagement = features.engagement === null ? 0 : counterValue(features.engagement, asOf);
  return Math.max(0, engagement / posts);
}
