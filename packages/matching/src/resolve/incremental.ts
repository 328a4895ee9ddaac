import type { PreparedRecord } from '../normalise/prepare.ts';
import { blockChanges } from './block-changes.ts';
import { clusterChanges, type ClusterChange } from './cluster-change.ts';
import type { StewardDecision } from './decisions.ts';
import type { Engine } from './engine.ts';
import { newVersions } from './new-versions.ts';
import { collapse, decisionKey, pairOf, type RecordChange } from './record-change.ts';
import { recluster } from './recluster.ts';
import { pairKey, rescore, stillCompared } from './rescore.ts';
import {
  emptyWrite,
  type Edge,
  type Placement,
  type RecordRow,
  type ResolutionStore,
  type StoreWrite,
} from './resolution-store.ts';
import { StoreReader } from './store-reader.ts';

export type IncrementalStats = {
  /** Records and decisions in the batch, after a record's later changes replaced its earlier ones. */
  records: number;
  decisions: number;
  /** Records whose edges were all recomputed: changed or re-prepared for the limit. */
  rescored: number;
  /** Pairs judged: the rescored records' candidate pairs and the pairs inside blocks that became candidates. */
  comparisons: number;
  /** Records in the re-clustered components, and how many components. */
  reclustered: number;
  components: number;
  /** Identifier values that crossed the per-identifier limit, and blocks that crossed their cap. */
  flippedValues: number;
  flippedBlocks: number;
  /**
   * Of the pairs inside those blocks whose records the batch did not change: those judged because their
   * block became a candidate block, and the stored edges dropped because no candidate block yields their
   * pair any more.
   */
  rejudgedPairs: number;
  droppedEdges: number;
  /** Links the clustering guards refused in the re-clustered components, by guard. */
  refusedByGuard: Record<string, number>;
  /** Calls to the store, the write included. */
  storeCalls: number;
};

export type ResolveResult = {
  changes: ClusterChange[];
  /**
   * The edges the batch scored (those of every rescored record that link, go to review or show a
   * relationship), with the guard that refused a link: what explains its changes.
   */
  edges: Edge[];
  /** The cluster of every record the batch upserted, and undefined for those it deleted. */
  clusterOf: Map<string, string | undefined>;
  /** Records whose edges the batch recomputed whole: their stored edges afterwards are those of `edges` naming them. */
  rescored: ReadonlySet<string>;
  /** The cluster, after the batch, of both ends of every edge in `edges`. */
  edgeClusters: Map<string, string>;
  stats: IncrementalStats;
};

/**
 * Resolve one batch of changes against the state in `store` and write the new state back in one call.
 * Only what the batch can affect is read and recomputed: the changed records' candidate pairs (with
 * every carrier of an identifier crossing its limit), the pairs inside a block crossing its cap, then the whole
 * components around every record whose edges changed. Clustering a component is a function of its records,
 * edges and decisions alone, so the state after any sequence of batches is the batch result over the same
 * set of records and decisions, whatever their order and split. Term frequencies come from the model, so
 * no record changes another's score: only block sizes and people per identifier are live global figures.
 *
 * Store calls per batch, whatever its size: records, identifier counts, blocks, candidate records, edges,
 * decisions, components, the region's records, edges and decisions, and the write (11); two more when an
 * identifier crosses its limit and two more when a block crosses its cap. Nothing is mutated but the store.
 */
export async function resolveChanges(
  engine: Engine,
  store: ResolutionStore,
  changes: readonly RecordChange[],
): Promise<ResolveResult> {
  const { result, write } = await planChanges(engine, store, changes);
  await store.write(write);
  return result;
}

/** A batch resolved and not yet stored: its result, and the one write that stores it. */
export type PlannedChanges = { result: ResolveResult; write: StoreWrite };

/**
 * resolveChanges without its last step, the write, which the caller makes (`store.write(write)`) before
 * anything else reads the store. A service whose store runs statements in order can send the write and
 * work out what follows from the result (its events, its read models) while the database writes.
 */
