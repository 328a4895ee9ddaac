-- The scoring service's state. Features are kept per source record and folded per customer as the matcher
-- sees it now (scoring_customer_records), so a merge folds more records and a split folds each part's own.
-- JSON columns are `json`, not `jsonb`: written and read whole (only the influencer list looks inside), they
-- are stored as sent, which costs Postgres less than the binary form and keeps numbers exactly as written.

-- Per source record (`loyalty:<program>:<member>`, `loyalty:<program>:card:<number>`, `crm:<id>`,
-- `social:<platform>:<handle>`): the scoring model's RecordFeatures as JSON (per-day purchase sums, decayed
-- counters, the latest profile) and which source version the profile came from.
create table scoring_records (
  record_id text primary key,
  features json not null,
  profile_at timestamptz,
  profile_event_id uuid,
  -- The source deleted the record (erasure): its features are gone and later purchases are not kept.
  erased boolean not null default false,
  updated_at timestamptz not null default now()
);

-- A card a loyalty member holds: transactions that name only the card count for the member.
create table scoring_cards (
  card_record_id text primary key,
  member_record_id text not null
);
create index scoring_cards_member on scoring_cards (member_record_id);

-- Who referred whom (loyalty referredByMemberId, CRM referredByCrmId), for the referrer's offline influence.
create table scoring_referrals (
  referred_record_id text not null,
  referrer_record_id text not null,
  primary key (referred_record_id, referrer_record_id)
);
create index scoring_referrals_referrer on scoring_referrals (referrer_record_id);

-- Mentions and replies between social accounts: the edges of the network-position refit.
create table scoring_edges (
  from_record_id text not null,
  to_record_id text not null,
  kind text not null check (kind in ('mention', 'reply')),
  weight double precision not null,
  primary key (from_record_id, to_record_id, kind)
);

-- The matcher's latest snapshot of each customer (identity.customer.v1).
create table scoring_customers (
  customer_id text primary key,
  revision integer not null,
  kind text not null,
  occurred_at timestamptz not null,
  record_ids text[] not null
);

-- The records each snapshot names. A record belongs to the customer whose snapshot naming it is the newest
-- (occurred_at, then customer id), so snapshots that arrive out of order across partitions settle alike.
create table scoring_customer_records (
  record_id text not null,
  customer_id text not null,
  occurred_at timestamptz not null,
  primary key (record_id, customer_id)
);
create index scoring_customer_records_customer on scoring_customer_records (customer_id);

-- Each customer's current scores.
create table scoring_scores (
  customer_id text primary key,
  identity_revision integer not null,
  record_ids text[] not null,
  as_of timestamptz not null,
  score double precision not null,
  raw_band text not null,
  -- The band published on scoring.priority.v1: the hysteresis state.
  band text not null,
  rank integer not null,
  value_score double precision not null,
  urgency_score double precision not null,
  influence_score double precision not null,
  influencer_flag text not null,
  influencer_online double precision not null,
  influencer_offline double precision not null,
  explanation json not null,
  updated_at timestamptz not null default now()
);
create index scoring_scores_influencers on scoring_scores (influence_score desc, customer_id)
  where influencer_flag <> 'none';

-- Every change of a customer's score.
create table scoring_score_history (
  customer_id text not null,
  seq bigint generated always as identity,
  as_of timestamptz not null,
  score double precision not null,
  band text not null,
  raw_band text not null,
  value_score double precision not null,
  urgency_score double precision not null,
  influence_score double precision not null,
  influencer_flag text not null,
  config_version text not null,
  snapshot_version text not null,
  published boolean not null,
  primary key (customer_id, seq)
);

-- Each social post (one row per platform and post id), its frozen urgency and its current priority.
create table scoring_mentions (
  mention_id uuid primary key,
  platform text not null,
  post_id text not null,
  record_id text not null,
  brands text[] not null,
  occurred_at timestamptz not null,
  observed_at timestamptz not null,
  first_event_id uuid not null,
  last_event_id uuid not null,
  engagement double precision not null,
  -- Urgency is scored once, at the first observation: the author's complaints before it are history.
  urgency json not null,
  urgency_score double precision not null,
  -- The latest observation as received (its text is personal data: the care queue shows it, logs never).
  mention json not null,
  customer_id text,
  identity_revision integer,
  score double precision not null,
  band text not null,
  rank integer not null,
  influencer_flag text not null,
  explanation json not null,
  handled_at timestamptz,
  handled_by text,
  handled_note text
);
create index scoring_mentions_record on scoring_mentions (record_id, occurred_at);
create index scoring_mentions_queue on scoring_mentions (score desc, occurred_at, mention_id)
  where handled_at is null;

-- Every event applied once: consumers are idempotent on event ids.
create table scoring_seen_events (
  event_id uuid primary key
);

-- Population parameters by kind (value-snapshot, network) and version; `active` names the one in use.
create table scoring_parameters (
  kind text not null,
  version text not null,
  body jsonb not null,
  loaded_at timestamptz not null default now(),
  primary key (kind, version)
);
create table scoring_active_parameters (
  kind text primary key,
  version text not null,
  activated_at timestamptz not null default now(),
  foreign key (kind, version) references scoring_parameters (kind, version)
);

-- Exclusive transaction locks on what a batch changes (`r:<record>`, `c:<customer>`), taken one by one in
-- the order of their hashes: two batches locking overlapping sets in one call never wait on each other in
-- a circle. (A select list would call pg_advisory_xact_lock in scan order, not sorted order.)
create function scoring_lock(keys text[]) returns void language plpgsql as $$
declare
  k bigint;
begin
  for k in select distinct hashtextextended('scoring:' || key, 0) from unnest(keys) key order by 1 loop
    perform pg_advisory_xact_lock(k);
  end loop;
end
$$;
