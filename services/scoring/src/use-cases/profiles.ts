import {
  deterministicEventId,
  type CrmContactEvent,
  type LoyaltyMemberEvent,
  type SocialAuthor,
} from '@rapport/contracts';
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

/** An observation of a social account's follower count, named by what it saw; none without a count. */
export function accountObservation(
  platform: string,
  author: z.output<typeof SocialAuthor>,
  observedAt: number,
): { versionId: string; at: number; profile: RecordProfile } | undefined {
  const followers = author.profile?.followers;
  if (followers === undefined) return undefined;
  const recordId = socialRecordId(platform, author.handle);
  return {
    versionId: deterministicEventId(['social.account', recordId, String(observedAt), String(followers)]),
    at: observedAt,
    profile: { accounts: [{ key: recordId.slice('social:'.length), followers, observedAt }] },
  };
}
