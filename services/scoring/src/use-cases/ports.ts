import type {
  CustomerPriorityEvent,
  IdentityChangeKind,
  MentionCandidate,
  MentionPriorityEvent,
  SocialMentionRecord,
} from '@rapport/contracts';
import type { PriorityExplanation, RecordFeatures, UrgencyScore } from '@rapport/scoring-model';
import type { ScoringParameters } from './model-parameters.ts';
import type { RecordState } from './record-state.ts';

// What the batch use case needs from storage, inside the batch's one transaction. The Postgres
// implementation is src/adapters/; every method reads or writes sets, so a batch costs a bounded number
// of round trips whatever its size. Times are epoch milliseconds.

export interface CustomerSnapshot {
  customerId: string;
  revision: number;
  kind: IdentityChangeKind;
  occurredAt: number;
  recordIds: string[];
  /** For a customer of social accounts alone: whom the matcher says it may be (its latest event's candidates). */
  candidates?: MentionCandidate[] | undefined;
}

export interface Owner {
  customerId: string;
  revision: number;
  occurredAt: number;
}

export interface StoredMention {
  mentionId: string;
  platform: string;
  postId: string;
  recordId: string;
  brands: string[];
  occurredAt: number;
  observedAt: number;
  firstEventId: string;
  lastEventId: string;
  /** Weighted engagement at the latest observation. */
  engagement: number;
  urgency: UrgencyScore;
  mention: SocialMentionRecord;
  customerId: string | null;
  identityRevision: number | null;
  priority: PriorityExplanation;
  /** The parameters' `modelVersion` the priority was computed with (null: stored before versions were kept). */
  modelVersion: string | null;
  handled: boolean;
}

/** A post as written: with the parameters' `modelVersion` its priority was computed with. */
export type PricedMention = StoredMention & { modelVersion: string };

/** A stored post rescored and not observed again: only its customer and priority are written. */
export type RepricedMention = Pick<
  PricedMention,
  'mentionId' | 'customerId' | 'identityRevision' | 'priority' | 'modelVersion'
>;

export interface StoredScore {
  customerId: string;
  identityRevision: number;
  recordIds: string[];
  asOf: number;
  /** The band published (hysteresis state). */
  band: PriorityExplanation['band'];
  explanation: PriorityExplanation;
  /** The parameters' `modelVersion` it was computed with. */
  modelVersion: string;
}

/** What the next score of a customer is compared with: the band published, the score and its own band. */
export interface PreviousScore {
  band: PriorityExplanation['band'];
  score: number;
  rawBand: PriorityExplanation['band'];
}

export interface HistoryEntry {
  customerId: string;
  asOf: number;
  explanation: PriorityExplanation;
  band: PriorityExplanation['band'];
  published: boolean;
}

export interface Edge {
  from: string;
  to: string;
  kind: 'mention' | 'reply';
  weight: number;
}

/** What the customers of a batch are scored from, read at once under their locks. */
export interface CustomerState {
  snapshots: Map<string, CustomerSnapshot>;
  /** The records each customer holds now (its members' cards beside them), sorted. */
  held: Map<string, string[]>;
  features: Map<string, RecordFeatures>;
  /** Whom the held records referred, sorted. */
  referred: { referred: string; referrer: string }[];
  scores: Map<string, PreviousScore>;
  /** Posts of the customers' accounts and of the authors asked for (see `customerState`), by mention id. */
  mentions: StoredMention[];
}

/** What applying a batch reads: its records, the holders of its cards (card → member), its posts. */
export interface ApplyState {
  records: Map<string, RecordState>;
  holders: Map<string, string>;
  mentions: Map<string, StoredMention>;
}

export interface ScoringStore {
  /** Records the event ids as applied and takes the locks; returns the ids not applied before. */
  claimAndLock(eventIds: readonly string[], lockKeys: readonly string[]): Promise<Set<string>>;
  /** Exclusive locks until the transaction ends, taken in one global order (no deadlock within one call). */
  lock(keys: readonly string[]): Promise<void>;
  /**
   * `ownersOf(recordIds)` and `lock` of their customers (`c:<customer>`) with `customerKeys`, in one round
   * trip; the owners are read before the locks are granted.
   */
  lockOwners(recordIds: readonly string[], customerKeys: readonly string[]): Promise<Map<string, Owner>>;

  /** The records, card holders (card → member) and posts a batch's events touch. */
  applyState(
    recordIds: readonly string[],
    cardIds: readonly string[],
    mentionIds: readonly string[],
  ): Promise<ApplyState>;
  /** The records a batch changed and the edges of its new posts (weights add up). */
  saveApplied(records: readonly RecordState[], edges: readonly Edge[]): Promise<void>;
  records(recordIds: readonly string[]): Promise<Map<string, RecordState>>;
  /** Member record → the card records it holds. */
  cardsOf(memberRecordIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Card record → the member record holding it. */
  cardHolders(cardRecordIds: readonly string[]): Promise<Map<string, string>>;
  replaceCards(cards: ReadonlyMap<string, readonly string[]>): Promise<void>;
  /** Referred record → the records that referred it, replacing what was stored. */
  replaceReferrals(referrals: ReadonlyMap<string, readonly string[]>): Promise<void>;
  /** Referred record → the records that referred it. */
  referrersOf(referredRecordIds: readonly string[]): Promise<Map<string, string[]>>;

  snapshots(customerIds: readonly string[]): Promise<Map<string, CustomerSnapshot>>;
  saveSnapshots(snapshots: readonly CustomerSnapshot[]): Promise<void>;
  /** The customer each record is in now: the newest snapshot naming it. Records in none are absent. */
  ownersOf(recordIds: readonly string[]): Promise<Map<string, Owner>>;

  /**
   * The customers' state, and the posts of their accounts and of `posts.authors`: those not marked handled,
   * and those posted at most `posts.withinMs` before the earliest snapshot time of the customers.
   */
  customerState(
    customerIds: readonly string[],
    posts: { authors: readonly string[]; withinMs: number },
  ): Promise<CustomerState>;
  /**
   * The customers' scores and history, the customers gone, the posts observed (`mentions`, whole) and the
   * stored posts rescored (`repriced`, their customer and priority): no post is in both.
   */
  saveScoring(writes: {
    scores: readonly StoredScore[];
    history: readonly HistoryEntry[];
    gone: readonly string[];
    mentions: readonly PricedMention[];
    repriced: readonly RepricedMention[];
  }): Promise<void>;

  /** Through the transactional outbox: published if and only if the transaction commits. */
  publish(events: { priorities: CustomerPriorityEvent[]; mentions: MentionPriorityEvent[] }): Promise<void>;
  /**
   * Up to `limit` customers, in id order after `after`, whose stored score was computed under a model
   * version other than `modelVersion` (or before versions were kept).
   */
  scoredUnderOtherModel(modelVersion: string, after: string | undefined, limit: number): Promise<string[]>;
  /**
   * Up to `limit` social records, in id order after `after`, on no customer, with an open post priced under
   * a model version other than `modelVersion` (or before versions were kept).
   */
  unownedAuthorsUnderOtherModel(
    modelVersion: string,
    after: string | undefined,
    limit: number,
  ): Promise<string[]>;
}

/** Runs work in one transaction with the store and parameters bound to it, and names transient failures. */
export interface BatchTransactions {
  run<T>(work: (store: ScoringStore, params: ScoringParameters) => Promise<T>): Promise<T>;
  /** Why an error thrown by `run` is worth trying again, or undefined when it is not (a bug). */
  transientReason(error: unknown): 'database_unavailable' | 'transaction_conflict' | undefined;
}