export async function planChanges(
  engine: Engine,
  store: ResolutionStore,
  changes: readonly RecordChange[],
): Promise<PlannedChanges> {
  const reader = new StoreReader(store);
  const batch = collapse(changes);
  const decided = [...batch.decisions.flatMap((d) => [d.a, d.b]), ...batch.revoked.flat()];
  await reader.load([...batch.records.keys(), ...decided]);

  const { versions, sameForm, carriers, flippedValues } = await newVersions(engine, reader, batch);
  const blocks = await blockChanges(engine, reader, versions);
  const scored = await rescore(engine, reader, versions, blocks);
  const deleted = new Set([...versions.values()].filter((v) => v.effective === undefined).map((v) => v.id));
  const replaced = new Set([...scored.rescored, ...deleted]);
  const asked = new Set([...scored.rescored, ...decided]);
  // Independent reads are asked together, so a store that can overlap them may. Records new to the store
  // have no edges yet: on a first load the edge call is not made at all.
  const flipped = blocks.flippedMembers;
  const [edgesNear, own] = await Promise.all([
    reader.edges([...replaced, ...flipped].filter((id) => reader.stored.has(id))),
    reader.decisions(asked),
  ]);
  // The stored edges the batch replaces: those of rescored and deleted records, of pairs judged again, and
  // of pairs of unchanged records that no candidate block yields any more. The other edges near flipped
  // blocks stand.
  const oldEdges = edgesNear.filter(
    (e) =>
      replaced.has(e.a) ||
      replaced.has(e.b) ||
      scored.rejudged.has(pairKey(e.a, e.b)) ||
      (flipped.has(e.a) && flipped.has(e.b) && !stillCompared(blocks, e.a, e.b)),
  );
  const owned = new Set(oldEdges.map((e) => pairKey(e.a, e.b)));
  const droppedEdges = oldEdges.filter(
    (e) => !replaced.has(e.a) && !replaced.has(e.b) && !scored.rejudged.has(pairKey(e.a, e.b)),
  ).length;

  // Who the batch can reach: the rescored and deleted records, the ends of the links it replaces and
  // makes, the records named by new decisions and those their own "together" decisions tie them to.
  const reach = new Set([...replaced, ...decided]);
  for (const e of [...oldEdges, ...scored.edges.values()]) if (e.kind === 'link') reach.add(e.a).add(e.b);
  for (const d of own) if (d.kind === 'together') reach.add(d.a).add(d.b);

  // The region: whole components before the batch around everything it reaches, plus new records.
  const before = await reader.components(reach);
  const region = new Set<string>();
  for (const p of before) if (!deleted.has(p.record)) region.add(p.record);
  for (const id of scored.rescored) region.add(id);
  const [, stored, rest] = await Promise.all([
    reader.load(region),
    reader.edges(
      [...region].filter((id) => !replaced.has(id)),
      true,
    ),
    reader.decisions([...region].filter((id) => !asked.has(id))),
  ]);

  const links: Edge[] = [];
  const kept = new Map<string, Edge>();
  for (const e of stored) {
    const key = pairKey(e.a, e.b);
    if (replaced.has(e.a) || replaced.has(e.b) || owned.has(key) || scored.edges.has(key)) continue;
    kept.set(key, e);
    links.push(e);
  }
  for (const e of scored.edges.values()) if (e.kind === 'link') links.push(e);
  // A revoked pair's stored decisions are named by `own` (its records are among those decided); the
  // batch's own decisions on the pair come after the revocation and stand.
  const revokedPairs = new Set(batch.revoked.map(([a, b]) => pairOf({ a, b })));
  const added = new Set(batch.decisions.map(decisionKey));
  const withdrawn = own.filter((d) => revokedPairs.has(pairOf(d)) && !added.has(decisionKey(d)));
  const gone = new Set(withdrawn.map(decisionKey));
  const decisions = uniqueDecisions([...own, ...rest, ...batch.decisions]).filter(
    (d) => !gone.has(decisionKey(d)),
  );
  const preparedOf = (id: string): PreparedRecord => versions.get(id)?.effective ?? reader.effective(id);
  const clustered = recluster(engine, [...region], preparedOf, links, decisions);

  const write = emptyWrite();
  write.keys = blocks.keyRows;
  write.identifiers = carriers;
  write.decisions = batch.decisions;
  write.revokedDecisions = uniqueDecisions(withdrawn);
  write.records.put = sameForm;
  for (const v of versions.values()) {
    if (v.base === undefined) write.records.remove.push(v.id);
    else write.records.put.push(recordRow(v.id, v.source, v.base, v.overloaded));
  }
  diffEdges(write, oldEdges, scored.edges, kept, clustered.refused);
  const placedBefore = new Map(before.map((p) => [p.record, p]));
  for (const [id, p] of clustered.placements) {
    const was = placedBefore.get(id);
    if (was === undefined || was.cluster !== p.cluster || was.component !== p.component)
      write.placements.put.push(p);
  }
  for (const id of deleted) write.placements.remove.push(id);
  // The write the caller makes counts among the store calls.
  reader.calls++;

  const clusterOf = new Map<string, string | undefined>();
  for (const [id, record] of batch.records) {
    if (record === null) clusterOf.set(id, undefined);
    else clusterOf.set(id, clustered.placements.get(id)?.cluster ?? reader.stored.get(id)?.cluster);
  }
  const edges = [...scored.edges].map(([key, e]) =>
    e.kind === 'link' ? { ...e, refusedBy: clustered.refused.get(key) } : e,
  );
  // Both ends were read to be compared: a record re-clustered here has its new placement, any other its stored one.
  const edgeClusters = new Map<string, string>();
  for (const e of edges)
    for (const id of [e.a, e.b]) {
      const cluster = clustered.placements.get(id)?.cluster ?? reader.stored.get(id)?.cluster;
      if (cluster !== undefined) edgeClusters.set(id, cluster);
    }
  const result: ResolveResult = {
    changes: clusterChanges(membersByCluster(before), membersByCluster(clustered.placements.values())),
    edges,
    clusterOf,
    rescored: scored.rescored,
    edgeClusters,
    stats: {
      records: batch.records.size,
      decisions: batch.decisions.length + batch.revoked.length,
      rescored: scored.rescored.size,
      comparisons: scored.comparisons,
      reclustered: region.size,
      components: clustered.components,
      flippedValues,
      flippedBlocks: blocks.flippedBlocks,
      rejudgedPairs: scored.rejudged.size,
      droppedEdges,
      refusedByGuard: clustered.refusedByGuard,
      storeCalls: reader.calls,
    },
  };
  return { result, write };
}

