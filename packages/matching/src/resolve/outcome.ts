import type { RelationKind } from '../evidence/deterministic.ts';
import { probabilityOf } from '../model/compiled.ts';

/** A pair a data steward should look at: the score sits between the thresholds, or a guard held a link back. */
export type ReviewPair = { a: string; b: string; probability: number; weight: number; reason: string };

/** Weaker evidence between two customers (a household, a shared landline): reported, never merged. */
export type Relationship = { kind: RelationKind; clusters: [string, string]; records: [string, string] };

export type PairNote = { a: string; b: string; weight: number; reason: string };
export type RelatedNote = { a: string; b: string; kinds: RelationKind[] };

function byPair(x: { a: string; b: string }, y: { a: string; b: string }): number {
  if (x.a !== y.a) return x.a < y.a ? -1 : 1;
  return x.b < y.b ? -1 : x.b > y.b ? 1 : 0;
}

/** Review pairs whose records did not end up in one cluster anyway, sorted by record ids. */
export function reviewPairsFrom(notes: Iterable<PairNote>, clusterOf: (id: string) => string | undefined): ReviewPair[] {
  const out: ReviewPair[] = [];
  for (const n of notes) {
    const ca = clusterOf(n.a);
    const cb = clusterOf(n.b);
    if (ca === undefined || cb === undefined || ca === cb) continue;
    out.push({ a: n.a, b: n.b, probability: probabilityOf(n.weight), weight: n.weight, reason: n.reason });
  }
  return out.sort(byPair);
}

/**
 * Review notes of a batch, compact: node indices (the smaller record id first), weight and a reason number.
 * Only pairs that did not end up in one cluster become ReviewPair objects, in record-id order.
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

  /** `rank`: each node's position in record-id order. */
  toReviewPairs(nodes: readonly { id: string }[], root: Int32Array, rank: Int32Array): ReviewPair[] {
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
    const fill = start.slice(0, n);
    const order = new Int32Array(kept);
    for (let k = 0; k < this.#n; k++) if (root[xs[k]!] !== root[ys[k]!]) order[fill[rank[xs[k]!]!]!++] = k;
    // Within a bucket, by the second record's rank; notes of one pair keep their order (k ascending).
    const bySecond = (p: number, q: number): number => rank[ys[p]!]! - rank[ys[q]!]! || p - q;
    for (let r = 0; r < n; r++) if (start[r + 1]! - start[r]! > 1) order.subarray(start[r]!, start[r + 1]!).sort(bySecond);

    const out: ReviewPair[] = new Array(kept);
    let last = -1;
    let m = 0;
    for (const k of order) {
      // A pair noted twice (scored for review, then refused by a guard) is reported once, first note first.
      if (last >= 0 && xs[last] === xs[k] && ys[last] === ys[k]) continue;
      last = k;
      const weight = this.#w[k]!;
      out[m++] = { a: nodes[xs[k]!]!.id, b: nodes[ys[k]!]!.id, probability: probabilityOf(weight), weight, reason: this.#reasons[this.#r[k]!]! };
    }
    out.length = m;
    return out;
  }
}

/** One relationship per pair of clusters and kind, named by the smallest record pair that shows it. */
export function relationshipsFrom(notes: Iterable<RelatedNote>, clusterOf: (id: string) => string | undefined): Relationship[] {
  const best = new Map<string, Relationship>();
  for (const n of notes) {
    const ca = clusterOf(n.a);
    const cb = clusterOf(n.b);
    if (ca === undefined || cb === undefined || ca === cb) continue;
    const [c1, c2, r1, r2] = ca < cb ? [ca, cb, n.a, n.b] : [cb, ca, n.b, n.a];
    for (const kind of n.kinds) {
      const key = `${kind}\u001f${c1}\u001f${c2}`;
      const cur = best.get(key);
      const cand: Relationship = { kind, clusters: [c1, c2], records: [r1, r2] };
      if (cur === undefined || byPair({ a: r1, b: r2 }, { a: cur.records[0], b: cur.records[1] }) < 0) best.set(key, cand);
    }
  }
  return [...best.values()].sort((x, y) => byPair({ a: x.clusters[0], b: x.clusters[1] }, { a: y.clusters[0], b: y.clusters[1] }) || (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0));
}
