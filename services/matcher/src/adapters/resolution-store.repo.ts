import type { PersonRecord } from '@rapport/contracts';
import type { PoolClient } from '@rapport/db';
import type {
  Block,
  Edge,
  IdentifierUse,
  Placement,
  RelationKind,
  ResolutionStore,
  StewardDecision,
  StoredRecord,
  StoreWrite,
} from '@rapport/matching';
import { hashed, numberArray, rememberedHash64 } from './key-hash.ts';
import { PreparedCache } from './prepared-cache.ts';
import { writeStatement } from './resolution-write.ts';

// A store without a cache: every read sends and parses the forms.
const NO_CACHE = new PreparedCache(0);

/**
 * How a store keeps concurrent resolutions apart. `exclusive` (the default): the first call takes a
 * transaction-level advisory lock, so resolution transactions run one at a time whatever they touch and
 * every read sees the state the previous batch committed. Finer locks (per block key, identifier and
 * component) would need each batch to lock what it reads before reading it, re-read what moved meanwhile
 * and retry on deadlock; on two cores, batches taking turns cost no throughput. `none`: the caller
 * guarantees one writer (or takes its own lock).
 */
export type ResolutionLock = 'exclusive' | 'none';

/**
 * A stored pair a steward may decide, on `resolution_edges` aliased `e`: scored for review, or a link a
 * clustering guard refused (the predicate of the partial index resolution_edges_reviewable).
 */
export const REVIEWABLE = `(e.kind = 'review' or e.refused_by is not null)`;

// Advisory lock keys: the two-int form. The class is @rapport/db's ("RAPP"), the object this store's.
const LOCK_CLASS = 0x5241_5050;
const LOCK_RESOLUTION = 0x7265_736f; // "reso"

// A batch's statements sort and buffer tens of thousands of rows (its block keys, its records as one JSON
// document): under Postgres's default 4 MB of work_mem they spilled to temporary files (an external merge
// sort of the key rows, the records' tuplestore), read back within the same statement.
const RESOLUTION_WORK_MEM = '64MB';

/**
 * Takes the exclusive resolution lock until the transaction ends (what `lock: 'exclusive'` does first),
 * and sets, for the rest of the transaction and in the same round trip, the work_mem above and generic
 * plans for named statements (statementName below): left to choose, Postgres planned the write and the
 * edge read afresh on nine calls in ten, since an empty array makes a custom plan look cheaper than the
 * generic one, which is the same index probes.
 */
export async function takeResolutionLock(client: PoolClient): Promise<void> {
  await client.query(
    `select set_config('work_mem', $3, true), set_config('plan_cache_mode', 'force_generic_plan', true),
            pg_advisory_xact_lock($1, $2)`,
    [LOCK_CLASS, LOCK_RESOLUTION, RESOLUTION_WORK_MEM],
  );
}

const names = new Map<string, string>();

/**
 * The store's statements are named, so each connection parses and plans them once: a batch sends about ten,
 * and planning them (the write alone is fifteen statements in one) took ~5 ms per transaction, a tenth of
 * Postgres's time in the small transactions of a live stream. Their parameters are arrays, whose length
 * the plans do not depend on (index probes per element), so the generic plan is the custom one.
 */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) names.set(text, (name = `resolution-store-${names.size + 1}`));
  return name;
}

/** Rows grouped into lists by a column, in row order. */
function grouped<R>(
  rows: readonly R[],
  key: (r: R) => string,
  value: (r: R) => string,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list === undefined) out.set(key(r), [value(r)]);
    else list.push(value(r));
  }
  return out;
}

type EdgeRow = {
  record_a: string;
  record_b: string;
  kind: Edge['kind'];
  tier: number;
  weight: number;
  reason: string;
  related: RelationKind[] | null;
  refused_by: string | null;
};

const edgeOf = (r: EdgeRow): Edge => ({
  a: r.record_a,
  b: r.record_b,
  kind: r.kind,
  tier: r.tier,
  weight: r.weight,
  reason: r.reason,
  related: r.related ?? undefined,
  refusedBy: r.refused_by ?? undefined,
});

/**
 * The ResolutionStore on the matcher's tables (migrations/001_resolution_store.sql), on a client inside a
 * transaction the caller opened: make one store per transaction. Every method is one set-based statement
 * (arrays in, `= any`, `unnest`, `on conflict`), the write included (resolution-write.ts).
 */
