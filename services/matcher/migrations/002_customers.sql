-- The customers the matcher publishes on identity.customer.v1, and the history of their changes. Written by
-- the resolution use case (src/use-cases/apply-changes.ts) in the transaction that resolved the change; read
-- by the matcher's API (360 view, link history). Times are event times (the source's updatedAt, a steward's
-- decidedAt), never the time the matcher happened to process an event, so a rebuild from the topics
-- reproduces them.

-- One row per customer id ever used. A deleted customer keeps its row (status 'deleted'), so that a later
-- customer under the same id (records arriving again) continues its revisions instead of restarting them.
create table customers (
  customer_id text primary key,
  revision integer not null check (revision > 0),
  status text not null check (status in ('active', 'deleted')),
  record_count integer not null,
  -- The model version that resolved its last change.
  model_version text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- Every published change of a customer: the event's content and what caused it. (customer_id, revision) is
-- the identity.customer.v1 event's identity (identityChangeEventId).
create table customer_changes (
  customer_id text not null,
  revision integer not null,
  kind text not null check (kind in ('created', 'merged', 'split', 'updated', 'deleted')),
  -- Members after the change ([] when deleted); the previous revision's row has them before.
  record_ids text[] not null,
  -- previousCustomerIds of the event: merged, absorbed; split, split off; created, split from or renamed
  -- from; deleted, merged into or renamed to.
  related_customer_ids text[] not null,
  -- records: source events; decision: a steward; model: a model switch; erasure: a right to be forgotten.
  cause text not null check (cause in ('records', 'decision', 'model', 'erasure')),
  model_version text not null,
  -- The explanation the event carried: a summary without personal data and the deciding rules.
  summary text not null,
  rules text[] not null,
  match_probability double precision,
  -- The steward decisions of the batch naming its records ([{kind, a, b, by, reason}]), or null.
  decisions jsonb,
  -- The input events (eventId) of the batch that touched its records.
  event_ids uuid[] not null,
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  primary key (customer_id, revision)
);
