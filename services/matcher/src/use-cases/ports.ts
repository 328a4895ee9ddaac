import type {
  ErasureRequestEvent,
  LinkHistoryEntry,
  PersonRecord,
  StewardDecisionEvent,
} from '@rapport/contracts';
import type { Queryable } from '../adapters/lookup-keys.repo.ts';
import type { Engine, ResolutionStore } from '@rapport/matching';
import type { ApplyResult, PendingChange } from './apply-changes.ts';
import type { ChangeCause } from './customer-changes.ts';

/** The engine state, with the source records beside it (read-only use here). */
export interface ApiStore extends ResolutionStore {
  sources(ids: readonly string[]): Promise<Map<string, PersonRecord>>;
}

/** A record found under a lookup key, with its customer. */
export type KeyHit = { hash: string; record: string; customer: string };

/** What a decision on a pair of customers is worth, per source record (see review-queue.ts). */
export type WorthRule = { bySource: Record<string, number>; otherSource: number; loyaltyTier: number };

/** A reviewable pair as stored, with the worth of its two customers. */
export type ReviewRow = {
  a: string;
  b: string;
  customers: [string, string];
  reason: string;
  refusedBy: string | undefined;
  weight: number;
  worth: number;
};

/** Reads for the API, all from one consistent snapshot of the matcher's tables. */
export interface CustomerReads {
  store: ApiStore;
  findKeys(hashes: readonly string[]): Promise<KeyHit[]>;
  /** The source records of each customer, by record id. */
  members(customers: readonly string[]): Promise<Map<string, PersonRecord[]>>;
  reviewPage(query: {
    limit: number;
    after: { worth: number; a: string; b: string } | undefined;
    worth: WorthRule;
  }): Promise<ReviewRow[]>;
  /** The customer's changes, latest first. */
  history(customer: string, limit: number): Promise<LinkHistoryEntry[]>;
}

/** Runs `work` on one read-only snapshot (a repeatable-read transaction). */
export type ReadSnapshot = <T>(work: (reads: CustomerReads) => Promise<T>) => Promise<T>;

/** Lookups answered from Redis: the answer's JSON by the key's hash. */
export interface LookupCache {
  get(hash: string): Promise<string | undefined>;
  /** Caches an answer, filed under each customer it names so that a change to one of them drops it. */
  set(hash: string, json: string, customers: readonly string[]): Promise<void>;
  /** Drops the answers under `hashes` and every answer filed under one of `customers`. */
  invalidate(stale: { hashes: readonly string[]; customers: readonly string[] }): Promise<void>;
}

/** The engine resolution runs with now (the model can be switched at run time). */
export type CurrentEngine = () => Promise<Engine>;

/** A transaction's client, as the adapters take it. */
export type Tx = Queryable;

/**
 * The matcher's resolution use case (apply-changes.ts, bound in deps.ts): every change of the customers
 * goes through it, the API's decisions and erasures too.
 */
export type ApplyChanges = (input: {
  changes: readonly PendingChange[];
  cause?: ChangeCause;
}) => Promise<ApplyResult>;

/** An event the API publishes with the change it asks for: enqueued in the outbox by the same transaction. */
export type Publication =
  | { topic: 'identity.decision.v1'; event: StewardDecisionEvent }
  | { topic: 'identity.erasure.v1'; event: ErasureRequestEvent };
