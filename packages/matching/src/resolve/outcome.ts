import type { RelationKind } from '../evidence/deterministic.ts';
import type { Edge } from './resolution-store.ts';
import { probabilityOf } from '../model/compiled.ts';

/** A pair a data steward should look at: the score sits between the thresholds, or a guard held a link back. */
export type ReviewPair = { a: string; b: string; probability: number; weight: number; reason: string };

/** Weaker evidence between two customers (a household, a shared landline): reported, never merged. */
export type Relationship = { kind: RelationKind; clusters: [string, string]; records: [string, string] };

/** A related note on node indices (the smaller record id first). */
export type RelatedNodes = { x: number; y: number; kinds: readonly RelationKind[] };

/**
 * Review notes, compact: node indices (the smaller record id first), weight and a reason number.
 * Only pairs that did not end up in one cluster become ReviewPair objects, one per pair of clusters, in
 * record-id order.
 */
export class ReviewNotes {
  #x = new Int32Array(1024);
  #y = new Int32Array(1024);
  #w = new Float64Array(1024);
  #r = new Uint32Array(1024);
  #n = 0;
  readonly #reasons: string[] = [];
  readonly #reasonIndex = new Map<string, number>();

  add(x: number, y: number, weight: number, reason: string): void {
    if (this.#n === this.#x.length) {
      const grow = <T extends Int32Array | Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.#x = grow(this.#x, (n) => new Int32Array(n));
      this.#y = grow(this.#y, (n) => new Int32Array(n));
      this.#w = grow(this.#w, (n) => new Float64Array(n));
      this.#r = grow(this.#r, (n) => new Uint32Array(n));
    }
    let r = this.#reasonIndex.get(reason);
    if (r === undefined) {
      r = this.#reasons.length;
      this.#reasons.push(reason);
      this.#reasonIndex.set(reason, r);
    }
    const k = this.#n++;
    this.#x[k] = x;
    this.#y[k] = y;
    this.#w[k] = weight;
    this.#r[k] = r;
  }

