import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReviewNotes } from './outcome.ts';

/**
 * Review notes sorted the plain way: by the ranks of both records, then by when they were noted; one per
 * pair of clusters, its heaviest note (the first in that order among equals).
 */
function reference(
  notes: { x: number; y: number; weight: number; reason: string }[],
  ids: string[],
  root: number[],
  rank: number[],
) {
  const kept = notes.map((n, k) => ({ ...n, k })).filter((n) => root[n.x] !== root[n.y]);
  kept.sort((p, q) => rank[p.x]! - rank[q.x]! || rank[p.y]! - rank[q.y]! || p.k - q.k);
  const best = new Map<string, (typeof kept)[number]>();
  for (const n of kept) {
    const pair = [root[n.x]!, root[n.y]!].sort((p, q) => p - q).join('|');
    const held = best.get(pair);
    if (held === undefined || n.weight > held.weight) best.set(pair, n);
  }
  const chosen = new Set(best.values());
  return kept
    .filter((n) => chosen.has(n))
    .map((n) => ({ a: ids[n.x]!, b: ids[n.y]!, weight: n.weight, reason: n.reason }));
}

describe('ReviewNotes.toReviewPairs', () => {
  it('lists one review per pair of clusters (its heaviest pair), in record-id order, leaving out pairs that ended in one cluster', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        // Few records and many notes, so one record's bucket sometimes holds more than the insertion-sort limit.
        fc.array(
          fc.record({
            x: fc.nat(),
            y: fc.nat(),
            weight: fc.integer({ min: -20, max: 20 }),
            reason: fc.constantFrom('r1', 'r2', 'r3'),
          }),
          { maxLength: 1000, size: 'max' },
        ),
        fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
        fc.array(fc.nat({ max: 3 }), { minLength: 12, maxLength: 12 }),
        (n, raw, shuffle, clusterOf) => {
          // Node i's id rank is a permutation drawn from `shuffle`; root groups a few nodes together.
          const order = Array.from({ length: n }, (_, i) => i).sort(
            (p, q) => shuffle[p]! - shuffle[q]! || p - q,
          );
          const rank = new Array<number>(n);
          order.forEach((node, r) => (rank[node] = r));
          const ids = Array.from({ length: n }, (_, i) => `id${String(rank[i]).padStart(2, '0')}`);
          // Roots: node 0's cluster, node 1's, or the node alone, so clusters of several nodes meet often.
          const root = Array.from({ length: n }, (_, i) => (clusterOf[i]! <= 1 ? clusterOf[i]! % n : i));
          const notes = raw
            .map((r) => ({ ...r, x: r.x % n, y: r.y % n }))
            .filter((r) => r.x !== r.y)
            .map((r) => (rank[r.x]! < rank[r.y]! ? r : { ...r, x: r.y, y: r.x }));
          const book = new ReviewNotes();
          for (const note of notes) book.add(note.x, note.y, note.weight, note.reason);
          const got = book.toReviewPairs(
            ids,
            Int32Array.from(root),
            Int32Array.from(rank),
            Int32Array.from(order),
          );
          expect(got.map(({ a, b, weight, reason }) => ({ a, b, weight, reason }))).toEqual(
            reference(notes, ids, root, rank),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
