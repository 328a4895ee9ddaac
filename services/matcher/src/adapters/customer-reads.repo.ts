import type { LinkHistoryEntry, PersonRecord } from '@rapport/contracts';
import type { Pool, PoolClient } from '@rapport/db';
import type { CustomerReads, KeyHit, ReadSnapshot, ReviewRow, WorthRule } from '../use-cases/ports.ts';
import { lookupKeys } from './lookup-keys.repo.ts';
import { PostgresResolutionStore, REVIEWABLE } from './resolution-store.repo.ts';

/**
 * The API's reads on one client. In a snapshot (readSnapshot) every read sees the same committed state,
 * so a page never mixes the customers before and after a resolution.
 */
class PostgresCustomerReads implements CustomerReads {
  readonly #client: PoolClient;
  readonly store: PostgresResolutionStore;

  constructor(client: PoolClient) {
    this.#client = client;
    // Reads only: resolution transactions take the lock, readers never wait for them.
    this.store = new PostgresResolutionStore(client, { lock: 'none' });
  }

  findKeys(hashes: readonly string[]): Promise<KeyHit[]> {
    return lookupKeys.find(this.#client, hashes);
  }

  async members(customers: readonly string[]): Promise<Map<string, PersonRecord[]>> {
    const out = new Map<string, PersonRecord[]>();
    if (customers.length === 0) return out;
    const { rows } = await this.#client.query<{ cluster_id: string; source: PersonRecord }>(
      `select p.cluster_id, r.source
         from resolution_placements p join resolution_records r using (record_id)
        where p.cluster_id = any($1::text[]) and r.source is not null
        order by p.record_id`,
      [customers],
    );
    for (const r of rows) {
      const list = out.get(r.cluster_id);
      if (list === undefined) out.set(r.cluster_id, [r.source]);
      else list.push(r.source);
    }
    return out;
  }

  async reviewPage(query: {
    limit: number;
    after: { worth: number; a: string; b: string } | undefined;
    worth: WorthRule;
  }): Promise<ReviewRow[]> {
    // A record's kind of source is its id's prefix (the projection names records `loyalty:...`, `crm:...`).
    const { rows } = await this.#client.query<{
      record_a: string;
      record_b: string;
      ca: string;
      cb: string;
      reason: string;
      refused_by: string | null;
      weight: number;
      worth: number;
    }>(
      `with reviewable as (
         select e.record_a, e.record_b, e.reason, e.refused_by, e.weight, pa.cluster_id as ca, pb.cluster_id as cb
           from resolution_edges e
           join resolution_placements pa on pa.record_id = e.record_a
           join resolution_placements pb on pb.record_id = e.record_b
          where ${REVIEWABLE}
            and pa.cluster_id <> pb.cluster_id
            and not exists (select 1 from resolution_decisions d
                             where d.record_a = e.record_a and d.record_b = e.record_b)),
       worth as (
         select p.cluster_id,
                sum(coalesce(w.value::float8, $2::float8)
                    + case when r.source ? 'loyaltyTier' then $3::float8 else 0 end) as worth
           from resolution_placements p
           join resolution_records r using (record_id)
           left join jsonb_each_text($1::jsonb) w on w.key = split_part(p.record_id, ':', 1)
          where p.cluster_id in (select ca from reviewable union select cb from reviewable)
          group by p.cluster_id),
       ranked as (
         select v.*, wa.worth + wb.worth as worth
           from reviewable v
           join worth wa on wa.cluster_id = v.ca
           join worth wb on wb.cluster_id = v.cb)
       select * from ranked
        where $4::float8 is null or worth < $4::float8
              or (worth = $4::float8 and (record_a, record_b) > ($5::text, $6::text))
        order by worth desc, record_a, record_b
        limit $7`,
      [
        JSON.stringify(query.worth.bySource),
        query.worth.otherSource,
        query.worth.loyaltyTier,
        query.after?.worth ?? null,
        query.after?.a ?? null,
        query.after?.b ?? null,
        query.limit,
      ],
    );
    return rows.map((r) => ({
      a: r.record_a,
      b: r.record_b,
      customers: [r.ca, r.cb],
      reason: r.reason,
      refusedBy: r.refused_by ?? undefined,
      weight: r.weight,
      worth: r.worth,
    }));
  }

  async history(customer: string, limit: number): Promise<LinkHistoryEntry[]> {
    const { rows } = await this.#client.query<{
      revision: number;
      kind: LinkHistoryEntry['kind'];
      occurred_at: Date;
      record_ids: string[];
      related_customer_ids: string[];
      model_version: string;
      cause: string;
      summary: string;
      rules: string[];
      match_probability: number | null;
      decisions: { kind: 'together' | 'apart'; a: string; b: string; by?: string; reason?: string }[] | null;
    }>(
      `select revision, kind, occurred_at, record_ids, related_customer_ids, model_version, cause, summary, rules,
              match_probability, decisions
         from customer_changes where customer_id = $1 order by revision desc limit $2`,
      [customer, limit],
    );
    return rows.map((r) => ({
      revision: r.revision,
      kind: r.kind,
      occurredAt: r.occurred_at.toISOString(),
      recordIds: r.record_ids,
      previousCustomerIds: r.related_customer_ids,
      modelVersion: r.model_version,
      cause: r.cause,
      summary: r.summary,
      rules: r.rules,
      ...(r.match_probability === null ? {} : { matchProbability: r.match_probability }),
      decisions: r.decisions ?? [],
    }));
  }
}

/** Runs `work` in a read-only repeatable-read transaction: one snapshot for all its reads. */
export function readSnapshot(pool: Pool): ReadSnapshot {
  return async (work) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin isolation level repeatable read read only');
      const result = await work(new PostgresCustomerReads(client));
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  };
}