export class PostgresResolutionStore implements ResolutionStore {
  readonly #client: PoolClient;
  readonly #lock: ResolutionLock;
  #locked = false;
  readonly #hash = rememberedHash64();
  readonly #cache: PreparedCache;
  /** The last statement sent: a connection runs one at a time, so overlapping reads wait their turn here. */
  #turn: Promise<unknown> = Promise.resolve();

  /**
   * `cache`: prepared forms kept across transactions (PreparedCache), so a record read before is not
   * sent and parsed again; none by default.
   */
  constructor(client: PoolClient, options: { lock?: ResolutionLock; cache?: PreparedCache } = {}) {
    this.#client = client;
    this.#lock = options.lock ?? 'exclusive';
    this.#cache = options.cache ?? NO_CACHE;
  }

  #query<R extends object>(text: string, values: unknown[]): Promise<R[]> {
    const run = this.#turn.then(async () => {
      if (this.#lock === 'exclusive' && !this.#locked) {
        await takeResolutionLock(this.#client);
        this.#locked = true;
      }
      return (await this.#client.query<R>({ name: statementName(text), text, values })).rows;
    });
    this.#turn = run.catch(() => {});
    return run;
  }

  async records(ids: readonly string[]): Promise<Map<string, StoredRecord>> {
    // The forms held now, with their versions: the read answers null for a row still at that version.
    const held = ids.map((id) => this.#cache.get(id));
    const rows = await this.#query<{
      record_id: string;
      version: string;
      prepared: StoredRecord['prepared'] | null;
      overloaded: string[];
      cluster_id: string;
      component_id: string;
      i: number;
    }>(
      `select k.id as record_id, v.version, case when v.version = k.version then null else r.prepared end as prepared,
              r.overloaded, p.cluster_id, p.component_id, k.i::int as i
         from unnest($1::text[], $2::text[]) with ordinality as k(id, version, i)
         join resolution_records r on r.record_id = k.id
         join resolution_placements p on p.record_id = k.id
         cross join lateral (select r.xmin::text || r.ctid::text as version) v`,
      [ids, held.map((h) => h?.version ?? '')],
    );
    return new Map(
      rows.map((r) => {
        const prepared = r.prepared ?? held[r.i - 1]!.prepared;
        this.#cache.put(r.record_id, r.version, prepared);
        return [
          r.record_id,
          {
            id: r.record_id,
            prepared,
            overloaded: r.overloaded,
            cluster: r.cluster_id,
            component: r.component_id,
          },
        ];
      }),
    );
  }

  async blocks(keys: ReadonlyMap<string, number>): Promise<Map<string, Block>> {
    const asked = [...keys];
    // Up to one member past each key's number, from the primary key: a block over its cap is never read
    // whole (the all-pairs block holds every record, and every batch asks about it). One JSON array of
    // member lists in the order asked, not a row per member: a batch reads tens of thousands of members,
    // and parsing rows one by one in node-postgres cost more than the probe itself; nor an object keyed by
    // hash, whose 16,000 long numeric keys were a tenth of the matcher's time in this method. Hashes are
    // numbers: their array literal needs no quoting. Keys probed in hash order: neighbours share index pages
    // (a third less time than in the batch's random order).
    const [row] = await this.#query<{ members: string[][] }>(
      `select coalesce(json_agg(array(select record_id from resolution_block_keys b
                                       where b.key_hash = k.key_hash limit k.at_most + 1) order by k.i),
                       '[]') as members
         from (select * from unnest($1::bigint[], $2::int[]) with ordinality as k(key_hash, at_most, i)
                order by key_hash) k`,
      [numberArray(asked.map(([key]) => this.#hash(key))), numberArray(asked.map(([, atMost]) => atMost))],
    );
    const out = new Map<string, Block>();
    asked.forEach(([key, atMost], i) => {
      const list = row!.members[i]!;
      out.set(key, { size: list.length, members: list.length <= atMost ? list : undefined });
    });
    return out;
  }

  async identifiers(
    people: ReadonlyMap<string, readonly string[]>,
    atMost: number,
  ): Promise<Map<string, IdentifierUse>> {
    const { hashes, valueOf } = hashed(people.keys(), this.#hash);
    const pairHashes: string[] = [];
    const pairPeople: string[] = [];
    for (const h of hashes)
      for (const who of people.get(valueOf.get(h)!)!) {
        pairHashes.push(h);
        pairPeople.push(who);
      }
    // People per value from the primary key's order (distinct person keys, stopping past atMost), and
    // records per asked (value, person) pair, probed in key order (neighbours share index pages).
    const rows = await this.#query<{ value_hash: string; person_key: string | null; n: string }>(
      `select v.value_hash, null as person_key,
              (select count(*) from (select distinct person_key from resolution_identifiers i
                                      where i.value_hash = v.value_hash and i.person_key <> ''
                                      limit $2::int + 1) d) as n
         from (select * from unnest($1::bigint[]) as v(value_hash) order by value_hash) v
       union all
       select q.value_hash, q.person_key,
              (select count(*) from resolution_identifiers i
                where i.value_hash = q.value_hash and i.person_key = q.person_key) as n
         from (select * from unnest($3::bigint[], $4::text[]) as q(value_hash, person_key)
               order by value_hash, person_key) q`,
      [numberArray(hashes), atMost, numberArray(pairHashes), pairPeople],
    );
    const out = new Map<string, { people: number; recordsOf: Map<string, number> }>();
    for (const h of hashes) out.set(valueOf.get(h)!, { people: 0, recordsOf: new Map() });
    for (const r of rows) {
      const use = out.get(valueOf.get(r.value_hash)!)!;
      if (r.person_key === null) use.people = Number(r.n);
      else use.recordsOf.set(r.person_key, Number(r.n));
    }
    return out;
  }

  async carriers(values: readonly string[]): Promise<Map<string, string[]>> {
    const { hashes, valueOf } = hashed(values, this.#hash);
    const rows = await this.#query<{ value_hash: string; record_id: string }>(
      'select value_hash, record_id from resolution_identifiers where value_hash = any($1::bigint[])',
      [numberArray(hashes)],
    );
    const out = new Map<string, string[]>(values.map((v) => [v, []]));
    for (const r of rows) out.get(valueOf.get(r.value_hash)!)!.push(r.record_id);
    return out;
  }

  async edges(ids: readonly string[], linksOnly = false): Promise<Edge[]> {
    const rows = await this.#query<EdgeRow>(
      `select * from resolution_edges
        where (record_a = any($1::text[]) or record_b = any($1::text[])) and (not $2 or kind = 'link')`,
      [ids, linksOnly],
    );
    return rows.map(edgeOf);
  }

  async decisions(ids: readonly string[]): Promise<StewardDecision[]> {
    const rows = await this.#query<{
      kind: StewardDecision['kind'];
      record_a: string;
      record_b: string;
      decided_by: string | null;
      reason: string | null;
    }>(
      `select kind, record_a, record_b, decided_by, reason from resolution_decisions
        where record_a = any($1::text[]) or record_b = any($1::text[])`,
      [ids],
    );
    return rows.map((r) => ({
      kind: r.kind,
      a: r.record_a,
      b: r.record_b,
      ...(r.decided_by !== null && { by: r.decided_by }),
      ...(r.reason !== null && { reason: r.reason }),
    }));
  }

  async components(ids: readonly string[]): Promise<Placement[]> {
    const rows = await this.#query<{ record_id: string; cluster_id: string; component_id: string }>(
      `select record_id, cluster_id, component_id from resolution_placements
        where component_id in (select component_id from resolution_placements where record_id = any($1::text[]))`,
      [ids],
    );
    return rows.map((r) => ({ record: r.record_id, cluster: r.cluster_id, component: r.component_id }));
  }

  async clusters(ids: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await this.#query<{ cluster_id: string; record_id: string }>(
      `select cluster_id, record_id from resolution_placements where cluster_id = any($1::text[])
        order by record_id`,
      [ids],
    );
    return grouped(
      rows,
      (r) => r.cluster_id,
      (r) => r.record_id,
    );
  }

  /** The source records as last stored (for golden records and explanations; not part of the port). */
  async sources(ids: readonly string[]): Promise<Map<string, PersonRecord>> {
    const rows = await this.#query<{ record_id: string; source: PersonRecord }>(
      'select record_id, source from resolution_records where record_id = any($1::text[]) and source is not null',
      [ids],
    );
    return new Map(rows.map((r) => [r.record_id, r.source]));
  }

  async write(w: StoreWrite): Promise<void> {
    const { text, values } = writeStatement(w, this.#hash);
    await this.#query(text, values);
  }
}
