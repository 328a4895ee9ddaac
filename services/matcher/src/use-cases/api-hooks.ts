import type { PersonRecord } from '@rapport/contracts';
import { preparedRecord, type Engine } from '@rapport/matching';
import { erasureTombstones } from '../adapters/erasure.repo.ts';
import { lookupKeys, type KeyRow } from '../adapters/lookup-keys.repo.ts';
import type { PendingChange, Resolved, ResolutionHooks } from './apply-changes.ts';
import { IDENTIFIER_KINDS, recordLookupKeys, type KeyHasher, type LookupKey } from './lookup-keys.ts';
import type { LookupCache, Publication, Tx } from './ports.ts';
import type { ResolutionTransaction } from './resolution-ports.ts';

export type ApiHookDeps = {
  hash: KeyHasher;
  cache: LookupCache;
  onCacheError: (error: unknown) => void;
  /** Waits, then runs the cache's second invalidation (see afterCommit). */
  later: (work: () => Promise<void>) => void;
  /** The events the API asked to publish with its changes, by event id (see OutgoingEvents). */
  outgoing: OutgoingEvents;
  /** Enqueues events on their topics in the transaction's outbox. */
  enqueue: (tx: Tx, publications: readonly Publication[]) => Promise<void>;
  /** Told the engine of each resolution, so that reads outside one normalise as it does. */
  onEngine: (engine: Engine) => void;
};

/**
 * The events of the API's decisions and erasures, waiting for the resolution transaction that applies
 * them: held by event id while the API's call of applyChanges runs, enqueued by filterChanges. A
 * duplicate (an event applied before) never reaches filterChanges, so it is not published twice, and a
 * rerun transaction enqueues them again with everything else it redoes.
 */
export class OutgoingEvents {
  readonly #byEvent = new Map<string, Publication>();

  async with<T>(publications: readonly Publication[], work: () => Promise<T>): Promise<T> {
    for (const p of publications) this.#byEvent.set(p.event.eventId, p);
    try {
      return await work();
    } finally {
      for (const p of publications) this.#byEvent.delete(p.event.eventId);
    }
  }

  of(changes: readonly PendingChange[]): Publication[] {
    const ids = new Set(changes.flatMap((c) => (c.origin.eventId === undefined ? [] : [c.origin.eventId])));
    return [...ids].flatMap((id) => {
      const p = this.#byEvent.get(id);
      return p === undefined ? [] : [p];
    });
  }
}

// Records whose lookup keys are replaced per statement.
const KEY_SLICE = 5000;

type HashedKey = { key: LookupKey; hash: string };

const hashedKeys = (hash: KeyHasher, record: PersonRecord, engine: Engine): HashedKey[] =>
  recordLookupKeys(record, preparedRecord(record, engine.normalise)).map((key) => ({ key, hash: hash(key) }));

/**
 * The record ids a change other than an upsert would bring (back) into the state: a decision's; deletes,
 * erasures and revocations bring none.
 */
function named(c: PendingChange['change']): string[] {
  if (c.kind === 'decision') return [c.decision.a, c.decision.b];
  return [];
}

/**
 * The API's part of every resolution transaction (live consumption, a replay, a steward decision, an
 * erasure): its events go into the outbox; erasure tombstones are kept and erase what they name, now and
 * whenever it comes again; the lookup index follows the records; the cached lookups of every customer the
 * batch touched are dropped once it commits.
 */
