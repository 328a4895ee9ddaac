import {
  mentionId as mentionIdOf,
  type IdentityChangeEvent,
  type SocialMentionEvent,
} from '@rapport/contracts';
import { drop, ok, type Outcome } from '@rapport/kafka';
import { postEngagement, scoreUrgency, type UrgencyScore } from '@rapport/scoring-model';
import type { ScoringEvent } from './decode-event.ts';
import type { ScoringParameters } from './model-parameters.ts';
import type { CustomerSnapshot, Edge, Owner, ScoringStore, StoredMention } from './ports.ts';
import { accountObservation, contactProfile, memberCards, memberProfile } from './profiles.ts';
import { contactRecordId, memberRecordId, socialRecordId, transactionRecordId } from './record-ids.ts';
import {
  addEvidence,
  applyPost,
  observeAccount,
  applyProfile,
  applyPurchase,
  emptyRecord,
  erase,
  type RecordState,
} from './record-state.ts';

/** A post as stored before it is scored: everything but its priority and customer. */
export type MentionBase = Omit<
  StoredMention,
  'customerId' | 'identityRevision' | 'priority' | 'modelVersion'
> &
  Partial<Pick<StoredMention, 'customerId' | 'identityRevision' | 'priority' | 'modelVersion'>>;

/** What applying a batch changed, for the rescoring that follows. */
export interface AppliedBatch {
  outcomes: Outcome[];
  /** Records whose features, profile or cards changed: the customers holding them are rescored. */
  touched: Set<string>;
  /** Records whose purchases changed: whoever referred them is rescored (referrals weigh by spend). */
  spent: Set<string>;
  /** Records that referred a record whose referrals changed: their customers are rescored. */
  referrers: Set<string>;
  /** Customers whose snapshot changed, and every record named by their old or new snapshot. */
  identityCustomers: Set<string>;
  identityRecords: Set<string>;
  /** Every record this batch read or changed, as it left them. */
  states: Map<string, RecordState>;
  /** The records this batch holds locks on. */
  locked: ReadonlySet<string>;
  /** Who held the identity records before this batch's snapshots. */
  ownersBefore: Map<string, Owner>;
  /** Every post observation of the batch (each is published) with the post's row after it. */
  observed: { base: MentionBase; event: SocialMentionEvent }[];
}

/** A batch before any of its events is applied (and what the rescore sweep passes: no event at all). */
export function nothingApplied(locked: ReadonlySet<string> = new Set()): AppliedBatch {
  return {
    outcomes: [],
    touched: new Set(),
    spent: new Set(),
    referrers: new Set(),
    identityCustomers: new Set(),
    identityRecords: new Set(),
    states: new Map(),
    locked,
    ownersBefore: new Map(),
    observed: [],
  };
}

const at = (iso: string) => Date.parse(iso);

/**
 * A version that deletes the record, or refuses profiling (`consent.profiling: false`: the use of the data
 * for scoring): either way the record's features go, later purchases are not kept and it leaves its
 * customer's score. A newer version that no longer refuses starts the record afresh.
 */
const withdrawn = (event: { deleted: boolean; consent?: { profiling?: boolean } }) =>
  event.deleted || event.consent?.profiling === false;

/** The records a batch's events touch, to lock before anything is read. */
function recordsOf(events: readonly (ScoringEvent | undefined)[], snapshots: Map<string, CustomerSnapshot>) {
  const ids = new Set<string>();
  for (const e of events) {
    if (e === undefined) continue;
    switch (e.kind) {
      case 'transaction':
        ids.add(transactionRecordId(e.event));
        break;
      case 'member':
        ids.add(memberRecordId(e.event.program, e.event.memberId));
        for (const card of memberCards(e.event)) ids.add(card);
        break;
      case 'contact':
        ids.add(contactRecordId(e.event.crmId));
        break;
      case 'author':
        ids.add(socialRecordId(e.event.platform, e.event.handle));
        break;
      case 'mention':
        ids.add(socialRecordId(e.event.platform, e.event.author.handle));
        break;
      case 'erase':
        ids.add(e.recordId);
        break;
      case 'identity':
      case 'identity-tombstone': {
        const customerId = e.kind === 'identity' ? e.event.customerId : e.customerId;
        for (const r of snapshots.get(customerId)?.recordIds ?? []) ids.add(r);
        if (e.kind === 'identity') for (const r of e.event.recordIds) ids.add(r);
        break;
      }
    }
  }
  return ids;
}

