import type { StoreWrite } from '@rapport/matching';
import { hash64, type Hash64 } from './key-hash.ts';

/**
 * One statement for the whole write (a data-modifying CTE per table and kind), so a batch's write is one
 * round trip. The engine never removes and adds the same row in one write, which a single statement
 * could not do (its parts see one snapshot). Keys and carriers go in hash order: thousands of random
 * index positions per batch are the write's largest cost, and in order neighbours share leaf pages.
 *
 * Every row set travels as one JSON document read by json_to_recordset (a list of ids by
 * json_array_elements_text): node-postgres escapes an array parameter element by element in JavaScript,
 * which for a batch's tens of thousands of key, carrier and edge rows cost more than the engine's own work
 * on them, where JSON.stringify is one native call. Fields have one-letter names to keep the documents short.
 */
export function writeStatement(w: StoreWrite, hash: Hash64 = hash64): { text: string; values: unknown[] } {
  const ordered = <D extends { a: string; b: string }>(d: D): D => (d.a < d.b ? d : { ...d, a: d.b, b: d.a });
  const keys = (rows: StoreWrite['keys']['add']) =>
    JSON.stringify(rows.map((r) => ({ h: hash(r.key), r: r.record })));
  const carriers = (rows: StoreWrite['identifiers']['add']) =>
    JSON.stringify(rows.map((r) => ({ h: hash(r.value), p: r.person, r: r.record })));
  const decisions = (rows: StoreWrite['decisions']) =>
    JSON.stringify(
      rows.map(ordered).map((d) => ({ k: d.kind, a: d.a, b: d.b, u: d.by ?? null, y: d.reason ?? null })),
    );
  return {
    text: `with
     records_gone as (delete from resolution_records
       where record_id in (select json_array_elements_text($1::json))),
     records_put as (
       insert into resolution_records (record_id, prepared, overloaded, source)
       select id, prepared, array(select json_array_elements_text(overloaded)), source::jsonb
         from json_to_recordset($2::json) as r(id text, prepared json, overloaded json, source json)
       on conflict (record_id) do update set prepared = excluded.prepared, overloaded = excluded.overloaded,
         source = coalesce(excluded.source, resolution_records.source)),
     keys_gone as (delete from resolution_block_keys
       where (key_hash, record_id) in (select h, r from json_to_recordset($3::json) as k(h bigint, r text))),
     keys_put as (insert into resolution_block_keys (key_hash, record_id)
       select h, r from json_to_recordset($4::json) as k(h bigint, r text) order by h),
     carriers_gone as (delete from resolution_identifiers
       where (value_hash, person_key, record_id) in
             (select h, p, r from json_to_recordset($5::json) as c(h bigint, p text, r text))),
     carriers_put as (insert into resolution_identifiers (value_hash, person_key, record_id)
       select h, p, r from json_to_recordset($6::json) as c(h bigint, p text, r text) order by h),
     edges_gone as (delete from resolution_edges
       where (record_a, record_b) in (select a, b from json_to_recordset($7::json) as e(a text, b text))),
     edges_put as (
       insert into resolution_edges (record_a, record_b, kind, tier, weight, reason, related, refused_by)
       select a, b, k, t, w, y, string_to_array(rel, ','), f
         from json_to_recordset($8::json)
              as e(a text, b text, k text, t smallint, w float8, y text, rel text, f text)
       on conflict (record_a, record_b) do update set kind = excluded.kind, tier = excluded.tier,
         weight = excluded.weight, reason = excluded.reason, related = excluded.related,
         refused_by = excluded.refused_by),
     placements_gone as (delete from resolution_placements
       where record_id in (select json_array_elements_text($9::json))),
     placements_put as (
       insert into resolution_placements (record_id, cluster_id, component_id)
       select r, c, m from json_to_recordset($10::json) as p(r text, c text, m text)
       on conflict (record_id) do update set cluster_id = excluded.cluster_id,
         component_id = excluded.component_id),
     decisions_gone as (delete from resolution_decisions
       where (kind, record_a, record_b) in
             (select k, a, b from json_to_recordset($12::json) as d(k text, a text, b text))),
     decisions_put as (
       insert into resolution_decisions (kind, record_a, record_b, decided_by, reason)
       select k, a, b, u, y from json_to_recordset($11::json) as d(k text, a text, b text, u text, y text)
       on conflict do nothing)
     select 1`,
    values: [
      JSON.stringify(w.records.remove),
      JSON.stringify(
        w.records.put.map((r) => ({
          id: r.id,
          prepared: r.prepared,
          overloaded: r.overloaded,
          source: r.source ?? null,
        })),
      ),
      keys(w.keys.remove),
      keys(w.keys.add),
      carriers(w.identifiers.remove),
      carriers(w.identifiers.add),
      JSON.stringify(w.edges.remove.map((e) => ({ a: e.a, b: e.b }))),
      JSON.stringify(
        w.edges.put.map((e) => ({
          a: e.a,
          b: e.b,
          k: e.kind,
          t: e.tier,
          // As text: JSON has no Infinity or NaN, and float8 reads JavaScript's shortest form back exactly.
          w: String(e.weight),
          y: e.reason,
          // Relation kinds are slugs without commas.
          rel: e.related === undefined ? null : e.related.join(','),
          f: e.refusedBy ?? null,
        })),
      ),
      JSON.stringify(w.placements.remove),
      JSON.stringify(w.placements.put.map((p) => ({ r: p.record, c: p.cluster, m: p.component }))),
      decisions(w.decisions),
      decisions(w.revokedDecisions),
    ],
  };
}
