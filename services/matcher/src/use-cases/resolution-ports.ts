import type { PersonRecord } from '@rapport/contracts';
import type { PoolClient } from '@rapport/db';
import type { Engine, ResolutionStore } from '@rapport/matching';
import type { CandidateProbes, SocialCustomer } from './customer-candidates.ts';
import type { CustomerChange, CustomerRow } from './customer-changes.ts';

/** The resolution store with the source records beside it (golden records, explanations). */
export type SourcedStore = ResolutionStore & {
  sources(ids: readonly string[]): Promise<Map<string, PersonRecord>>;
};

/**
 * One resolution transaction: the exclusive resolution lock is held from its start, so every read sees
 * what the previous resolution committed and writes go out in order. Everything here shares the
 * transaction: a rollback takes all of it back, the identity events in the outbox included.
 */
export interface ResolutionTransaction {
  /** The transaction's connection, for hooks that keep their own tables in step. */
  readonly client: PoolClient;
  /** The engine state of the model `modelVersion`. */
  readonly store: SourcedStore;
  readonly engine: Engine;
  readonly modelVersion: string;
  /**
   * During a switch to another model: the state being built under it, which every resolution keeps in
   * step (resolving the same changes there too); undefined otherwise.
   */
  readonly next: { store: SourcedStore; engine: Engine; modelVersion: string } | undefined;
  /** Records the event ids as applied; answers those that were not applied before. */
  claimEvents(eventIds: readonly string[]): Promise<Set<string>>;
  customers(ids: readonly string[]): Promise<Map<string, CustomerRow>>;
  /**
   * The customers with no loyalty or CRM record the probes reach, with their stored possible matches
   * (customer-candidates.ts). Asked after the engine's write, so it reads the batch's state.
   */
  socialCustomers(probes: CandidateProbes): Promise<Map<string, SocialCustomer>>;
  /** The customers rows, their history and their identity events (through the outbox), in one go. */
  saveCustomerChanges(changes: readonly CustomerChange[]): Promise<void>;
  /**
   * Forgets erased records in the history: their ids leave every change's member list, and the customers
   * named after them (deleted by now) lose their row and history, since a customer id holds a record id.
   */
  eraseHistory(recordIds: readonly string[]): Promise<void>;
}

/** Runs resolution transactions: lock, retry on serialization failure or deadlock, commit. */
export interface ResolutionUnit {
  run<T>(work: (tx: ResolutionTransaction) => Promise<T>): Promise<T>;
}
