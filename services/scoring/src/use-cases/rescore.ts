import type { CustomerPriorityEvent, MentionPriorityEvent } from '@rapport/contracts';
import {
  bandWithHysteresis,
  EMPTY_FEATURES,
  type RecordFeatures,
  type Referral,
} from '@rapport/scoring-model';
import type { AppliedBatch, MentionBase } from './apply-events.ts';
import type { ScoringParameters } from './model-parameters.ts';
import type {
  CustomerSnapshot,
  CustomerState,
  HistoryEntry,
  PricedMention,
  RepricedMention,
  ScoringStore,
  StoredMention,
  StoredScore,
} from './ports.ts';
import { mentionEvent, priorityEvent } from './publications.ts';
import { isMemberRecord } from './record-ids.ts';
import { sameJson } from './same-json.ts';
import {
  customerPriority,
  influenceOf,
  mentionPriority,
  RECENT_POST_MS,
  scoreCustomer,
  spendOf,
  type CustomerScore,
  type RecentPost,
} from './score-customer.ts';

/**
 * Who each customer referred, one referral per referred customer (a referred person with a loyalty and
 * a CRM record who both name the referrer counts once), weighted by what they went on to spend.
 */
async function referralsOf(
  state: CustomerState,
  store: ScoringStore,
  features: (ids: readonly string[]) => Promise<Map<string, RecordFeatures>>,
): Promise<Map<string, Referral[]>> {
  const ownerOfHeld = new Map([...state.held].flatMap(([c, records]) => records.map((r) => [r, c] as const)));
  const pairs = state.referred;
  if (pairs.length === 0) return new Map();
  const referred = [...new Set(pairs.map((p) => p.referred))];
  const [owners, cards] = await Promise.all([
    store.ownersOf(referred),
    store.cardsOf(referred.filter(isMemberRecord)),
  ]);
  const spentBy = await features([...referred, ...[...cards.values()].flat()]);
  const spend = (r: string) =>
    spendOf([r, ...(cards.get(r) ?? [])].map((id) => spentBy.get(id) ?? EMPTY_FEATURES));
  const byReferrer = new Map<string, Map<string, number>>();
  for (const { referred: r, referrer } of pairs) {
    const customer = ownerOfHeld.get(referrer)!;
    const person = owners.get(r)?.customerId ?? r;
    if (person === customer) continue; // a customer does not refer themselves
    const spends = byReferrer.get(customer) ?? new Map<string, number>();
    spends.set(person, (spends.get(person) ?? 0) + spend(r));
    byReferrer.set(customer, spends);
  }
  return new Map(
    [...byReferrer].map(([c, spends]) => [
      c,
      [...spends]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([referredId, spendMinor]) => ({ referredId, spendMinor })),
    ]),
  );
}

/** The most urgent post of each customer in the RECENT_POST_MS before their scoring time. */
type PostUrgency = Pick<StoredMention, 'mentionId' | 'recordId' | 'occurredAt' | 'urgency' | 'firstEventId'>;

function recentPosts(
  scored: Map<string, CustomerScore>,
  held: Map<string, string[]>,
  mentions: readonly PostUrgency[],
): Map<string, RecentPost> {
  const ownerOf = new Map([...held].flatMap(([c, records]) => records.map((r) => [r, c] as const)));
  const best = new Map<string, PostUrgency>();
  for (const m of mentions) {
    const customer = ownerOf.get(m.recordId);
    const score = customer === undefined ? undefined : scored.get(customer);
    if (customer === undefined || score === undefined) continue;
    if (m.occurredAt <= score.asOf - RECENT_POST_MS || m.occurredAt > score.asOf) continue;
    const current = best.get(customer);
    const better =
      current === undefined ||
      m.urgency.score > current.urgency.score ||
      (m.urgency.score === current.urgency.score &&
        (m.occurredAt > current.occurredAt ||
          (m.occurredAt === current.occurredAt && m.mentionId > current.mentionId)));
    if (better) best.set(customer, m);
  }
  return new Map(
    [...best].map(([c, m]) => [c, { eventId: m.firstEventId, at: m.occurredAt, urgency: m.urgency }]),
  );
}