/**
 * Applies one partition's batch (events in offset order, `undefined` where a message is already decided)
 * to the per-record state and the identity snapshots: claims the event ids (an event applied before, or
 * twice in the batch, is a duplicate) and locks every record touched before reading them. Writes what
 * changed; the rescoring of the customers concerned follows (rescore.ts).
 */
export async function applyEvents(
  decoded: readonly (ScoringEvent | undefined)[],
  store: ScoringStore,
  params: ScoringParameters,
): Promise<AppliedBatch> {
  const { config } = params;
  const maxEvidence = config.evidence.maxEventIds;
  // What a lock must cover that only the stored state knows: the records of the customers' old
  // snapshots, the cards members held.
  const customerIds = decoded.flatMap((e) =>
    e?.kind === 'identity' ? [e.event.customerId] : e?.kind === 'identity-tombstone' ? [e.customerId] : [],
  );
  const snapshots =
    customerIds.length > 0 ? await store.snapshots(customerIds) : new Map<string, CustomerSnapshot>();
  const memberIds = decoded.flatMap((e) =>
    e?.kind === 'member'
      ? [memberRecordId(e.event.program, e.event.memberId)]
      : e?.kind === 'erase'
        ? [e.recordId]
        : [],
  );
  const oldCards = memberIds.length > 0 ? await store.cardsOf(memberIds) : new Map<string, string[]>();
  const lockIds = recordsOf(decoded, snapshots);
  for (const cards of oldCards.values()) for (const c of cards) lockIds.add(c);
  const eventIds = decoded.flatMap((e) => (e?.eventId === undefined ? [] : [e.eventId]));
  const fresh = await store.claimAndLock(
    eventIds,
    [...lockIds].map((id) => `r:${id}`),
  );
  const taken = new Set<string>();
  const duplicate = decoded.map((e) => {
    if (e?.eventId === undefined) return false;
    if (!fresh.has(e.eventId) || taken.has(e.eventId)) return true;
    taken.add(e.eventId);
    return false;
  });
  const events = decoded.map((e, i) => (duplicate[i] ? undefined : e));

  const mentionIds = events.flatMap((e) =>
    e?.kind === 'mention' ? [mentionIdOf(e.event.platform, e.event.postId)] : [],
  );
  const state = await store.applyState(
    [...lockIds],
    [...lockIds].filter((id) => id.includes(':card:')),
    mentionIds,
  );
  const { records: loaded, holders, mentions } = state;

  const changed = new Map<string, RecordState>();
  const get = (id: string) => changed.get(id) ?? loaded.get(id) ?? emptyRecord(id);
  const put = (state: RecordState) => changed.set(state.recordId, state);
  const cards = new Map<string, string[]>();
  const referrals = new Map<string, string[]>();
  const edges: Edge[] = [];
  const savedSnapshots = new Map<string, CustomerSnapshot>();
  const bases = new Map<string, MentionBase>();
  const applied = nothingApplied(lockIds);

  /** A profile version replaced the record's referrers: the old and the new ones are concerned. */
  const referralsChanged = (before: RecordState, after: RecordState) => {
    if (after.profileEventId === before.profileEventId && after.erased === before.erased) return;
    for (const r of [...before.features.referredBy, ...after.features.referredBy]) applied.referrers.add(r);
    referrals.set(after.recordId, [...after.features.referredBy]);
  };

  /** A member's cards: a card taken from another member leaves that member's customer too. */
  const cardsChanged = (memberId: string, now: string[]) => {
    for (const card of [...(cards.get(memberId) ?? oldCards.get(memberId) ?? []), ...now]) {
      applied.touched.add(card);
      const holder = holders.get(card);
      if (holder !== undefined) applied.touched.add(holder);
    }
    for (const card of now) {
      const holder = holders.get(card);
      const list = holder === undefined || holder === memberId ? undefined : cards.get(holder);
      if (list !== undefined)
        cards.set(
          holder!,
          list.filter((c) => c !== card),
        );
      holders.set(card, memberId);
    }
    cards.set(memberId, now);
  };

  const applyIdentity = (event: IdentityChangeEvent | { customerId: string }): Outcome => {
    const previous = savedSnapshots.get(event.customerId) ?? snapshots.get(event.customerId);
    if ('revision' in event && previous !== undefined && event.revision <= previous.revision)
      return drop('obsolete');
    const next: CustomerSnapshot =
      'revision' in event
        ? {
            customerId: event.customerId,
            revision: event.revision,
            kind: event.kind,
            occurredAt: at(event.occurredAt),
            recordIds: event.kind === 'deleted' ? [] : [...new Set(event.recordIds)].sort(),
            ...(event.kind !== 'deleted' &&
              event.candidates !== undefined && { candidates: event.candidates }),
          }
        : // A tombstone: the customer is gone (revision kept so an older event cannot bring it back).
          {
            customerId: event.customerId,
            revision: previous?.revision ?? 1,
            kind: 'deleted',
            occurredAt: previous?.occurredAt ?? 0,
            recordIds: [],
          };
    for (const r of [...(previous?.recordIds ?? []), ...next.recordIds]) applied.identityRecords.add(r);
    applied.identityCustomers.add(event.customerId);
    savedSnapshots.set(event.customerId, next);
    return ok();
  };

  for (const [i, e] of events.entries()) {
    if (e === undefined) {
      // Decided by the caller (a dead letter), or applied before.
      applied.outcomes.push(duplicate[i] ? drop('duplicate') : ok());
      continue;
    }
    switch (e.kind) {
      case 'transaction': {
        // Amounts of two currencies are not added up as one: without exchange rates, only the configured
        // currency is scored; a purchase in another is irrelevant here (dropped, counted; it stays on its topic).
        if (e.event.currency !== params.currency) {
          applied.outcomes.push(drop('irrelevant'));
          break;
        }
        const id = transactionRecordId(e.event);
        const before = get(id);
        const after = applyPurchase(
          before,
          { eventId: e.eventId, at: at(e.event.occurredAt), amountMinor: e.amountMinor, kind: e.event.kind },
          maxEvidence,
        );
        if (after !== before) {
          put(after);
          applied.touched.add(id);
          applied.spent.add(id);
        }
        applied.outcomes.push(after === before ? drop('irrelevant') : ok());
        break;
      }
      case 'member': {
        const id = memberRecordId(e.event.program, e.event.memberId);
        const before = get(id);
        const version = { eventId: e.eventId, at: at(e.event.updatedAt) };
        const after = withdrawn(e.event)
          ? erase(before, version)
          : applyProfile(before, { ...version, profile: memberProfile(e.event) }, maxEvidence);
        put(after);
        applied.touched.add(id);
        if (after.profileEventId === e.eventId) {
          referralsChanged(before, after);
          cardsChanged(id, after.erased ? [] : memberCards(e.event));
          if (after.erased) applied.spent.add(id);
        }
        applied.outcomes.push(ok());
        break;
      }
      case 'contact': {
        const id = contactRecordId(e.event.crmId);
        const before = get(id);
        const version = { eventId: e.eventId, at: at(e.event.updatedAt) };
        const after = withdrawn(e.event)
          ? erase(before, version)
          : applyProfile(before, { ...version, profile: contactProfile(e.event) }, maxEvidence);
        put(after);
        applied.touched.add(id);
        referralsChanged(before, after);
        applied.outcomes.push(ok());
        break;
      }
      case 'author': {
        const id = socialRecordId(e.event.platform, e.event.handle);
        const observation = accountObservation(e.event.platform, e.event, at(e.event.observedAt));
        const before = get(id);
        const after = observation === undefined ? before : observeAccount(before, observation);
        if (after !== before) {
          put(after);
          applied.touched.add(id);
        }
        // Seen before (from a post of the account), or older than what it holds: nothing to rescore.
        applied.outcomes.push(ok());
        break;
      }
      case 'mention': {
        const id = socialRecordId(e.event.platform, e.event.author.handle);
        const key = mentionIdOf(e.event.platform, e.event.postId);
        const post = observePost(e.eventId, e.event, get(id), bases.get(key) ?? mentions.get(key), params);
        put(post.record);
        bases.set(key, post.base);
        edges.push(...post.edges);
        applied.touched.add(id);
        applied.observed.push({ base: post.base, event: e.event });
        applied.outcomes.push(ok());
        break;
      }
      case 'erase': {
        const before = get(e.recordId);
        const after = erase(before);
        put(after);
        applied.touched.add(e.recordId);
        applied.spent.add(e.recordId);
        referralsChanged(before, after);
        if (e.recordId.startsWith('loyalty:')) cardsChanged(e.recordId, []);
        applied.outcomes.push(ok());
        break;
      }
      case 'identity':
        applied.outcomes.push(applyIdentity(e.event));
        break;
      case 'identity-tombstone':
        applied.outcomes.push(applyIdentity({ customerId: e.customerId }));
        break;
    }
  }

  if (changed.size > 0 || edges.length > 0) await store.saveApplied([...changed.values()], edges);
  applied.states = new Map([...loaded, ...changed]);
  if (cards.size > 0) await store.replaceCards(cards);
  if (referrals.size > 0) await store.replaceReferrals(referrals);
  if (savedSnapshots.size > 0) {
    applied.ownersBefore = await store.ownersOf([...applied.identityRecords]);
    await store.saveSnapshots([...savedSnapshots.values()]);
  }
  return applied;
}

