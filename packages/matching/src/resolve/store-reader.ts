import { withoutOverloaded, type PreparedRecord } from '../normalise/prepare.ts';
import type { Block, Edge, Placement, ResolutionStore, StoredRecord } from './resolution-store.ts';
import type { StewardDecision } from './decisions.ts';
import type { IdentifierUse } from '../guard/identifier-limit.ts';

/** A stored record's prepared form after the per-identifier limit: what it blocks and scores with. */
export function effectiveForm(r: StoredRecord): PreparedRecord {
  return r.overloaded.length === 0 ? r.prepared : withoutOverloaded(r.prepared, new Set(r.overloaded));
}

/**
 * One batch's reads through a store: every record is fetched at most once however many steps need it,
 * empty questions are not asked, and the calls are counted (the bound on them is the point of the port).
 */
export class StoreReader {
  readonly stored = new Map<string, StoredRecord>();
  readonly #absent = new Set<string>();
  readonly #effective = new Map<string, PreparedRecord>();
  readonly store: ResolutionStore;
  calls = 0;

  constructor(store: ResolutionStore) {
    this.store = store;
  }

  /** Fetches those of `ids` not asked for yet. */
  async load(ids: Iterable<string>): Promise<void> {
    const want: string[] = [];
    for (const id of new Set(ids)) if (!this.stored.has(id) && !this.#absent.has(id)) want.push(id);
    if (want.length === 0) return;
    this.calls++;
    const got = await this.store.records(want);
    for (const id of want) {
      const r = got.get(id);
      if (r === undefined) this.#absent.add(id);
      else this.stored.set(id, r);
    }
  }

  /** A loaded record's effectiveForm, made once. */
  effective(id: string): PreparedRecord {
    let p = this.#effective.get(id);
    if (p === undefined) {
      const r = this.stored.get(id);
      if (r === undefined) throw new Error(`record ${id} was not loaded`);
      this.#effective.set(id, (p = effectiveForm(r)));
    }
    return p;
  }

  async blocks(keys: ReadonlyMap<string, number>): Promise<Map<string, Block>> {
    if (keys.size === 0) return new Map();
    this.calls++;
    return this.store.blocks(keys);
  }

  async identifiers(
    people: ReadonlyMap<string, readonly string[]>,
    atMost: number,
  ): Promise<Map<string, IdentifierUse>> {
    if (people.size === 0) return new Map();
    this.calls++;
    return this.store.identifiers(people, atMost);
  }

  async carriers(values: readonly string[]): Promise<Map<string, string[]>> {
    if (values.length === 0) return new Map();
    this.calls++;
    return this.store.carriers(values);
  }

  async edges(ids: Iterable<string>, linksOnly = false): Promise<Edge[]> {
    const list = [...ids];
    if (list.length === 0) return [];
    this.calls++;
    return this.store.edges(list, linksOnly);
  }

  async decisions(ids: Iterable<string>): Promise<StewardDecision[]> {
    const list = [...ids];
    if (list.length === 0) return [];
    this.calls++;
    return this.store.decisions(list);
  }

  async components(ids: Iterable<string>): Promise<Placement[]> {
    const list = [...ids];
    if (list.length === 0) return [];
    this.calls++;
    return this.store.components(list);
  }
}
