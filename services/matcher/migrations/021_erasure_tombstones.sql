-- Erasure tombstones (src/adapters/erasure.repo.ts): the HMAC-SHA256 of each erased record id and identifier,
-- as published on identity.erasure.v1. Changes naming an erased record or carrying an erased identifier are
-- dropped before resolution, live and during a replay of the topics.
create table matcher_erasure_tombstones (
  hash bytea primary key,
  kind text not null,
  requested_at timestamptz not null
);
