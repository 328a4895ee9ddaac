import { logCompressed } from '../explain/component.ts';
import type { InfluenceEdge } from './network.ts';

/** A customer this one referred (loyalty `referredByMemberId`, CRM `referredByCrmId`) and what they spent since. */
export interface Referral {
  referredId: string;
  spendMinor: number;
}

/** 1 + spend / unit: a referral counts once for joining and grows with what the referred customer spends. */
export function referralWeight(spendMinor: number, spendUnitMinor: number): number {
  return 1 + Math.max(0, spendMinor) / spendUnitMinor;
}

/** The total referral weight, log-compressed against `cap`. */
export function referralScore(
  referrals: readonly Referral[],
  options: { spendUnitMinor: number; cap: number },
): number {
  const weight = referrals.reduce((s, r) => s + referralWeight(r.spendMinor, options.spendUnitMinor), 0);
  return logCompressed(weight, options.cap);
}

/** The referral edges into `referrerId`, for the same graph as mentions and replies. */
export function referralEdges(
  referrerId: string,
  referrals: readonly Referral[],
  spendUnitMinor: number,
): InfluenceEdge[] {
  return referrals.map((r) => ({
    from: r.referredId,
    to: referrerId,
    kind: 'referral' as const,
    weight: referralWeight(r.spendMinor, spendUnitMinor),
  }));
}