/**
 * Rescores the customers a batch concerns (locked by the caller) and the posts of their records and of
 * unresolved authors it touched: writes the scores, their history and the posts' priorities, and
 * publishes a priority event per band change, a mention event per post observation and per open post
 * whose author's customer changed.
 */
export async function rescore(
  applied: AppliedBatch,
  customers: ReadonlySet<string>,
  store: ScoringStore,
  params: ScoringParameters,
): Promise<void> {
  const { config } = params;
  const ids = [...customers].sort();
  // The posts of the accounts concerned come with the customers: they serve both the customers' recent
  // urgency and the posts to rescore (the open ones).
  const authors = [...new Set([...applied.touched, ...applied.identityRecords])].filter((id) =>
    id.startsWith('social:'),
  );
  const state: CustomerState =
    ids.length > 0 || authors.length > 0
      ? await store.customerState(ids, { authors, withinMs: RECENT_POST_MS })
      : {
          snapshots: new Map(),
          held: new Map(),
          features: new Map(),
          referred: [],
          scores: new Map(),
          mentions: [],
        };
  const { snapshots, held } = state;
  // Features as this batch left them: read with the customers, applied here, or read now.
  const cache = new Map(state.features);
  const features = async (recordIds: readonly string[]) => {
    const missing = recordIds.filter((id) => !cache.has(id) && !applied.states.has(id));
    const rows = missing.length > 0 ? await store.records(missing) : new Map();
    for (const id of recordIds)
      if (!cache.has(id))
        cache.set(id, applied.states.get(id)?.features ?? rows.get(id)?.features ?? EMPTY_FEATURES);
    return cache;
  };
  const referrals = await referralsOf(state, store, features);

  const scored = new Map<string, CustomerScore>();
  const gone: string[] = [];
  for (const c of ids) {
    const snapshot = snapshots.get(c);
    const records = held.get(c) ?? [];
    if (snapshot === undefined || records.length === 0) {
      gone.push(c);
      continue;
    }
    scored.set(
      c,
      scoreCustomer(
        {
          customerId: c,
          identityAt: snapshot.occurredAt,
          records: records.map((r) => cache.get(r) ?? EMPTY_FEATURES),
          referrals: referrals.get(c) ?? [],
        },
        params,
      ),
    );
  }

  const since = Math.min(...[...scored.values()].map((s) => s.asOf)) - RECENT_POST_MS;
  const stored = state.mentions;
  const previous = state.scores;
  const recent = stored.filter((m) => m.occurredAt > since);
  // This batch's posts are not stored yet: they count as much as those that are.
  const posts = new Map<string, PostUrgency>(recent.map((m) => [m.mentionId, m]));
  for (const { base } of applied.observed) posts.set(base.mentionId, base);
  const recentOf = recentPosts(scored, held, [...posts.values()]);

  const scores: StoredScore[] = [];
  const history: HistoryEntry[] = [];
  const priorities: CustomerPriorityEvent[] = [];
  for (const [c, score] of scored) {
    const snapshot = snapshots.get(c)!;
    const explanation = customerPriority(score, recentOf.get(c), params);
    const before = previous.get(c);
    const band = bandWithHysteresis(
      before?.band,
      explanation.score,
      config.priority.bands,
      config.priority.hysteresis,
    );
    const published = before === undefined || band !== before.band;
    const row = {
      customerId: c,
      identityRevision: snapshot.revision,
      recordIds: held.get(c)!,
      asOf: score.asOf,
      band,
      explanation,
      modelVersion: params.modelVersion,
    };
    scores.push(row);
    if (published) priorities.push(priorityEvent(row, explanation, band, before?.band, params));
    const changed =
      before === undefined ||
      published ||
      before.score !== explanation.score ||
      before.rawBand !== explanation.rawBand;
    if (changed) history.push({ customerId: c, asOf: score.asOf, explanation, band, published });
  }
  const open = stored.filter((m) => !m.handled);
  const rescored = await rescoreMentions(applied, open, held, scored, snapshots, features, params);
  // A batch that changed nothing scored (an author seen before, a duplicate) writes nothing.
  const { rows, repriced } = rescored;
  if (scores.length + history.length + gone.length + rows.length + repriced.length > 0)
    await store.saveScoring({ scores, history, gone, mentions: rows, repriced });
  if (priorities.length + rescored.events.length > 0)
    await store.publish({ priorities, mentions: rescored.events });
}

