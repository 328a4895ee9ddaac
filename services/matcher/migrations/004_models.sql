-- Match models by version, and the matcher's resolution state: the model the stored state was resolved with,
-- and a switch to another one in progress (see src/use-cases/switch-model.ts).
create table matcher_models (
  version text primary key check (version ~ '^[a-z0-9][a-z0-9.-]{0,62}$'),
  model json not null,
  -- What it was trained on: {"source": "generated" | "population", "records": n, "seed": n, ...}.
  trained_on jsonb not null,
  created_at timestamptz not null default now()
);

create table matcher_state (
  singleton boolean primary key default true check (singleton),
  -- null until the first resolution, which installs the shipped default model.
  model_version text references matcher_models (version),
  -- A switch asked for (`rapport matcher use-model`) and how far its rebuild got: the last record id copied
  -- into the next generation (null before the first batch).
  next_model_version text references matcher_models (version),
  rebuilt_up_to text,
  rebuild_started_at timestamptz
);
insert into matcher_state default values;