export function apiHooks(deps: ApiHookDeps): ResolutionHooks {
  // What afterCommit is to invalidate, and the engine lookups are to normalise with from then on, per
  // resolution (the object applyChanges hands to both).
  const stale = new WeakMap<Resolved, { hashes: string[]; customers: string[]; engine: Engine }>();
  // A record's lookup keys with their hashes under an engine, worked out once for the filter and the
  // index, ahead of the transaction when the consumer can (an HMAC per key is a visible share of a
  // batch's CPU).
  const keysOf = new WeakMap<PersonRecord, { engine: Engine; keys: HashedKey[] }>();
  const keys = (record: PersonRecord, engine: Engine): HashedKey[] => {
    let found = keysOf.get(record);
    if (found?.engine !== engine) {
      found = { engine, keys: hashedKeys(deps.hash, record, engine) };
      keysOf.set(record, found);
    }
    return found.keys;
  };
  return {
    name: 'api',

    ahead(changes, engine) {
      for (const { change } of changes) if (change.kind === 'upsert') keys(change.record, engine);
    },

    /**
     * Before resolution: the API's events are enqueued; an erasure tombstone is kept and becomes the
     * erasure of every stored record it matches; upserts and decisions naming an erased record, or carrying
     * an erased identifier, are dropped, so a replay of the topics cannot bring an erased person back.
     */
    async filterChanges(tx: ResolutionTransaction, changes: readonly PendingChange[]) {
      deps.onEngine(tx.engine);
      await deps.enqueue(tx.client, deps.outgoing.of(changes));
      const requests = changes.flatMap((c) =>
        c.change.kind === 'erasure-request' ? [{ request: c.change.request, origin: c.origin }] : [],
      );
      const derived: PendingChange[] = [];
      if (requests.length > 0) {
        await erasureTombstones.insert(
          tx.client,
          requests.map(({ request: r }) => ({
            hash: r.subjectHash,
            kind: r.subjectKind,
            requestedAt: r.requestedAt,
          })),
        );
        const hits = await lookupKeys.find(
          tx.client,
          requests.map((r) => r.request.subjectHash),
        );
        const originOf = new Map(requests.map((r) => [r.request.subjectHash, r.origin]));
        const seen = new Set<string>();
        for (const hit of hits) {
          if (seen.has(hit.record)) continue;
          seen.add(hit.record);
          derived.push({ change: { kind: 'erase', recordId: hit.record }, origin: originOf.get(hit.hash)! });
        }
      }
      // Every hash that would bring a record back: its id, and its identifiers for an upsert.
      // An upsert's lookup keys hold its record key (its id) with the identifiers: no HMAC of its own.
      const hashesOf = new Map<PendingChange, string[]>();
      for (const c of changes) {
        if (c.change.kind === 'upsert') {
          const hashes: string[] = [];
          for (const { key, hash } of keys(c.change.record, tx.engine))
            if (IDENTIFIER_KINDS.includes(key.kind)) hashes.push(hash);
          hashesOf.set(c, hashes);
          continue;
        }
        const ids = named(c.change);
        if (ids.length > 0)
          hashesOf.set(
            c,
            ids.map((id) => deps.hash({ kind: 'record', value: id })),
          );
      }
      const erased = await erasureTombstones.matching(tx.client, [...new Set([...hashesOf.values()].flat())]);
      const kept = changes.filter(
        (c) => c.change.kind !== 'erasure-request' && !(hashesOf.get(c) ?? []).some((h) => erased.has(h)),
      );
      return [...kept, ...derived];
    },

    /**
     * After resolution, in its transaction: the lookup keys of the batch's records are replaced, and what
     * the cache is to drop once committed is noted: every answer naming a customer the batch changed (an
     * answer under any key of theirs, a key the change took away included: it names the customer that
     * carried it), and the answers under the identifiers the batch brought (a cached miss). Every
     * record the batch touched is in such a customer: its cluster, or the customers it left.
     */
    async afterResolution(tx: ResolutionTransaction, resolved: Resolved) {
      // A model switch resolves under the new engine, not the transaction's.
      const engine = resolved.engine ?? tx.engine;
      const last = new Map<string, PersonRecord | null>();
      for (const { change: c } of resolved.changes) {
        if (c.kind === 'upsert') last.set(c.record.recordId, c.record);
        else if (c.kind === 'delete' || c.kind === 'erase') last.set(c.recordId, null);
      }
      const kinds = new Set<string>(IDENTIFIER_KINDS);
      const hashes = new Set<string>();
      // In slices of records: a model switch replaces the keys of every record (100,000 records hold
      // over a million), and one statement's documents would grow with the population.
      const ids = [...last.keys()];
      for (let i = 0; i < ids.length; i += KEY_SLICE) {
        const slice = ids.slice(i, i + KEY_SLICE);
        const rows: KeyRow[] = [];
        for (const id of slice) {
          const record = last.get(id);
          if (record == null) continue;
          for (const { key, hash } of keys(record, engine)) {
            rows.push({ hash, record: id });
            if (kinds.has(key.kind)) hashes.add(hash);
          }
        }
        await lookupKeys.replace(tx.client, slice, rows);
      }
      // A model switch changes how identifiers normalise, not who carries them: an answer cached under a
      // key of the old normalisation names customers the switch may leave as they were, so those keys
      // (the index's until now) are dropped by hash.
      if (resolved.engine !== undefined)
        for (const record of last.values())
          if (record != null)
            for (const { key, hash } of hashedKeys(deps.hash, record, tx.engine))
              if (kinds.has(key.kind)) hashes.add(hash);
      const customers = new Set<string>(resolved.customerIds);
      for (const c of resolved.result.changes) for (const id of [...c.from, ...c.to]) customers.add(id);
      for (const cluster of resolved.result.clusterOf.values())
        if (cluster !== undefined) customers.add(cluster);
      stale.set(resolved, { hashes: [...hashes], customers: [...customers], engine });
    },

    /**
     * After commit: the stale lookups are deleted now, and once more a second later. A lookup that read
     * the state before the commit may still write its answer after the first delete; lookups take
     * milliseconds, so the second delete catches it (the TTL bounds what a failed delete leaves).
     */
    async afterCommit(resolved: Resolved) {
      const after = stale.get(resolved);
      if (after === undefined) return;
      // Once committed (a model switch's new engine included), lookups normalise as the index now does.
      deps.onEngine(after.engine);
      const { hashes, customers } = after;
      if (hashes.length === 0 && customers.length === 0) return;
      // The second call empties the customers' sets again: an answer filed after the first is dropped.
      const drop = () => deps.cache.invalidate({ hashes, customers }).catch(deps.onCacheError);
      await drop();
      deps.later(drop);
    },
  };
}