async function rescoreMentions(
  applied: AppliedBatch,
  open: readonly StoredMention[],
  held: Map<string, string[]>,
  scored: Map<string, CustomerScore>,
  snapshots: Map<string, Pick<CustomerSnapshot, 'revision' | 'candidates'>>,
  features: (ids: readonly string[]) => Promise<Map<string, RecordFeatures>>,
  params: ScoringParameters,
): Promise<{ rows: PricedMention[]; repriced: RepricedMention[]; events: MentionPriorityEvent[] }> {
  const ownerOf = new Map(
    [...held].filter(([c]) => scored.has(c)).flatMap(([c, records]) => records.map((r) => [r, c] as const)),
  );
  const posts = new Map<string, MentionBase>(open.map((m) => [m.mentionId, m]));
  for (const { base } of applied.observed) posts.set(base.mentionId, base);

  const observed = new Set(applied.observed.map((o) => o.base.mentionId));
  const unowned = [...new Set([...posts.values()].map((p) => p.recordId).filter((r) => !ownerOf.has(r)))];
  const alone = await features(unowned);
  const priorityOf = new Map<
    string,
    { customer: { customerId: string; identityRevision: number } | null; priority: StoredMention['priority'] }
  >();
  const rows: PricedMention[] = [];
  const repriced: RepricedMention[] = [];
  for (const post of posts.values()) {
    const customerId = ownerOf.get(post.recordId);
    let priority;
    if (customerId !== undefined) {
      priority = mentionPriority(
        post.firstEventId,
        post.urgency,
        { customer: scored.get(customerId)! },
        params,
      );
    } else {
      const f = alone.get(post.recordId) ?? EMPTY_FEATURES;
      const influence = influenceOf(f, post.recordId, [], f.evidence[0]?.at ?? post.occurredAt, params);
      priority = mentionPriority(post.firstEventId, post.urgency, { features: f, influence }, params);
    }
    const customer =
      customerId === undefined ? null : { customerId, identityRevision: snapshots.get(customerId)!.revision };
    priorityOf.set(post.mentionId, { customer, priority });
    const scoredAs = {
      customerId: customer?.customerId ?? null,
      identityRevision: customer?.identityRevision ?? null,
      priority,
      modelVersion: params.modelVersion,
    };
    if (observed.has(post.mentionId)) {
      rows.push({ ...post, ...scoredAs });
      continue;
    }
    // A stored post that comes out with the same customer and priority, under the same model, is not
    // written again.
    const unchanged =
      post.customerId === scoredAs.customerId &&
      post.identityRevision === scoredAs.identityRevision &&
      post.modelVersion === scoredAs.modelVersion &&
      sameJson(post.priority, priority);
    if (!unchanged) repriced.push({ mentionId: post.mentionId, ...scoredAs });
  }

  // A customer of social accounts alone comes with whom the matcher says it may be.
  const candidatesOf = (customer: { customerId: string } | null) =>
    customer === null ? undefined : snapshots.get(customer.customerId)?.candidates;
  const events: MentionPriorityEvent[] = [];
  for (const { base, event } of applied.observed) {
    const { customer, priority } = priorityOf.get(base.mentionId)!;
    const { eventId, schemaVersion: _v, source: _s, ...mention } = event;
    events.push(
      mentionEvent(
        { ...base, mentionEventId: eventId, mention },
        customer,
        priority,
        'observed',
        params,
        candidatesOf(customer),
      ),
    );
  }
  // An open post whose author is now in another customer (resolved, merged or split) is published again.
  for (const post of open) {
    if (observed.has(post.mentionId)) continue;
    const { customer, priority } = priorityOf.get(post.mentionId)!;
    if (
      customer?.customerId === (post.customerId ?? undefined) &&
      customer?.identityRevision === (post.identityRevision ?? undefined)
    )
      continue;
    events.push(
      mentionEvent(
        { ...post, mentionEventId: post.lastEventId },
        customer,
        priority,
        'identity',
        params,
        candidatesOf(customer),
      ),
    );
  }
  return { rows, repriced, events };
}
