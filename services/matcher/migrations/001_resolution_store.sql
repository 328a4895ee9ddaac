-- The resolution engine's state (see PostgresResolutionStore in src/adapters/resolution-store.repo.ts and the
-- ResolutionStore port in @rapport/matching). Blocking keys and identifier values are kept as 64-bit hashes
-- of the engine's strings: the engine only ever looks them up, and a hash is a quarter of a key's size.

-- A record: its prepared form as the engine made it (json keeps it byte for byte, as the engine compares
-- forms by their serialisation), the values the per-identifier limit removed, and the source record.
create table resolution_records (
  record_id text primary key,
  prepared json not null,
  overloaded text[] not null default '{}',
  source jsonb
);

-- Where each record sits: its cluster (the customer) and its component (what one re-clustering reads whole).
create table resolution_placements (
  record_id text primary key,
  cluster_id text not null,
  component_id text not null
);
create index resolution_placements_cluster on resolution_placements (cluster_id);
create index resolution_placements_component on resolution_placements (component_id);

-- Blocking keys per record; a block's size is its number of rows.
create table resolution_block_keys (
  key_hash bigint not null,
  record_id text not null,
  primary key (key_hash, record_id)
);

-- Every email and phone of every record, with the record's person key ('' for a record without a name):
-- people per identifier are the distinct person keys, read in key order from the primary key.
create table resolution_identifiers (
  value_hash bigint not null,
  person_key text not null,
  record_id text not null,
  primary key (value_hash, person_key, record_id)
);

-- Scored pairs worth keeping, one row per pair, record_a < record_b.
create table resolution_edges (
  record_a text not null,
  record_b text not null,
  kind text not null check (kind in ('link', 'review', 'separate')),
  tier smallint not null,
  weight double precision not null,
  reason text not null,
  related text[],
  refused_by text,
  primary key (record_a, record_b),
  check (record_a < record_b)
);
create index resolution_edges_b on resolution_edges (record_b);

-- Steward decisions, one per kind and pair (record_a < record_b), whether or not the records exist yet.
create table resolution_decisions (
  kind text not null check (kind in ('together', 'apart')),
  record_a text not null,
  record_b text not null,
  decided_by text,
  reason text,
  primary key (record_a, record_b, kind),
  check (record_a < record_b)
);
create index resolution_decisions_b on resolution_decisions (record_b);
