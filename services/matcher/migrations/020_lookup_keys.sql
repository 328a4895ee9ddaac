-- The REST API's lookup index (src/adapters/lookup-keys.repo.ts): every identifier of every stored record
-- (email, phone, card, handle and CRM id as the engine normalises them, the record id) and its name-place
-- search keys, as HMAC-SHA256 under MATCHER_HASH_SECRET: no value is kept in plain text, so an erased
-- person leaves nothing here, and an erasure tombstone matches the row of the value it stands for.
-- Maintained in the resolution transaction; a record's customer comes from resolution_placements.
create table matcher_lookup_keys (
  key_hash bytea not null,
  record_id text not null,
  kind text not null,
  primary key (key_hash, record_id)
);
create index matcher_lookup_keys_record on matcher_lookup_keys (record_id);