  /** `ids`: each node's record id; `rank`: each node's position in record-id order; `order`: the node at each position. */
  toReviewPairs(ids: readonly string[], root: Int32Array, rank: Int32Array, order: Int32Array): ReviewPair[] {
    const xs = this.#x;
    const ys = this.#y;
    // Notes bucketed by their first record's rank (a counting sort: linear, where a comparison sort of
    // millions of notes was the slowest step after clustering), then each small bucket put in order.
    const n = rank.length;
    const start = new Int32Array(n + 1);
    let kept = 0;
    for (let k = 0; k < this.#n; k++) {
      if (root[xs[k]!] === root[ys[k]!]) continue;
      start[rank[xs[k]!]! + 1]!++;
      kept++;
    }
    for (let r = 0; r < n; r++) start[r + 1]! += start[r]!;
    // Each kept note goes once to its place in bucket order, with its second record's rank beside it, so
    // sorting the buckets and writing the output read memory in order rather than all over the notes.
    const fill = start.slice(0, n);
    const note = new Int32Array(kept);
    const second = new Int32Array(kept);
    for (let k = 0; k < this.#n; k++) {
      if (root[xs[k]!] === root[ys[k]!]) continue;
      const p = fill[rank[xs[k]!]!]!++;
      note[p] = k;
      second[p] = rank[ys[k]!]!;
    }
    // Within a bucket, by the second record's rank; notes of one pair keep their order (k ascending): an
    // insertion sort, stable, for the small buckets nearly every record has.
    for (let r = 0; r < n; r++) {
      if (start[r + 1]! - start[r]! > 64) {
        sortBucket(note, second, start[r]!, start[r + 1]!);
        continue;
      }
      for (let p = start[r]! + 1; p < start[r + 1]!; p++) {
        const k = note[p]!;
        const s = second[p]!;
        let q = p;
        for (; q > start[r]! && second[q - 1]! > s; q--) {
          note[q] = note[q - 1]!;
          second[q] = second[q - 1]!;
        }
        note[q] = k;
        second[q] = s;
      }
    }

    // One review per pair of customers: a steward's ruling on two records settles their clusters (an
    // "apart" keeps every member of one from every member of the other), so the clusters' strongest pair
    // stands for them, the first in record order among equals.
    const best = new Map<number, number>();
    for (let r = 0; r < n; r++) {
      for (let p = start[r]!; p < start[r + 1]!; p++) {
        const k = note[p]!;
        const cx = root[xs[k]!]!;
        const cy = root[ys[k]!]!;
        const pair = cx < cy ? cx * n + cy : cy * n + cx;
        const at = best.get(pair);
        if (at === undefined || this.#w[k]! > this.#w[note[at]!]!) best.set(pair, p);
      }
    }
    const out: ReviewPair[] = new Array(best.size);
    let m = 0;
    for (let r = 0; r < n; r++) {
      for (let p = start[r]!; p < start[r + 1]!; p++) {
        const k = note[p]!;
        const cx = root[xs[k]!]!;
        const cy = root[ys[k]!]!;
        if (best.get(cx < cy ? cx * n + cy : cy * n + cx) !== p) continue;
        const weight = this.#w[k]!;
        out[m++] = {
          a: ids[order[r]!]!,
          b: ids[order[second[p]!]!]!,
          probability: probabilityOf(weight),
          weight,
          reason: this.#reasons[this.#r[k]!]!,
        };
      }
    }
    out.length = m;
    return out;
  }
}

/** A large bucket by (second rank, note): the same order as the stable insertion sort, as notes ascend. */
function sortBucket(note: Int32Array, second: Int32Array, from: number, to: number): void {
  const at = Array.from({ length: to - from }, (_, t) => from + t).sort(
    (p, q) => second[p]! - second[q]! || note[p]! - note[q]!,
  );
  const notes = at.map((p) => note[p]!);
  const seconds = at.map((p) => second[p]!);
  note.set(notes, from);
  second.set(seconds, from);
}

/**
 * One relationship per pair of clusters and kind, named by the smallest record pair that shows it, in
 * cluster order. On node indices: a million records give hundreds of thousands of notes, and looking up
 * cluster names by record id and keying a map by name strings cost seconds. A cluster is named after its
 * smallest record id, so clusters compare as the ranks of their first members (`first`).
 */
export function relationshipsBetween(
  notes: readonly RelatedNodes[],
  ids: readonly string[],
  batch: { root: Int32Array; first: Int32Array; rank: Int32Array; names: readonly (string | undefined)[] },
): Relationship[] {
  const { root, first, rank, names } = batch;
  const c1: number[] = [];
  const c2: number[] = [];
  const r1: number[] = [];
  const r2: number[] = [];
  const kind: RelationKind[] = [];
  for (const n of notes) {
    const rx = root[n.x]!;
    const ry = root[n.y]!;
    if (rx === ry) continue;
    const xFirst = rank[first[rx]!]! < rank[first[ry]!]!;
    for (const k of n.kinds) {
      c1.push(xFirst ? rx : ry);
      c2.push(xFirst ? ry : rx);
      r1.push(xFirst ? n.x : n.y);
      r2.push(xFirst ? n.y : n.x);
      kind.push(k);
    }
  }
  const clusterRank = (c: number): number => rank[first[c]!]!;
  const order = Array.from(kind, (_, e) => e).sort(
    (e, f) =>
      clusterRank(c1[e]!) - clusterRank(c1[f]!) ||
      clusterRank(c2[e]!) - clusterRank(c2[f]!) ||
      (kind[e]! < kind[f]! ? -1 : kind[e]! > kind[f]! ? 1 : 0) ||
      rank[r1[e]!]! - rank[r1[f]!]! ||
      rank[r2[e]!]! - rank[r2[f]!]!,
  );
  // The first entry of each (clusters, kind) group holds its smallest record pair.
  const out: Relationship[] = [];
  let last = -1;
  for (const e of order) {
    if (last >= 0 && c1[e] === c1[last] && c2[e] === c2[last] && kind[e] === kind[last]) continue;
    last = e;
    out.push({
      kind: kind[e]!,
      clusters: [names[c1[e]!]!, names[c2[e]!]!],
      records: [ids[r1[e]!]!, ids[r2[e]!]!],
    });
  }
  return out;
}

/**
 * The outcome of stored state in the batch's shape (assignments in record-id order, review pairs,
 * relationships), through the same assembly as the batch: review edges and refused links between
 * clusters become review pairs, related edges between clusters become relationships.
 */
export function outcomeOf(
  placements: Iterable<{ record: string; cluster: string }>,
  edges: Iterable<Edge>,
): { assignments: Map<string, string>; reviewPairs: ReviewPair[]; related: Relationship[] } {
  const clusterOf = new Map<string, string>();
  for (const p of placements) clusterOf.set(p.record, p.cluster);
  const ids = [...clusterOf.keys()].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  // Records are in id order, so each cluster's first record is its smallest: the root and the name's source.
  const firstOf = new Map<string, number>();
  const root = new Int32Array(n);
  const names: (string | undefined)[] = new Array(n);
  const assignments = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const cluster = clusterOf.get(ids[i]!)!;
    let r = firstOf.get(cluster);
    if (r === undefined) {
      firstOf.set(cluster, (r = i));
      names[i] = cluster;
    }
    root[i] = r;
    assignments.set(ids[i]!, cluster);
  }
  const reviews = new ReviewNotes();
  const related: RelatedNodes[] = [];
  for (const e of edges) {
    const x = index.get(e.a);
    const y = index.get(e.b);
    if (x === undefined || y === undefined) continue;
    if (e.kind === 'review') reviews.add(x, y, e.weight, e.reason);
    else if (e.kind === 'link' && e.refusedBy !== undefined)
      reviews.add(x, y, e.weight, `${e.reason}+guard:${e.refusedBy}`);
    if (e.related !== undefined) related.push({ x, y, kinds: e.related });
  }
  return {
    assignments,
    reviewPairs: reviews.toReviewPairs(ids, root, identity, identity),
    related: relationshipsBetween(related, ids, { root, first: identity, rank: identity, names }),
  };
}
