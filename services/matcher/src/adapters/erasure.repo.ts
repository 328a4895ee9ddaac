import type { Queryable } from './lookup-keys.repo.ts';

export type TombstoneRow = { hash: string; kind: string; requestedAt: string };

/** Erasure tombstones (migrations/021_erasure_tombstones.sql); hashes as hex text, stored as bytea. */
export const erasureTombstones = {
  /** Adds tombstones, keeping one per hash (the first request's time). */
  async insert(client: Queryable, rows: readonly TombstoneRow[]): Promise<void> {
    if (rows.length === 0) return;
    await client.query(
      `insert into matcher_erasure_tombstones (hash, kind, requested_at)
       select decode(h, 'hex'), k, t::timestamptz from unnest($1::text[], $2::text[], $3::text[]) as r(h, k, t)
       on conflict do nothing`,
      [rows.map((r) => r.hash), rows.map((r) => r.kind), rows.map((r) => r.requestedAt)],
    );
  },

  /** Which of `hashes` are tombstones. */
  async matching(client: Queryable, hashes: readonly string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const { rows } = await client.query<{ hash: string }>(
      `select encode(hash, 'hex') as hash from matcher_erasure_tombstones
        where hash = any(array(select decode(h, 'hex') from unnest($1::text[]) h))`,
      [hashes],
    );
    return new Set(rows.map((r) => r.hash));
  },
};
