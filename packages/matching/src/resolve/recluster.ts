import { clusterIdOf } from '../cluster/cluster-id.ts';
import { clusterEdges, type LinkEdge } from '../cluster/greedy.ts';
import { TIER_STEWARD } from '../cluster/tiers.ts';
import type { PreparedRecord } from '../normalise/prepare.ts';
import { apartIndex, togetherPairs, type StewardDecision } from './decisions.ts';
import type { Engine } from './engine.ts';
import { contradicts } from './judge-pair.ts';
import type { Edge, Placement } from './resolution-store.ts';
import { pairKey } from './rescore.ts';

export type Reclustered = {
  placements: Map<string, Placement>;
  /** The guard that refused each refused link, by pairKey. */
  refused: Map<string, string>;
  refusedByGuard: Record<string, number>;
  components: number;
};

/**
 * Clusters a region made of whole components, exactly as the batch clusters them: components over link
 * edges and steward "together" pairs, then greedy clustering of each, its records in id order. A component
 * is named after its smallest record id, a cluster after its smallest record id (clusterIdOf).
 */
export function recluster(
  engine: Engine,
  records: readonly string[],
  preparedOf: (id: string) => PreparedRecord,
  links: readonly Edge[],
  decisions: readonly StewardDecision[],
): Reclustered {
  const ids = [...records].sort();
  const at = new Map(ids.map((id, i) => [id, i]));
  const together: [number, number][] = [];
  for (const [a, b] of togetherPairs(decisions)) {
    const x = at.get(a);
    const y = at.get(b);
    if (x !== undefined && y !== undefined) together.push([x, y]);
  }
  const edges: [number, number, Edge][] = [];
  for (const e of links) {
    const x = at.get(e.a);
    const y = at.get(e.b);
    // A link leaving the region would mean the store's components are not whole: a bug, not an input.
    if (x === undefined || y === undefined) throw new Error(`link ${e.a}|${e.b} leaves its component`);
    edges.push([x, y, e]);
  }

  const parent = Int32Array.from(ids, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (x: number, y: number): void => {
    const rx = find(x);
    const ry = find(y);
    if (rx !== ry) parent[Math.max(rx, ry)] = Math.min(rx, ry);
  };
  for (const [x, y] of together) union(x, y);
  for (const [x, y] of edges) union(x, y);

  // Each component's nodes in id order, and each node's place in its component.
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < ids.length; i++) {
    const r = find(i);
    const list = byRoot.get(r);
    if (list === undefined) byRoot.set(r, [i]);
    else list.push(i);
  }
  const local = new Int32Array(ids.length);
  const linksOf = new Map<number, LinkEdge[]>();
  const edgeOf = new Map<LinkEdge, Edge>();
  for (const nodes of byRoot.values()) nodes.forEach((n, k) => (local[n] = k));
  const linkList = (x: number): LinkEdge[] => {
    const r = find(x);
    let list = linksOf.get(r);
    if (list === undefined) linksOf.set(r, (list = []));
    return list;
  };
  for (const [x, y] of together)
    linkList(x).push({
      x: local[x]!,
      y: local[y]!,
      tier: TIER_STEWARD,
      weight: Infinity,
      reason: 'steward:together',
    });
  for (const [x, y, e] of edges) {
    const link: LinkEdge = { x: local[x]!, y: local[y]!, tier: e.tier, weight: e.weight, reason: e.reason };
    edgeOf.set(link, e);
    linkList(x).push(link);
  }

  const guards = {
    apart: apartIndex(decisions),
    maxClusterSize: engine.cfg.maxClusterSize,
    contradicts: (a: PreparedRecord, b: PreparedRecord) => contradicts(engine.cm, engine.cfg, a, b),
  };
  const placements = new Map<string, Placement>();
  const refused = new Map<string, string>();
  const refusedByGuard: Record<string, number> = {};
  for (const [r, nodes] of byRoot) {
    const component = ids[nodes[0]!]!;
    const prepared = nodes.map((n) => preparedOf(ids[n]!));
    const result = clusterEdges(prepared, linksOf.get(r) ?? [], guards);
    for (const f of result.refused) {
      const e = edgeOf.get(f.edge);
      // A steward's "together" held back by their own "apart" is their conflict to see, not a match to review.
      if (e === undefined) continue;
      refused.set(pairKey(e.a, e.b), f.guard);
      refusedByGuard[f.guard] = (refusedByGuard[f.guard] ?? 0) + 1;
    }
    // Nodes are in id order, so a cluster's first node is its smallest record.
    const names = new Map<number, string>();
    for (let k = 0; k < nodes.length; k++) {
      const root = result.root[k]!;
      let cluster = names.get(root);
      if (cluster === undefined) names.set(root, (cluster = clusterIdOf(ids[nodes[k]!]!)));
      const record = ids[nodes[k]!]!;
      placements.set(record, { record, cluster, component });
    }
  }
  return { placements, refused, refusedByGuard, components: byRoot.size };
}
