-- The lookup index slimmed (src/adapters/lookup-keys.repo.ts): each key as a signed 64-bit integer, the
-- first 8 bytes of its HMAC-SHA256, in place of the 32 bytes and the kind, and indexed alone. A batch
-- writes about eight rows per record and the index is only probed by exact key, so narrow rows and index
-- entries are most of what its writes cost. Two keys share 64 bits with odds of 2^-64 per pair. No primary
-- key: a record's rows are replaced whole (deleted by record, then inserted once each) under the
-- resolution lock, so no two rows repeat. Erasure tombstones keep the whole HMAC (what identity.erasure.v1
-- carries) and find the index rows by the same 64 bits. The kind went with nothing reading it: cached
-- lookups are dropped by customer (src/adapters/lookup.cache.ts).
create table matcher_lookup_keys_64 as
  select distinct ('x' || encode(substr(key_hash, 1, 8), 'hex'))::bit(64)::bigint as key_hash, record_id
    from matcher_lookup_keys;
drop table matcher_lookup_keys;
alter table matcher_lookup_keys_64 rename to matcher_lookup_keys;
alter table matcher_lookup_keys alter column key_hash set not null, alter column record_id set not null;
create index matcher_lookup_keys_key on matcher_lookup_keys (key_hash);
create index matcher_lookup_keys_record on matcher_lookup_keys (record_id);
