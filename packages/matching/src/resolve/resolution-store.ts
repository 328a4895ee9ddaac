import type { PersonRecord } from '@rapport/contracts';
import type { RelationKind } from '../evidence/deterministic.ts';
import type { IdentifierUse } from '../guard/identifier-limit.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import type { StewardDecision } from './decisions.ts';

/**
 * The port through which incremental resolution (resolveChanges) reads and writes its state. The engine
 * does no I/O: a store gives it what one batch of changes can affect and takes back one write. Every read
 * takes a set of keys and answers for all of them at once, so a batch of any size costs a bounded number
 * of calls (about a dozen; see resolveChanges), never one per record.
 *
 * A store holds the state of one model version and engine configuration; blocking keys and identifier
 * values are opaque strings to it. Reads that do not depend on each other may be asked concurrently
 * (a store on one database connection simply answers them in turn); the write comes last, alone.
 * Implementations: MemoryResolutionStore (tests, in-process use) and the matcher's Postgres store, both
 * running the same contract suite (`@rapport/matching/store-contract`).
 */
export interface ResolutionStore {
  /** The stored records among `ids`; unknown ids are left out. */
  records(ids: readonly string[]): Promise<Map<string, StoredRecord>>;

  /**
   * For each blocking key, how many records carry it and, when that is at most the number given with the
   * key, which. Above that number `size` is only promised to exceed it and `members` is undefined (the
   * engine never compares inside a block over its cap, so it never needs a large block's members).
   * A key no record carries answers `{ size: 0, members: [] }`.
   */
  blocks(keys: ReadonlyMap<string, number>): Promise<Map<string, Block>>;

  /**
   * For each identifier value (an email or phone), how many distinct people carry it, counted up to
   * `atMost` (a larger count may be reported as any number above `atMost`), and for each person key listed
   * with the value, how many of that person's records carry it. A value nobody carries answers zeros.
   * Carriers with the empty person key (records without a name) are not people: they never count.
   */
  identifiers(
    people: ReadonlyMap<string, readonly string[]>,
    atMost: number,
  ): Promise<Map<string, IdentifierUse>>;

  /** The records carrying each value (asked only when a value crosses the per-identifier limit). */
  carriers(values: readonly string[]): Promise<Map<string, string[]>>;

  /** Every stored edge with at least one end in `ids`, once each; only links when `linksOnly`. */
  edges(ids: readonly string[], linksOnly?: boolean): Promise<Edge[]>;

  /** Every steward decision naming one of `ids`, once each, whether or not the other record exists. */
  decisions(ids: readonly string[]): Promise<StewardDecision[]>;

  /** Where every record of the components holding any of `ids` sits (unknown ids add nothing). */
  components(ids: readonly string[]): Promise<Placement[]>;

  /** The members of each cluster; unknown clusters are left out. */
  clusters(ids: readonly string[]): Promise<Map<string, string[]>>;

  /** Apply one batch's changes to the state, as one unit (a database store: inside the caller's transaction). */
  write(changes: StoreWrite): Promise<void>;
}

/** A record as the engine needs it back. */
export type StoredRecord = {
  id: string;
  /** As prepareRecord made it, before the per-identifier limit. */
  prepared: PreparedRecord;
  /** The emails and phones of `prepared` carried by too many people, which the engine ignores. */
  overloaded: readonly string[];
  cluster: string;
  component: string;
};

export type Block = { size: number; members: readonly string[] | undefined };

/**
 * A scored pair worth keeping: it links, goes to review, or shows a relationship. `a < b`. `refusedBy`
 * names the clustering guard that held a link back (the pair then goes to review).
 */
export type Edge = {
  a: string;
  b: string;
  kind: 'link' | 'review' | 'separate';
  tier: number;
  /** Prior plus comparison weights, log2 odds. */
  weight: number;
  reason: string;
  related: readonly RelationKind[] | undefined;
  refusedBy: string | undefined;
};

/**
 * Where a record sits: its cluster (the customer) and its component, the records connected to it by link
 * edges (accepted or refused) and steward "together" decisions. Clustering a component depends on that
 * component alone, so a change re-clusters only the components it touches, read whole in one call.
 */
export type Placement = { record: string; cluster: string; component: string };

/** One batch's writes. Removals name rows that exist; additions name rows that do not. */
export type StoreWrite = {
  records: { put: RecordRow[]; remove: string[] };
  /** Blocking keys per record; block sizes follow from them. */
  keys: { add: KeyRow[]; remove: KeyRow[] };
  /** Identifier carriers: every email and phone of a record's prepared form, with the record's person key ('' for none). */
  identifiers: { add: CarrierRow[]; remove: CarrierRow[] };
  /** `put` adds an edge or replaces the one stored for the same pair. */
  edges: { put: Edge[]; remove: { a: string; b: string }[] };
  /** `put` adds a placement or replaces the record's stored one. */
  placements: { put: Placement[]; remove: string[] };
  /** New decisions; one already stored (same kind and pair) is kept once. */
  decisions: StewardDecision[];
  /** Stored decisions withdrawn (same kind and pair; `by` and `reason` do not matter), never one also added. */
  revokedDecisions: StewardDecision[];
};

/** A write that changes nothing, to fill in. */
export function emptyWrite(): StoreWrite {
  return {
    records: { put: [], remove: [] },
    keys: { add: [], remove: [] },
    identifiers: { add: [], remove: [] },
    edges: { put: [], remove: [] },
    placements: { put: [], remove: [] },
    decisions: [],
    revokedDecisions: [],
  };
}

/**
 * `put` adds a record or replaces the stored one. `source` is kept for readers outside the engine; it is
 * left out when only the identifier limit changed the record (the stored source stays).
 */
export type RecordRow = {
  id: string;
  source?: PersonRecord;
  prepared: PreparedRecord;
  overloaded: readonly string[];
};
export type KeyRow = { key: string; record: string };
export type CarrierRow = { value: string; record: string; person: string };
