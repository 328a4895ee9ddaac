import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkPositions, networkScore, type InfluenceEdge } from './network.ts';

const edge = (
  from: string,
  to: string,
  weight = 1,
  kind: InfluenceEdge['kind'] = 'mention',
): InfluenceEdge => ({ from, to, kind, weight });
const ranks = (edges: InfluenceEdge[], ignore?: Set<string>) =>
  Object.fromEntries(
    [...networkPositions(edges, { damping: 0.85, ...(ignore && { ignore }) })].map(([n, p]) => [
      n,
      p.pagerank,
    ]),
  );

describe('PageRank on small graphs (d = 0.85), computed by hand', () => {
  it('a cycle gives everyone a third', () => {
    const r = ranks([edge('a', 'b'), edge('b', 'c'), edge('c', 'a')]);
    for (const n of ['a', 'b', 'c']) expect(r[n]).toBeCloseTo(1 / 3, 10);
  });

  it('a star: b and c point at a, which is dangling and spreads its rank evenly', () => {
    // a = 0.05 + 0.85(b + c) + 0.85a/3 and b = c = 0.05 + 0.85a/3 with a + 2b = 1: a = 27/47, b = 10/47.
    const r = ranks([edge('b', 'a'), edge('c', 'a')]);
    expect(r['a']).toBeCloseTo(27 / 47, 10);
    expect(r['b']).toBeCloseTo(10 / 47, 10);
    expect(r['c']).toBeCloseTo(10 / 47, 10);
  });

  it('edge weights split the rank a node passes on', () => {
    // a sends 3/4 to b and 1/4 to c; both send all to a: a = 18/37, b = 13.325/37, c = 5.675/37.
    const r = ranks([edge('a', 'b', 3), edge('a', 'c', 1), edge('b', 'a'), edge('c', 'a')]);
    expect(r['a']).toBeCloseTo(18 / 37, 10);
    expect(r['b']).toBeCloseTo(13.325 / 37, 10);
    expect(r['c']).toBeCloseTo(5.675 / 37, 10);
  });

  it('parallel edges add up, self-loops and ignored nodes drop out', () => {
    const split = ranks([
      edge('a', 'b', 2),
      edge('a', 'b', 1, 'referral'),
      edge('a', 'c', 1),
      edge('b', 'a'),
      edge('c', 'a'),
      edge('a', 'a', 9),
    ]);
    const merged = ranks([edge('a', 'b', 3), edge('a', 'c', 1), edge('b', 'a'), edge('c', 'a')]);
    for (const n of ['a', 'b', 'c']) expect(split[n]).toBeCloseTo(merged[n]!, 12);
    const withBrand = ranks(
      [edge('b', 'a'), edge('c', 'a'), edge('a', 'brand'), edge('b', 'brand')],
      new Set(['brand']),
    );
    expect(withBrand['brand']).toBeUndefined();
    expect(withBrand['a']).toBeCloseTo(27 / 47, 10);
  });

  it('reports the ratio to the average and where the incoming weight came from', () => {
    const positions = networkPositions([edge('b', 'a', 1), edge('c', 'a', 3, 'referral')], { damping: 0.85 });
    const a = positions.get('a')!;
    expect(a.ratio).toBeCloseTo(3 * (27 / 47), 10);
    expect(a.socialShare).toBeCloseTo(0.25, 12);
    expect(a.referralShare).toBeCloseTo(0.75, 12);
    expect(positions.get('b')!.socialShare).toBe(0);
  });

  it('does not depend on the order edges arrive in', () => {
    const edges = [
      edge('a', 'b', 2),
      edge('b', 'c'),
      edge('c', 'a', 5),
      edge('d', 'a'),
      edge('d', 'c', 1, 'referral'),
      edge('e', 'd'),
    ];
    const expected = networkPositions(edges, { damping: 0.85 });
    fc.assert(
      fc.property(
        fc.shuffledSubarray(edges, { minLength: edges.length, maxLength: edges.length }),
        (shuffled) => {
          expect(networkPositions(shuffled, { damping: 0.85 })).toEqual(expected);
        },
      ),
    );
  });

  it('scores position 0 at or below average and 1 at ratioCap times the average', () => {
    const at = (ratio: number) => networkScore({ pagerank: 0, ratio, socialShare: 1, referralShare: 0 }, 20);
    expect(at(0.5)).toBe(0);
    expect(at(1)).toBe(0);
    expect(at(20)).toBeCloseTo(1, 12);
    expect(at(400)).toBe(1);
    expect(at(Math.sqrt(20))).toBeCloseTo(0.5, 12);
    expect(networkScore(undefined, 20)).toBe(0);
    expect(networkPositions([], { damping: 0.85 }).size).toBe(0);
  });
});
