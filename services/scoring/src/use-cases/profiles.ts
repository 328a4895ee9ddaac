import type { CrmContactEvent, LoyaltyMemberEvent, SocialAuthor } from '@rapport/contracts';
import type { RecordProfile } from '@rapport/scoring-model';
import type { z } from 'zod';
import { cardRecordId, contactRecordId, memberRecordId, socialRecordId } from './record-ids.ts';

// What each source's latest version says about its record, in the scoring model's terms. A record
// comes from one source, so a profile never mixes sources; a customer's profiles merge in the fold.

export function memberProfile(event: LoyaltyMemberEvent): RecordProfile {
  return {
    tiers: event.tier === undefined ? [] : [event.tier],
    referredBy:
      event.referredByMemberId === undefined ? [] : [memberRecordId(event.program, event.referredByMemberId)],
  };
}

export function memberCards(event: LoyaltyMemberEvent): string[] {
  return [...new Set((event.cardNumbers ?? []).map((n) => cardRecordId(event.program, n)))].sort();
}

export function contactProfile(event: CrmContactEvent): RecordProfile {
  return {
    decisionMaker: event.decisionMaker === true,
    decisionScopes: event.decisionScopes ?? [],
    referredBy: event.referredByCrmId === undefined ? [] : [contactRecordId(event.referredByCrmId)],
  };
}

/** A social account's follower count when the observation has one; without it, nothing to replace. */
export function authorProfile(
  platform: string,
  author: z.output<typeof SocialAuthor>,
  observedAt: number,
): RecordProfile | undefined {
  const followers = author.profile?.followers;
  if (followers === undefined) return undefined;
  const key = socialRecordId(platform, author.handle).slice('social:'.length);
  return { accounts: [{ key, followers, observedAt }] };
}
