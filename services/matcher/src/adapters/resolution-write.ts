import { jsonTexts, JSON_TEXTS } from '@rapport/db';
import type { StoreWrite } from '@rapport/matching';
import { hash64, numberArray, type Hash64 } from './key-hash.ts';

/**
 * One statement for the whole write (a data-modifying CTE per table and kind), so a batch's write is one
 * round trip. The engine never removes and adds the same row in one write, which a single statement
 * could not do (its parts see one snapshot). Keys and carriers go in hash order: thousands of random
 * index positions per batch are the write's largest cost, and in order neighbours share leaf pages.
 *
 * Row sets travel as arrays zipped by unnest, hashes as integer array literals (node-postgres would quote
 * and escape each element, which numbers never need), the records' JSON forms as jsonTexts. Not as JSON
 * documents: json_to_recordset took Postgres twice the time of unnest over the same 16,000 key rows, more
 * than it saves node-postgres.
 */
export function writeStatement(w: StoreWrite, hash: Hash64 = hash64): { text: string; values: unknown[] } {
  const put = w.records.put;
  const edges = w.edges.put;
  const placed = w.placements.put;
  const ordered = <D extends { a: string; b: string }>(d: D): D => (d.a < d.b ? d : { ...d, a: d.b, b: d.a });
  const ds = w.decisions.map(ordered);
  const revoked = w.revokedDecisions.map(ordered);
  // Key rows by record: each record's id once, beside its hashes as one integer array literal. A batch
  // writes some fourteen key rows per record, and sent a row at a time the ids were most of the write's
  // bytes and of node-postgres's array quoting.
  const keys = (rows: StoreWrite['keys']['add']) => {
    const byRecord = new Map<string, string[]>();
    for (const r of rows) {
      let hashes = byRecord.get(r.record);
      if (hashes === undefined) byRecord.set(r.record, (hashes = []));
      hashes.push(hash(r.key));
    }
    return [[...byRecord.keys()], [...byRecord.values()].map(numberArray)];
  };
  const carriers = (rows: StoreWrite['identifiers']['add']) => [
    numberArray(rows.map((r) => hash(r.value))),
    rows.map((r) => r.person),
    rows.map((r) => r.record),
  ];
  return {
    text: `with
     records_gone as (delete from resolution_records where record_id = any($1::text[])),
     records_put as (
       insert into resolution_records (record_id, prepared, overloaded, source)
       select id, prepared::json, array(select json_array_elements_text(overloaded::json)),
              nullif(source, 'null')::jsonb
         from rows from (unnest($2::text[]), ${JSON_TEXTS('$35')}, ${JSON_TEXTS('$36')}, ${JSON_TEXTS('$37')})
           as r(id, prepared, overloaded, source)
       on conflict (record_id) do update set prepared = excluded.prepared, overloaded = excluded.overloaded,
         source = coalesce(excluded.source, resolution_records.source)),
     keys_gone as (delete from resolution_block_keys
       where (key_hash, record_id) in (
         select k.key_hash, r.id from unnest($3::text[], $4::text[]) as r(id, hashes),
           unnest(r.hashes::bigint[]) as k(key_hash))),
     keys_put as (insert into resolution_block_keys (key_hash, record_id)
       select k.key_hash, r.id from unnest($5::text[], $6::text[]) as r(id, hashes),
         unnest(r.hashes::bigint[]) as k(key_hash)
       order by k.key_hash),
     carriers_gone as (delete from resolution_identifiers
       where (value_hash, person_key, record_id) in (select * from unnest($7::bigint[], $8::text[], $9::text[]))),
     carriers_put as (insert into resolution_identifiers (value_hash, person_key, record_id)
       select * from unnest($10::bigint[], $11::text[], $12::text[]) as c(value_hash, person_key, record_id)
       order by value_hash),
     edges_gone as (delete from resolution_edges
       where (record_a, record_b) in (select * from unnest($13::text[], $14::text[]))),
     edges_put as (
       insert into resolution_edges (record_a, record_b, kind, tier, weight, reason, related, refused_by)
       select a, b, kind, tier, weight, reason, string_to_array(related, ','), refused_by
         from unnest($15::text[], $16::text[], $17::text[], $18::smallint[], $19::float8[], $20::text[],
                     $21::text[], $22::text[]) as e(a, b, kind, tier, weight, reason, related, refused_by)
       on conflict (record_a, record_b) do update set kind = excluded.kind, tier = excluded.tier,
         weight = excluded.weight, reason = excluded.reason, related = excluded.related,
         refused_by = excluded.refused_by),
     placements_gone as (delete from resolution_placements where record_id = any($23::text[])),
     placements_put as (
       insert into resolution_placements (record_id, cluster_id, component_id)
       select * from unnest($24::text[], $25::text[], $26::text[])
       on conflict (record_id) do update set cluster_id = excluded.cluster_id,
         component_id = excluded.component_id),
     decisions_gone as (delete from resolution_decisions
       where (kind, record_a, record_b) in (select * from unnest($32::text[], $33::text[], $34::text[]))),
     decisions_put as (
       insert into resolution_decisions (kind, record_a, record_b, decided_by, reason)
       select * from unnest($27::text[], $28::text[], $29::text[], $30::text[], $31::text[])
       on conflict do nothing)
     select 1`,
    values: [
      w.records.remove,
      put.map((r) => r.id),
      ...keys(w.keys.remove),
      ...keys(w.keys.add),
      ...carriers(w.identifiers.remove),
      ...carriers(w.identifiers.add),
      w.edges.remove.map((e) => e.a),
      w.edges.remove.map((e) => e.b),
      edges.map((e) => e.a),
      edges.map((e) => e.b),
      edges.map((e) => e.kind),
      edges.map((e) => e.tier),
      edges.map((e) => e.weight),
      edges.map((e) => e.reason),
      // Relation kinds are slugs without commas.
      edges.map((e) => (e.related === undefined ? null : e.related.join(','))),
      edges.map((e) => e.refusedBy ?? null),
      w.placements.remove,
      placed.map((p) => p.record),
      placed.map((p) => p.cluster),
      placed.map((p) => p.component),
      ds.map((d) => d.kind),
      ds.map((d) => d.a),
      ds.map((d) => d.b),
      ds.map((d) => d.by ?? null),
      ds.map((d) => d.reason ?? null),
      revoked.map((d) => d.kind),
      revoked.map((d) => d.a),
      revoked.map((d) => d.b),
      // The records' forms as texts beside their ids (jsonTexts): inside one JSON document Postgres parsed
      // them whole before storing them; as text arrays pg escaped and Postgres unescaped each element.
      jsonTexts(put.map((r) => r.prepared)),
      jsonTexts(put.map((r) => r.overloaded)),
      jsonTexts(put.map((r) => r.source)),
    ],
  };
}
