import type {
  CustomerPriorityEvent,
  IdentityChangeKind,
  MentionPriorityEvent,
  SocialMentionRecord,
} from '@rapport/contracts';
import type { PriorityExplanation, UrgencyScore } from '@rapport/scoring-model';
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
  handled: boolean;
}

export interface StoredScore {
  customerId: string;
  identityRevision: number;
  recordIds: string[];
  asOf: number;
  /** The band published (hysteresis state). */
  band: PriorityExplanation['band'];
  explanation: PriorityExplanation;
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

export interface ScoringStore {
  /** Records the event ids as applied; returns those not applied before. */
  claimEvents(eventIds: readonly string[]): Promise<Set<string>>;
  /** Exclusive locks until the transaction ends, taken in one global order (no deadlock within one call). */
  lock(keys: readonly string[]): Promise<void>;

  records(recordIds: readonly string[]): Promise<Map<string, RecordState>>;
  saveRecords(records: readonly RecordState[]): Promise<void>;
  /** Member record → the card records it holds. */
  cardsOf(memberRecordIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Card record → the member record holding it. */
  cardHolders(cardRecordIds: readonly string[]): Promise<Map<string, string>>;
  replaceCards(cards: ReadonlyMap<string, readonly string[]>): Promise<void>;
  /** Referred record → the records that referred it, replacing what was stored. */
  replaceReferrals(referrals: ReadonlyMap<string, readonly string[]>): Promise<void>;
  /** Referred record → the records that referred it. */
  referrersOf(referredRecordIds: readonly string[]): Promise<Map<string, string[]>>;
  /** The records referred by these records. */
  referredBy(referrerRecordIds: readonly string[]): Promise<{ referred: string; referrer: string }[]>;
  addEdges(edges: readonly Edge[]): Promise<void>;

  snapshots(customerIds: readonly string[]): Promise<Map<string, CustomerSnapshot>>;
  saveSnapshots(snapshots: readonly CustomerSnapshot[]): Promise<void>;
  /** The customer each record is in now: the newest snapshot naming it. Records in none are absent. */
  ownersOf(recordIds: readonly string[]): Promise<Map<string, Owner>>;
  /** The records each customer holds now (those no newer snapshot took), sorted. */
  recordsOf(customerIds: readonly string[]): Promise<Map<string, string[]>>;

  mentions(mentionIds: readonly string[]): Promise<Map<string, StoredMention>>;
  /** Mentions written by these records: those not marked handled, and those posted after `openOrSince`. */
  mentionsOf(recordIds: readonly string[], options: { openOrSince: number }): Promise<StoredMention[]>;
  saveMentions(mentions: readonly StoredMention[]): Promise<void>;

  scores(customerIds: readonly string[]): Promise<Map<string, PreviousScore>>;
  saveScores(scores: readonly StoredScore[]): Promise<void>;
  deleteScores(customerIds: readonly string[]): Promise<void>;
  appendHistory(entries: readonly HistoryEntry[]): Promise<void>;

  /** Through the transactional outbox: published if and only if the transaction commits. */
  publish(events: { priorities: CustomerPriorityEvent[]; mentions: MentionPriorityEvent[] }): Promise<void>;
}

/** Runs work in one transaction with the store and parameters bound to it, and names transient failures. */
export interface BatchTransactions {
  run<T>(work: (store: ScoringStore, params: ScoringParameters) => Promise<T>): Promise<T>;
  /** Why an error thrown by `run` is worth trying again, or undefined when it is not (a bug). */
  transientReason(error: unknown): 'database_unavailable' | 'transaction_conflict' | undefined;
}