function recordRow(
  id: string,
  source: RecordRow['source'] | undefined,
  prepared: PreparedRecord,
  overloaded: readonly string[],
): RecordRow {
  return source === undefined ? { id, prepared, overloaded } : { id, source, prepared, overloaded };
}

const sameEdge = (x: Edge, y: Edge): boolean =>
  x.kind === y.kind &&
  x.tier === y.tier &&
  x.weight === y.weight &&
  x.reason === y.reason &&
  x.refusedBy === y.refusedBy &&
  (x.related ?? []).join() === (y.related ?? []).join();

/**
 * Edge writes: the replaced records' old edges go unless rescored to the same, new ones come with their
 * refusal, and kept links whose refusal changed are rewritten.
 */
function diffEdges(
  write: StoreWrite,
  oldEdges: readonly Edge[],
  fresh: ReadonlyMap<string, Edge>,
  kept: ReadonlyMap<string, Edge>,
  refused: ReadonlyMap<string, string>,
): void {
  const old = new Map(oldEdges.map((e) => [pairKey(e.a, e.b), e]));
  for (const [key, e] of old) if (!fresh.has(key)) write.edges.remove.push({ a: e.a, b: e.b });
  for (const [key, e] of fresh) {
    const next = e.kind === 'link' ? { ...e, refusedBy: refused.get(key) } : e;
    const was = old.get(key);
    if (was === undefined || !sameEdge(was, next)) write.edges.put.push(next);
  }
  for (const [key, e] of kept) {
    const refusedBy = refused.get(key);
    if (refusedBy !== e.refusedBy) write.edges.put.push({ ...e, refusedBy });
  }
}

function uniqueDecisions(decisions: readonly StewardDecision[]): StewardDecision[] {
  const seen = new Map<string, StewardDecision>();
  for (const d of decisions) if (!seen.has(decisionKey(d))) seen.set(decisionKey(d), d);
  return [...seen.values()];
}

function membersByCluster(placements: Iterable<Placement>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of placements) {
    const list = out.get(p.cluster);
    if (list === undefined) out.set(p.cluster, [p.record]);
    else list.push(p.record);
  }
  return out;
}
