import type { PersonRecord } from '@rapport/contracts';
import type { IdentifierUse } from '../guard/identifier-limit.ts';
import type { StewardDecision } from '../resolve/decisions.ts';
import { outcomeOf, type Relationship, type ReviewPair } from '../resolve/outcome.ts';
import { decisionKey } from '../resolve/record-change.ts';
import type {
  Block,
  Edge,
  Placement,
  RecordRow,
  ResolutionStore,
  StoredRecord,
  StoreWrite,
} from '../resolve/resolution-store.ts';

const addTo = <K, V>(m: Map<K, Set<V>>, k: K, v: V): boolean => {
  let s = m.get(k);
  if (s === undefined) m.set(k, (s = new Set()));
  if (s.has(v)) return false;
  s.add(v);
  return true;
};
const removeFrom = <K, V>(m: Map<K, Set<V>>, k: K, v: V): boolean => {
  const s = m.get(k);
  if (s === undefined || !s.delete(v)) return false;
  if (s.size === 0) m.delete(k);
  return true;
};

/** A write that breaks the port's rules (a database store would fail on it, or silently drift). */
function invalid(what: string): never {
  throw new Error(`invalid StoreWrite: ${what}`);
}

/**
 * The resolution state in memory: for tests, the CLI and anything that resolves incrementally within one
 * process. Reads answer exactly (block sizes and people counts are never capped). The engine treats what
 * it reads as immutable, so rows are handed out as stored. Writes are checked against the port's rules
 * (removals name rows that exist, additions rows that do not), so the engine's tests catch a write a
 * database store would refuse.
 */
export class MemoryResolutionStore implements ResolutionStore {
  readonly #records = new Map<string, RecordRow>();
  readonly #sources = new Map<string, PersonRecord>();
  readonly #blocks = new Map<string, Set<string>>();
  /** value -> person key -> records. */
  readonly #carriers = new Map<string, Map<string, Set<string>>>();
  /** Both directions, one object per pair. */
  readonly #edges = new Map<string, Map<string, Edge>>();
  readonly #decisions = new Map<string, StewardDecision>();
  readonly #decisionsOf = new Map<string, Set<string>>();
  readonly #placements = new Map<string, Placement>();
  readonly #byCluster = new Map<string, Set<string>>();
  readonly #byComponent = new Map<string, Set<string>>();

  async records(ids: readonly string[]): Promise<Map<string, StoredRecord>> {
    const out = new Map<string, StoredRecord>();
    for (const id of ids) {
      const row = this.#records.get(id);
      const at = this.#placements.get(id);
      if (row === undefined || at === undefined) continue;
      out.set(id, {
        id,
        prepared: row.prepared,
        overloaded: row.overloaded,
        cluster: at.cluster,
        component: at.component,
      });
    }
    return out;
  }

  async blocks(keys: ReadonlyMap<string, number>): Promise<Map<string, Block>> {
    const out = new Map<string, Block>();
    for (const [key, atMost] of keys) {
      const members = this.#blocks.get(key);
      const size = members?.size ?? 0;
      out.set(key, { size, members: size <= atMost ? [...(members ?? [])] : undefined });
    }
    return out;
  }

  async identifiers(people: ReadonlyMap<string, readonly string[]>): Promise<Map<string, IdentifierUse>> {
    const out = new Map<string, IdentifierUse>();
    for (const [value, asked] of people) {
      const byPerson = this.#carriers.get(value);
      let count = 0;
      for (const who of byPerson?.keys() ?? []) if (who !== '') count++;
      const recordsOf = new Map<string, number>();
      for (const who of asked) recordsOf.set(who, byPerson?.get(who)?.size ?? 0);
      out.set(value, { people: count, recordsOf });
    }
    return out;
  }

  async carriers(values: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const value of values) {
      const ids: string[] = [];
      for (const records of this.#carriers.get(value)?.values() ?? []) ids.push(...records);
      out.set(value, ids);
    }
    return out;
  }

