import { identityChangeEventId, topics, type IdentityChangeInput } from '@rapport/contracts';
import type { PoolClient } from '@rapport/db';
import type { Outbox } from '@rapport/outbox';
import type { CustomerChange, CustomerRow } from '../use-cases/customer-changes.ts';

const iso = (d: Date): string => d.toISOString();

export async function readCustomers(
  client: PoolClient,
  ids: readonly string[],
): Promise<Map<string, CustomerRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{
    customer_id: string;
    revision: number;
    status: CustomerRow['status'];
    created_at: Date;
    updated_at: Date;
    candidates: CustomerRow['candidates'] | null;
  }>(
    `select customer_id, revision, status, created_at, updated_at, candidates from customers
      where customer_id = any($1::text[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.customer_id,
      {
        customerId: r.customer_id,
        revision: r.revision,
        status: r.status,
        createdAt: iso(r.created_at),
        updatedAt: iso(r.updated_at),
        candidates: r.candidates ?? undefined,
      },
    ]),
  );
}

/** The identity.customer.v1 event of a change: a full snapshot of the customer's records. */
export function identityEvent(c: CustomerChange): IdentityChangeInput {
  return {
    eventId: identityChangeEventId(c.customerId, c.revision),
    schemaVersion: 1,
    source: 'matcher',
    customerId: c.customerId,
    kind: c.kind,
    revision: c.revision,
    recordIds: c.recordIds,
    previousCustomerIds: c.relatedCustomerIds,
    explanation: {
      summary: c.summary,
      ...(c.rules.length > 0 && { rules: c.rules.slice(0, 50) }),
      ...(c.matchProbability !== undefined && { matchProbability: c.matchProbability }),
    },
    ...(c.candidates !== undefined && { candidates: c.candidates }),
    occurredAt: c.occurredAt,
  };
}

/**
 * The customers rows and their history in one statement (one JSON parameter), then the identity events
 * into the outbox: after the resolution lock, so each customer's events keep their order.
 */
export async function saveCustomerChanges(
  client: PoolClient,
  outbox: Outbox,
  changes: readonly CustomerChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((c) => ({
    customer_id: c.customerId,
    revision: c.revision,
    kind: c.kind,
    status: c.status,
    record_ids: c.recordIds,
    related_customer_ids: c.relatedCustomerIds,
    cause: c.cause,
    model_version: c.modelVersion,
    summary: c.summary,
    rules: c.rules,
    match_probability: c.matchProbability ?? null,
    decisions: c.decisions.length === 0 ? null : c.decisions,
    event_ids: c.eventIds,
    created_at: c.createdAt,
    occurred_at: c.occurredAt,
    candidates: c.candidates ?? null,
  }));
  await client.query(
    `with rows as (
       select * from json_to_recordset($1::json) as x(
         customer_id text, revision int, kind text, status text, record_ids text[], related_customer_ids text[],
         cause text, model_version text, summary text, rules text[], match_probability float8, decisions jsonb,
         event_ids uuid[], created_at timestamptz, occurred_at timestamptz, candidates jsonb)),
     customers_put as (
       insert into customers (customer_id, revision, status, record_count, model_version, created_at, updated_at,
         candidates)
       select customer_id, revision, status, cardinality(record_ids), model_version, created_at, occurred_at,
         candidates from rows
       on conflict (customer_id) do update set revision = excluded.revision, status = excluded.status,
         record_count = excluded.record_count, model_version = excluded.model_version,
         created_at = excluded.created_at, updated_at = excluded.updated_at, candidates = excluded.candidates)
     insert into customer_changes (customer_id, revision, kind, record_ids, related_customer_ids, cause,
       model_version, summary, rules, match_probability, decisions, event_ids, occurred_at)
     select customer_id, revision, kind, record_ids, related_customer_ids, cause, model_version, summary, rules,
       match_probability, decisions, event_ids, occurred_at from rows`,
    [JSON.stringify(rows)],
  );
  await outbox.enqueue(client, topics.identityCustomer, changes.map(identityEvent));
}

/**
 * Erased records leave the history: out of every change's member list (a scan: erasures are rare), and
 * the customers named after them go with their history, since the id `c:<record id>` holds the record id.
 */
export async function eraseHistory(client: PoolClient, recordIds: readonly string[]): Promise<void> {
  if (recordIds.length === 0) return;
  const named = recordIds.map((id) => `c:${id}`);
  await client.query(
    `with gone as (delete from customers where customer_id = any($2::text[]) and status = 'deleted'),
          history as (delete from customer_changes where customer_id = any($2::text[]))
     update customer_changes
        set record_ids = array(select r from unnest(record_ids) r where r <> all($1::text[])),
            related_customer_ids = array(select r from unnest(related_customer_ids) r where r <> all($2::text[]))
      where (record_ids && $1::text[] or related_customer_ids && $2::text[]) and customer_id <> all($2::text[])`,
    [recordIds, named],
  );
}
