import { differentCardsOfOneProgram } from '../evidence/deterministic.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import { TIER_STEWARD } from './tiers.ts';

/** An edge between two nodes (indices into the node list) that asks to put them in one cluster. */
export type LinkEdge = { x: number; y: number; tier: number; weight: number; reason: string };

export type GuardName = 'steward-apart' | 'different-cards' | 'contradiction' | 'size-cap';

export type Refusal = { edge: LinkEdge; guard: GuardName; detail: string };

export type ClusterGuards = {
  /** Pairs of record ids a steward keeps apart, both directions. */
  apart: ReadonlyMap<string, ReadonlySet<string>>;
  maxClusterSize: number;
  contradicts: (a: PreparedRecord, b: PreparedRecord) => boolean;
};

/**
 * Strongest edge first: by tier, weight descending, then by the records' places in id order (`pos`), so the
 * result is a function of the set of edges and never of the order they were found in.
 */
function compareEdges(pos: Int32Array, e: LinkEdge, f: LinkEdge): number {
  if (e.tier !== f.tier) return e.tier - f.tier;
  if (e.weight !== f.weight) return f.weight - e.weight;
  const ex = pos[e.x]!;
  const ey = pos[e.y]!;
  const fx = pos[f.x]!;
  const fy = pos[f.y]!;
  return Math.min(ex, ey) - Math.min(fx, fy) || Math.max(ex, ey) - Math.max(fx, fy);
}

/**
 * Greedy agglomeration over link edges with guards. Unlike connected components it does not chain:
 * two clusters merge only if no record of one contradicts a record of the other, no steward kept them
 * apart, they would not hold two cards of one programme, and the result stays under the size cap.
 * Steward "together" edges skip every guard except a steward's own "apart".
 */
export function clusterEdges(
  nodes: readonly PreparedRecord[],
  edges: LinkEdge[],
  guards: ClusterGuards,
  /** Each node's place in record-id order; leave out when the nodes are in id order already. */
  rank?: Int32Array,
): { root: Int32Array; members: Map<number, number[]>; refused: Refusal[] } {
  const parent = new Int32Array(nodes.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const members = new Map<number, number[]>();
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const membersOf = (r: number): number[] => members.get(r) ?? [r];
  const refused: Refusal[] = [];
  const pos = rank ?? Int32Array.from(nodes, (_, i) => i);
  edges.sort((e, f) => compareEdges(pos, e, f));

  for (const e of edges) {
    const rx = find(e.x);
    const ry = find(e.y);
    if (rx === ry) continue;
    const mx = membersOf(rx);
    const my = membersOf(ry);
    const refusal = checkMerge(nodes, e, mx, my, guards);
    if (refusal !== undefined) {
      refused.push(refusal);
      continue;
    }
    // The smaller index stays root (any fixed choice would do: callers name a cluster by its smallest record id).
    const [keep, drop] = rx < ry ? [rx, ry] : [ry, rx];
    parent[drop] = keep;
    const merged = mx.concat(my);
    members.set(keep, merged);
    members.delete(drop);
  }
  const root = new Int32Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) root[i] = find(i);
  return { root, members, refused };
}

function checkMerge(
  nodes: readonly PreparedRecord[],
  e: LinkEdge,
  mx: number[],
  my: number[],
  guards: ClusterGuards,
): Refusal | undefined {
  if (guards.apart.size > 0) {
    for (const i of mx) {
      const apart = guards.apart.get(nodes[i]!.id);
      if (apart === undefined) continue;
      for (const j of my)
        if (apart.has(nodes[j]!.id))
          return { edge: e, guard: 'steward-apart', detail: `${nodes[i]!.id}|${nodes[j]!.id}` };
    }
  }
  if (e.tier === TIER_STEWARD) return undefined;
  if (mx.length + my.length > guards.maxClusterSize)
    return { edge: e, guard: 'size-cap', detail: String(mx.length + my.length) };
  const cardsX = mx.flatMap((i) => nodes[i]!.cards);
  const cardsY = my.flatMap((i) => nodes[i]!.cards);
  const program = differentCardsOfOneProgram(cardsX, cardsY);
  if (program !== undefined) return { edge: e, guard: 'different-cards', detail: program };
  for (const i of mx) {
    for (const j of my) {
      if ((i === e.x && j === e.y) || (i === e.y && j === e.x)) continue;
      if (guards.contradicts(nodes[i]!, nodes[j]!))
        return { edge: e, guard: 'contradiction', detail: `${nodes[i]!.id}|${nodes[j]!.id}` };
    }
  }
  return undefined;
}