  async edges(ids: readonly string[], linksOnly = false): Promise<Edge[]> {
    const out = new Set<Edge>();
    for (const id of ids)
      for (const e of this.#edges.get(id)?.values() ?? []) if (!linksOnly || e.kind === 'link') out.add(e);
    return [...out];
  }

  async decisions(ids: readonly string[]): Promise<StewardDecision[]> {
    const keys = new Set<string>();
    for (const id of ids) for (const k of this.#decisionsOf.get(id) ?? []) keys.add(k);
    return [...keys].map((k) => this.#decisions.get(k)!);
  }

  async components(ids: readonly string[]): Promise<Placement[]> {
    const components = new Set<string>();
    for (const id of ids) {
      const at = this.#placements.get(id);
      if (at !== undefined) components.add(at.component);
    }
    const out: Placement[] = [];
    for (const c of components)
      for (const id of this.#byComponent.get(c)!) out.push(this.#placements.get(id)!);
    return out;
  }

  async clusters(ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const id of ids) {
      const members = this.#byCluster.get(id);
      if (members !== undefined) out.set(id, [...members].sort());
    }
    return out;
  }

  async write(w: StoreWrite): Promise<void> {
    // A database store applies one write's parts together (one snapshot): nothing may be removed and added.
    const overlap = (gone: Iterable<string>, come: Iterable<string>, what: string): void => {
      const removed = new Set(gone);
      for (const x of come) if (removed.has(x)) invalid(`${what} ${x} both removed and added`);
    };
    overlap(
      w.records.remove,
      w.records.put.map((r) => r.id),
      'record',
    );
    overlap(
      w.keys.remove.map((k) => `${k.key}|${k.record}`),
      w.keys.add.map((k) => `${k.key}|${k.record}`),
      'key',
    );
    const carrier = (c: StoreWrite['identifiers']['add'][number]) => `${c.value}|${c.person}|${c.record}`;
    overlap(w.identifiers.remove.map(carrier), w.identifiers.add.map(carrier), 'carrier');
    overlap(
      w.edges.remove.map((e) => `${e.a}|${e.b}`),
      w.edges.put.map((e) => `${e.a}|${e.b}`),
      'edge',
    );
    overlap(
      w.placements.remove,
      w.placements.put.map((p) => p.record),
      'placement',
    );
    overlap(w.revokedDecisions.map(decisionKey), w.decisions.map(decisionKey), 'decision');
    const once = (rows: Iterable<string>, what: string): void => {
      const seen = new Set<string>();
      for (const x of rows) {
        if (seen.has(x)) invalid(`${what} ${x} written twice`);
        seen.add(x);
      }
    };
    once(
      w.records.put.map((r) => r.id),
      'record',
    );
    once(
      w.edges.put.map((e) => `${e.a}|${e.b}`),
      'edge',
    );
    once(
      w.placements.put.map((p) => p.record),
      'placement',
    );
    for (const id of w.records.remove) {
      if (!this.#records.delete(id)) invalid(`record ${id} removed but not stored`);
      this.#sources.delete(id);
    }
    for (const row of w.records.put) {
      this.#records.set(row.id, row);
      if (row.source !== undefined) this.#sources.set(row.id, row.source);
    }
    for (const { key, record } of w.keys.remove)
      if (!removeFrom(this.#blocks, key, record)) invalid(`key of ${record} removed but not stored`);
    for (const { key, record } of w.keys.add)
      if (!addTo(this.#blocks, key, record)) invalid(`key of ${record} added twice`);
    for (const { value, record, person } of w.identifiers.remove) {
      const byPerson = this.#carriers.get(value);
      if (byPerson === undefined || !removeFrom(byPerson, person, record))
        invalid(`carrier ${record} removed but not stored`);
      if (byPerson.size === 0) this.#carriers.delete(value);
    }
    for (const { value, record, person } of w.identifiers.add) {
      let byPerson = this.#carriers.get(value);
      if (byPerson === undefined) this.#carriers.set(value, (byPerson = new Map()));
      if (!addTo(byPerson, person, record)) invalid(`carrier ${record} added twice`);
    }
    for (const { a, b } of w.edges.remove) {
      if (this.#edges.get(a)?.has(b) !== true) invalid(`edge ${a}|${b} removed but not stored`);
      this.#edges.get(a)?.delete(b);
      this.#edges.get(b)?.delete(a);
      if (this.#edges.get(a)?.size === 0) this.#edges.delete(a);
      if (this.#edges.get(b)?.size === 0) this.#edges.delete(b);
    }
    for (const e of w.edges.put) {
      for (const [x, y] of [
        [e.a, e.b],
        [e.b, e.a],
      ] as const) {
        let m = this.#edges.get(x);
        if (m === undefined) this.#edges.set(x, (m = new Map()));
        m.set(y, e);
      }
    }
    for (const id of w.placements.remove)
      if (!this.#unplace(id)) invalid(`placement of ${id} removed but not stored`);
    for (const p of w.placements.put) {
      this.#unplace(p.record);
      this.#placements.set(p.record, p);
      addTo(this.#byCluster, p.cluster, p.record);
      addTo(this.#byComponent, p.component, p.record);
    }
    for (const d of w.revokedDecisions) {
      const key = decisionKey(d);
      if (!this.#decisions.delete(key)) invalid(`decision ${d.a}|${d.b} revoked but not stored`);
      removeFrom(this.#decisionsOf, d.a, key);
      removeFrom(this.#decisionsOf, d.b, key);
    }
    for (const d of w.decisions) {
      const key = decisionKey(d);
      if (this.#decisions.has(key)) continue;
      this.#decisions.set(key, d);
      addTo(this.#decisionsOf, d.a, key);
      addTo(this.#decisionsOf, d.b, key);
    }
  }

  #unplace(id: string): boolean {
    const at = this.#placements.get(id);
    if (at === undefined) return false;
    this.#placements.delete(id);
    removeFrom(this.#byCluster, at.cluster, id);
    removeFrom(this.#byComponent, at.component, id);
    return true;
  }

  /** The source records as last stored (for golden records and explanations; not part of the port). */
  async sources(ids: readonly string[]): Promise<Map<string, PersonRecord>> {
    const out = new Map<string, PersonRecord>();
    for (const id of ids) {
      const r = this.#sources.get(id);
      if (r !== undefined) out.set(id, r);
    }
    return out;
  }

  /** The whole outcome, in the same shape as a batch run (resolveBatch). */
  snapshot(): { assignments: Map<string, string>; reviewPairs: ReviewPair[]; related: Relationship[] } {
    const edges = new Set<Edge>();
    for (const m of this.#edges.values()) for (const e of m.values()) edges.add(e);
    return outcomeOf(this.#placements.values(), edges);
  }
}
