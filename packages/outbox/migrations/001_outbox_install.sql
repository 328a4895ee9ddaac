-- The transactional outbox of @rapport/outbox. A service links this file into its own migrations/ (a symlink,
-- so the SQL exists once) and installs its table with `select outbox_install('<service>_outbox');` in the next
-- migration. Both functions are the same for every service, so two services applying this file to one
-- database replace them with themselves. A change to the table's shape is a new file here, linked the same way.

-- One wake-up per inserting statement, delivered at commit (and never for a rolled-back one): the relay LISTENs
-- on the table's name. Identical notifications of one transaction are folded into one by Postgres.
create or replace function outbox_notify() returns trigger
language plpgsql as $$
begin
  perform pg_notify(tg_table_name, '');
  return null;
end
$$;

create or replace function outbox_install(table_name text) returns void
language plpgsql as $$
begin
  if table_name !~ '^[a-z_][a-z0-9_]{0,50}$' then
    raise exception 'outbox_install: % is not a lowercase SQL identifier of at most 51 characters', table_name;
  end if;
  -- id gives the publishing order; created_at (the insert's wall time, not the transaction's start) the lag.
  -- Rows are deleted as soon as they are published, so the table stays small but churns: vacuum it early,
  -- or the relay's scan from the lowest id walks over dead index entries.
  execute format(
    $ddl$
    create table %I (
      id bigint generated always as identity primary key,
      topic text not null,
      key text not null,
      event_id text not null,
      payload text not null,
      headers jsonb,
      created_at timestamptz not null default clock_timestamp()
    ) with (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000)
    $ddl$,
    table_name
  );
  execute format(
    'create trigger %I after insert on %I for each statement execute function outbox_notify()',
    table_name || '_notify',
    table_name
  );
end
$$;
