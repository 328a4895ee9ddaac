import type { PersonRecord } from '@rapport/contracts';
import type { PoolClient } from '@rapport/db';

/** Anything that runs a query: the pool, or the client of an open transaction. */
export type Queryable = Pick<PoolClient, 'query'>;

/** A key row to write: its hash (hex), record and kind. */
export type KeyRow = { hash: string; record: string; kind: string };

/** A record found by a key, with its customer. */
export type KeyHit = { hash: string; record: string; customer: string };

/**
 * The lookup index (migrations/020_lookup_keys.sql): keyed hashes of every record's identifiers and
 * search keys. Hashes travel as hex text and are stored as bytea (half the size, the same order).
 */
export const lookupKeys = {
  /**
   * Replaces the rows of `records` (deleted records get none) with `rows`, in the caller's transaction.
   * Two statements, not one: a statement's parts share one snapshot, so an insert could not see the
   * delete of the same row. Returns the hashes the records had before, of the kinds in `kinds`.
   */
  async replace(
    client: Queryable,
    records: readonly string[],
    rows: readonly KeyRow[],
    kinds: readonly string[],
  ) {
    if (records.length === 0) return [];
    const old = await client.query<{ hash: string; kind: string }>(
      `delete from matcher_lookup_keys where record_id = any($1::text[])
        returning encode(key_hash, 'hex') as hash, kind`,
      [records],
    );
    if (rows.length > 0)
      await client.query(
        `insert into matcher_lookup_keys (key_hash, record_id, kind)
         select decode(h, 'hex'), r, k from unnest($1::text[], $2::text[], $3::text[]) as t(h, r, k)
         order by h
         on conflict do nothing`,
        [rows.map((r) => r.hash), rows.map((r) => r.record), rows.map((r) => r.kind)],
      );
    const wanted = new Set(kinds);
    return old.rows.filter((r) => wanted.has(r.kind)).map((r) => r.hash);
  },

  /** The hashes, of the kinds in `kinds`, of every record now in `customers`. */
  async ofCustomers(
    client: Queryable,
    customers: readonly string[],
    kinds: readonly string[],
  ): Promise<string[]> {
    if (customers.length === 0) return [];
    const { rows } = await client.query<{ hash: string }>(
      `select encode(k.key_hash, 'hex') as hash
         from resolution_placements p join matcher_lookup_keys k using (record_id)
        where p.cluster_id = any($1::text[]) and k.kind = any($2::text[])`,
      [customers, kinds],
    );
    return rows.map((r) => r.hash);
  },

  /** The records (and their customers) found under each of `hashes`. */
  async find(db: Queryable, hashes: readonly string[]): Promise<KeyHit[]> {
    if (hashes.length === 0) return [];
    const { rows } = await db.query<{ hash: string; record_id: string; cluster_id: string }>(
      `select encode(k.key_hash, 'hex') as hash, k.record_id, p.cluster_id
         from matcher_lookup_keys k join resolution_placements p using (record_id)
        where k.key_hash = any(array(select decode(h, 'hex') from unnest($1::text[]) h))`,
      [hashes],
    );
    return rows.map((r) => ({ hash: r.hash, record: r.record_id, customer: r.cluster_id }));
  },

  /**
   * The customers of the records found under `hash`, with every member's source record and whether the
   * key found it: one statement, so one snapshot and one round trip (the lookup's hot path). A named
   * statement, planned once per connection: planning it took ten times its execution (4 ms against 0.35 ms
   * at 100,000 customers).
   */
  async customersUnder(
    db: Queryable,
    hash: string,
  ): Promise<{ customer: string; source: PersonRecord; matched: boolean }[]> {
    const { rows } = await db.query<{ cluster_id: string; source: PersonRecord; matched: boolean }>({
      name: 'matcher-lookup-customers-under',
      text: `with hit as (
         select k.record_id, p.cluster_id
           from matcher_lookup_keys k join resolution_placements p using (record_id)
          where k.key_hash = decode($1, 'hex'))
       select p.cluster_id, r.source, p.record_id in (select record_id from hit) as matched
         from resolution_placements p join resolution_records r using (record_id)
        where p.cluster_id in (select cluster_id from hit) and r.source is not null
        order by p.record_id`,
      values: [hash],
    });
    return rows.map((r) => ({ customer: r.cluster_id, source: r.source, matched: r.matched }));
  },
};
