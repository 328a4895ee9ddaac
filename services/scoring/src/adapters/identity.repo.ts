import type { IdentityChangeKind } from '@rapport/contracts';
import type { CustomerSnapshot, Owner } from '../use-cases/ports.ts';
import { rowsParam, type Queryable } from './sql.ts';

/** The owner of each record of the text[] parameter `param`: the newest snapshot naming it. */
export const OWNERS = (param: string) => `
  select distinct on (cr.record_id) cr.record_id, cr.customer_id, c.revision, cr.occurred_at
    from scoring_customer_records cr join scoring_customers c using (customer_id)
   where cr.record_id = any(${param}::text[])
   order by cr.record_id, cr.occurred_at desc, cr.customer_id desc`;

/** A scoring_customers row as a snapshot; `occurred_at` as pg gives it, or as text inside json_agg. */
export function snapshotOf(row: {
  customer_id: string;
  revision: number;
  kind: IdentityChangeKind;
  occurred_at: Date | string;
  record_ids: string[];
  candidates: CustomerSnapshot['candidates'] | null;
}): CustomerSnapshot {
  return {
    customerId: row.customer_id,
    revision: row.revision,
    kind: row.kind,
    occurredAt: row.occurred_at instanceof Date ? row.occurred_at.getTime() : Date.parse(row.occurred_at),
    recordIds: row.record_ids,
    ...(row.candidates !== null && { candidates: row.candidates }),
  };
}

/**
 * scoring_customers (the matcher's latest snapshot per customer) and scoring_customer_records. A record
 * belongs to the customer whose snapshot naming it is newest by (occurred_at, customer_id): the same rule
 * in ownersOf and in batch-queries.ts (customerState), so that snapshots arriving out of order across partitions
 * settle alike.
 */
export function identityRepo(db: Queryable) {
  return {
    async snapshots(ids: readonly string[]): Promise<Map<string, CustomerSnapshot>> {
      if (ids.length === 0) return new Map();
      const { rows } = await db.query<{
        customer_id: string;
        revision: number;
        kind: IdentityChangeKind;
        occurred_at: Date;
        record_ids: string[];
        candidates: CustomerSnapshot['candidates'] | null;
      }>(
        `select customer_id, revision, kind, occurred_at, record_ids, candidates from scoring_customers
          where customer_id = any($1::text[])`,
        [ids],
      );
      return new Map(rows.map((r) => [r.customer_id, snapshotOf(r)]));
    },

    async saveSnapshots(snapshots: readonly CustomerSnapshot[]): Promise<void> {
      if (snapshots.length === 0) return;
      const rows = snapshots.map((s) => ({
        customer_id: s.customerId,
        revision: s.revision,
        kind: s.kind,
        occurred_at: new Date(s.occurredAt).toISOString(),
        record_ids: s.recordIds,
        candidates: s.candidates ?? null,
      }));
      await db.query(
        `insert into scoring_customers (customer_id, revision, kind, occurred_at, record_ids, candidates)
         select customer_id, revision, kind, occurred_at, record_ids, candidates
           from json_to_recordset($1::json)
             as x(customer_id text, revision int, kind text, occurred_at timestamptz, record_ids text[],
                  candidates jsonb)
         on conflict (customer_id) do update set revision = excluded.revision, kind = excluded.kind,
           occurred_at = excluded.occurred_at, record_ids = excluded.record_ids, candidates = excluded.candidates`,
        [rowsParam(rows)],
      );
      await db.query('delete from scoring_customer_records where customer_id = any($1::text[])', [
        snapshots.map((s) => s.customerId),
      ]);
      const claims = snapshots.flatMap((s) =>
        s.recordIds.map((r) => ({
          record_id: r,
          customer_id: s.customerId,
          occurred_at: new Date(s.occurredAt).toISOString(),
        })),
      );
      if (claims.length === 0) return;
      await db.query(
        `insert into scoring_customer_records (record_id, customer_id, occurred_at)
         select record_id, customer_id, occurred_at
           from json_to_recordset($1::json) as x(record_id text, customer_id text, occurred_at timestamptz)`,
        [rowsParam(claims)],
      );
    },

    async ownersOf(recordIds: readonly string[]): Promise<Map<string, Owner>> {
      if (recordIds.length === 0) return new Map();
      const { rows } = await db.query<{
        record_id: string;
        customer_id: string;
        revision: number;
        occurred_at: Date;
      }>(OWNERS('$1'), [recordIds]);
      return new Map(
        rows.map((r) => [
          r.record_id,
          { customerId: r.customer_id, revision: r.revision, occurredAt: r.occurred_at.getTime() },
        ]),
      );
    },
  };
}