/**
 * One observation of a post: the author's record gains the post (a re-observation only the engagement
 * gained since), the profile seen on it, and, at the first observation, its urgency and its edges. An
 * older observation arriving after a newer one changes nothing but its evidence.
 */
function observePost(
  eventId: string,
  event: SocialMentionEvent,
  record: RecordState,
  stored: MentionBase | undefined,
  params: ScoringParameters,
): { record: RecordState; base: MentionBase; edges: Edge[] } {
  const { config } = params;
  const postedAt = at(event.occurredAt);
  const observedAt = at(event.observedAt ?? event.occurredAt);
  const observation = accountObservation(event.platform, event.author, observedAt);
  let state = observation === undefined ? record : observeAccount(record, observation);
  if (stored !== undefined && observedAt <= stored.observedAt)
    return {
      record: addEvidence(state, eventId, postedAt, config.evidence.maxEventIds),
      base: stored,
      edges: [],
    };

  const engagement = postEngagement(event.engagement ?? {}, config);
  const urgency: UrgencyScore =
    stored?.urgency ??
    scoreUrgency(
      {
        ...(event.text !== undefined && { text: event.text }),
        ...(event.language !== undefined && { language: event.language }),
        ...(event.mentionedHandles !== undefined && { mentionedHandles: event.mentionedHandles }),
        ...(event.replyTo?.authorHandle !== undefined && { replyToHandle: event.replyTo.authorHandle }),
        at: postedAt,
      },
      { brandHandles: params.brandHandles, recentComplaints: state.features.complaints },
      config,
    );
  state = applyPost(
    state,
    {
      eventId,
      at: postedAt,
      engagement,
      ...(stored !== undefined && { previousEngagement: stored.engagement }),
      isComplaint: urgency.isComplaint,
    },
    config,
  );
  const addressed = (event.mentionedHandles ?? []).map((h) => h.toLowerCase());
  const brands = [...params.brands]
    .filter(([, handles]) =>
      handles.some((h) => addressed.includes(h) || h === event.replyTo?.authorHandle?.toLowerCase()),
    )
    .map(([name]) => name);
  const edges: Edge[] =
    stored !== undefined
      ? []
      : [
          ...addressed.map((h) => ({
            from: record.recordId,
            to: socialRecordId(event.platform, h),
            kind: 'mention' as const,
            weight: 1,
          })),
          ...(event.replyTo?.authorHandle === undefined
            ? []
            : [
                {
                  from: record.recordId,
                  to: socialRecordId(event.platform, event.replyTo.authorHandle),
                  kind: 'reply' as const,
                  weight: 1,
                },
              ]),
        ];
  const { platform, postId } = event;
  const { eventId: _e, schemaVersion: _s, source: _src, ...mention } = event;
  const base: MentionBase = {
    ...(stored ?? {}),
    mentionId: mentionIdOf(platform, postId),
    platform,
    postId,
    recordId: record.recordId,
    brands: stored?.brands ?? brands,
    occurredAt: postedAt,
    observedAt,
    firstEventId: stored?.firstEventId ?? eventId,
    lastEventId: eventId,
    engagement,
    urgency,
    mention,
    handled: stored?.handled ?? false,
  };
  return { record: state, base, edges };
}
