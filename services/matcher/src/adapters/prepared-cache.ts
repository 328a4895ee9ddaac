import type { PreparedRecord } from '@rapport/matching';

export type CachedForm = { readonly version: string; readonly prepared: PreparedRecord };

/**
 * The prepared forms of stored records as last read, by record id and row version, shared by the
 * resolution transactions of one process. Postgres stays the state: a read names the versions held here
 * and gets a record's prepared form back only when its row is another version (or the record is not held),
 * so a cached form is never used for a row it was not read from. A batch reads its records' neighbours,
 * most of them read by earlier batches: parsing their JSON again was the largest share of node-postgres's
 * time in the matcher, and their objects a share of its garbage collection.
 *
 * The version is the row's `xmin` and `ctid`: every update, delete and re-insert of the row writes a new
 * tuple with a new xmin (the writing transaction's id) at a new position, so two versions could only share
 * both after four billion transactions. Least recently used entries go first past `limit`; `limit` 0 holds
 * nothing.
 */
export class PreparedCache {
  readonly #limit: number;
  readonly #entries = new Map<string, CachedForm>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** What is held for `id`: the form and the version of the row it was read from. */
  get(id: string): CachedForm | undefined {
    return this.#entries.get(id);
  }

  /** Holds `prepared` as read from `version` of its row; a form held again becomes the most recently used. */
  put(id: string, version: string, prepared: PreparedRecord): void {
    if (this.#limit === 0) return;
    this.#entries.delete(id);
    this.#entries.set(id, { version, prepared });
    if (this.#entries.size > this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
