import type { ScoringConfig } from '../config/schema.ts';
import { component, logCompressed, total, type Component } from '../explain/component.ts';
import { networkScore, type NetworkPosition } from './network.ts';
import { referralScore, referralWeight, type Referral } from './referrals.ts';

export interface InfluenceInput {
  /** Followers over all the customer's accounts. */
  followers: number;
  /** Weighted engagement received per post, decayed (see amplificationOf). */
  amplification: number;
  position?: NetworkPosition;
  referrals: readonly Referral[];
  decisionMaker: boolean;
  decisionScopes?: readonly string[];
}

export type InfluencerFlag = 'none' | 'online' | 'offline' | 'both';

export interface InfluenceScore {
  /** 0..100: 100 · (1 − (1 − online)(1 − offline)). */
  score: number;
  flag: InfluencerFlag;
  online: { score: number; components: Component[] };
  offline: { score: number; components: Component[] };
}

/** log10(1 + followers) / log10(1 + cap), capped at 1. */
export function reachScore(followers: number, followersCap: number): number {
  return logCompressed(followers, followersCap);
}

/**
 * Influence online (reach, amplification, the social share of network position) and offline
 * (referrals weighted by the referred customers' spend, a CRM decision-maker role, the referral share
 * of network position), each a weighted mean in 0..1. They combine as a probabilistic "or", so strength
 * in either counts and both counts more, and each has its own threshold for the marketing flag.
 */
export function scoreInfluence(input: InfluenceInput, config: ScoringConfig): InfluenceScore {
  const c = config.influence;
  const network = networkScore(input.position, c.network.ratioCap);
  const positionReason =
    input.position === undefined
      ? 'not in the graph'
      : `PageRank ${input.position.ratio.toFixed(1)}× the average`;
  const online = [
    component('influence.reach', reachScore(input.followers, c.reach.followersCap), c.online.reach, [
      `${input.followers} followers`,
    ]),
    component(
      'influence.amplification',
      logCompressed(input.amplification, c.amplification.perPostCap),
      c.online.amplification,
      [`${input.amplification.toFixed(1)} weighted engagements per post`],
    ),
    component('influence.network.social', network * (input.position?.socialShare ?? 0), c.online.network, [
      positionReason,
    ]),
  ];
  const referralWeightTotal = input.referrals.reduce(
    (s, r) => s + referralWeight(r.spendMinor, c.referrals.spendUnitMinor),
    0,
  );
  const scopes = input.decisionScopes ?? [];
  const offline = [
    component('influence.referrals', referralScore(input.referrals, c.referrals), c.offline.referrals, [
      `${input.referrals.length} referred customers, weight ${referralWeightTotal.toFixed(1)}`,
    ]),
    component('influence.decision-maker', input.decisionMaker ? 1 : 0, c.offline.decisionMaker, [
      input.decisionMaker
        ? `decides for others${scopes.length > 0 ? ` (${scopes.join(', ')})` : ''}`
        : 'no decision-maker role',
    ]),
    component(
      'influence.network.referral',
      network * (input.position?.referralShare ?? 0),
      c.offline.network,
      [positionReason],
    ),
  ];
  const onlineScore = total(online) / 100;
  const offlineScore = total(offline) / 100;
  const isOnline = onlineScore >= c.flag.online;
  const isOffline = offlineScore >= c.flag.offline;
  return {
    score: 100 * (1 - (1 - onlineScore) * (1 - offlineScore)),
    flag: isOnline && isOffline ? 'both' : isOnline ? 'online' : isOffline ? 'offline' : 'none',
    online: { score: onlineScore, components: online },
    offline: { score: offlineScore, components: offline },
  };
}
