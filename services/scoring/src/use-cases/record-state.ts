import {
  EMPTY_FEATURES,
  mergeFeatures,
  postFeatures,
  purchaseFeatures,
  withProfile,
  type PostObservation,
  type RecordFeatures,
  type RecordProfile,
  type ScoringConfig,
} from '@rapport/scoring-model';

/** What scoring keeps per source record. Times are epoch milliseconds. */
export interface RecordState {
  recordId: string;
  features: RecordFeatures;
  /** The source version the profile came from (updatedAt, observedAt) and its event: the latest wins. */
  profileAt: number | null;
  profileEventId: string | null;
  /** The source deleted it: features gone, later purchases not kept. */
  erased: boolean;
}

export function emptyRecord(recordId: string): RecordState {
  return { recordId, features: EMPTY_FEATURES, profileAt: null, profileEventId: null, erased: false };
}

const evidenceOnly = (eventId: string, at: number): RecordFeatures => ({
  ...EMPTY_FEATURES,
  evidence: [{ eventId, at }],
});

/** The event is part of what the record's scores rest on, and changes nothing else. */
export function addEvidence(
  state: RecordState,
  eventId: string,
  at: number,
  maxEvidence: number,
): RecordState {
  return { ...state, features: mergeFeatures(state.features, evidenceOnly(eventId, at), maxEvidence) };
}

/** Whether a profile version (at, eventId) is newer than the one the record holds: a total order, so any arrival order ends alike. */
function isNewer(state: RecordState, at: number, eventId: string): boolean {
  if (state.profileAt === null) return true;
  return at > state.profileAt || (at === state.profileAt && eventId > (state.profileEventId ?? ''));
}

export function applyPurchase(
  state: RecordState,
  purchase: { eventId: string; at: number; amountMinor: number; kind: 'purchase' | 'refund' },
  maxEvidence: number,
): RecordState {
  if (state.erased) return state;
  return { ...state, features: mergeFeatures(state.features, purchaseFeatures(purchase), maxEvidence) };
}

/**
 * A source version of the record's profile. A newer one replaces the profile (a tier that changed is no
 * longer held); an older one, arriving late, only adds its evidence. Either way the outcome does not
 * depend on the order versions arrive in.
 */
export function applyProfile(
  state: RecordState,
  version: { eventId: string; at: number; profile: RecordProfile },
  maxEvidence: number,
): RecordState {
  if (!isNewer(state, version.at, version.eventId))
    return addEvidence(state, version.eventId, version.at, maxEvidence);
  const evidence = { eventId: version.eventId, at: version.at };
  return {
    ...state,
    features: withProfile(state.features, { ...version.profile, evidence }, maxEvidence),
    profileAt: version.at,
    profileEventId: version.eventId,
    erased: false,
  };
}

/**
 * An observation of a social account (its follower count when seen, from the author topic or from a post):
 * the newest replaces the account's profile. Observations are named by what they saw (see profiles.ts), so
 * the same observation arriving twice, once from a post and once from the author topic, changes nothing the
 * second time (the state is returned as it was). The posts are the account's evidence, not its observations.
 */
export function observeAccount(
  state: RecordState,
  observation: { versionId: string; at: number; profile: RecordProfile },
): RecordState {
  if (!isNewer(state, observation.at, observation.versionId)) return state;
  return {
    ...state,
    features: withProfile(state.features, observation.profile, 0),
    profileAt: observation.at,
    profileEventId: observation.versionId,
    erased: false,
  };
}

/** The source deleted the record (a deletion or a tombstone): nothing of it is kept but the version. */
export function erase(state: RecordState, version?: { eventId: string; at: number }): RecordState {
  if (version !== undefined && !isNewer(state, version.at, version.eventId)) return state;
  return {
    recordId: state.recordId,
    features: EMPTY_FEATURES,
    profileAt: version?.at ?? state.profileAt,
    profileEventId: version?.eventId ?? state.profileEventId,
    erased: true,
  };
}

export function applyPost(state: RecordState, post: PostObservation, config: ScoringConfig): RecordState {
  return {
    ...state,
    features: mergeFeatures(state.features, postFeatures(post, config), config.evidence.maxEventIds),
  };
}
