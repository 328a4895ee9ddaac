import { DirectedGraph } from 'graphology';
import pagerankExport from 'graphology-metrics/centrality/pagerank.js';
import { logCompressed } from '../explain/component.ts';

// A CommonJS module typed as `export default`: Node gives the function itself to a default import.
const pagerank = pagerankExport as unknown as (typeof pagerankExport)['default'];

/**
 * A directed edge of the brand's graph. Mentions and replies point from the author to the account they
 * address; a referral points from the referred customer to the one who referred them. Either way the
 * edge passes standing to its target, so PageRank counts word of mouth and social attention alike.
 */
export interface InfluenceEdge {
  from: string;
  to: string;
  kind: 'mention' | 'reply' | 'referral';
  /** Mentions and replies: how many; a referral: its spend weight (see referrals.ts). */
  weight: number;
}

export interface NetworkPosition {
  /** PageRank (all nodes sum to 1). */
  pagerank: number;
  /** PageRank × number of nodes: 1 is the average node. */
  ratio: number;
  /** Shares of the weight pointing at this node that came from social edges and from referrals. */
  socialShare: number;
  referralShare: number;
}

export interface NetworkOptions {
  damping: number;
  /** Nodes left out, e.g. the brand's own accounts, which every mention points at. */
  ignore?: ReadonlySet<string>;
}

/**
 * Weighted PageRank (Brin and Page, 1998) of every node, by graphology-metrics: rank flows along edges
 * in proportion to their weight, damping d, dangling nodes spreading theirs evenly. Parallel edges add
 * up; self-loops are dropped; edges are inserted in sorted order, so the result does not depend on
 * the order they arrive in.
 */
export function networkPositions(
  edges: Iterable<InfluenceEdge>,
  options: NetworkOptions,
): Map<string, NetworkPosition> {
  const ignore = options.ignore ?? new Set<string>();
  const kept = [...edges]
    .filter((e) => e.from !== e.to && e.weight > 0 && !ignore.has(e.from) && !ignore.has(e.to))
    .sort((p, q) => (p.from < q.from ? -1 : p.from > q.from ? 1 : p.to < q.to ? -1 : p.to > q.to ? 1 : 0));
  const graph = new DirectedGraph<Record<string, never>, { weight: number }>({ allowSelfLoops: false });
  const incoming = new Map<string, { social: number; referral: number }>();
  for (const e of kept) {
    graph.mergeNode(e.from);
    graph.mergeNode(e.to);
    graph.updateDirectedEdge(e.from, e.to, (attr) => ({ weight: (attr.weight ?? 0) + e.weight }));
    const into = incoming.get(e.to) ?? { social: 0, referral: 0 };
    if (e.kind === 'referral') into.referral += e.weight;
    else into.social += e.weight;
    incoming.set(e.to, into);
  }
  const positions = new Map<string, NetworkPosition>();
  if (graph.order === 0) return positions;
  const ranks = pagerank(graph, {
    alpha: options.damping,
    getEdgeWeight: 'weight',
    tolerance: 1e-12,
    maxIterations: 1000,
  });
  graph.forEachNode((node) => {
    const rank = ranks[node] ?? 0;
    const into = incoming.get(node) ?? { social: 0, referral: 0 };
    const sum = into.social + into.referral;
    positions.set(node, {
      pagerank: rank,
      ratio: rank * graph.order,
      socialShare: sum === 0 ? 0 : into.social / sum,
      referralShare: sum === 0 ? 0 : into.referral / sum,
    });
  });
  return positions;
}

/** 0 for an average node or less, 1 at `ratioCap` times the average, log-scaled in between. */
export function networkScore(position: NetworkPosition | undefined, ratioCap: number): number {
  if (position === undefined || position.ratio <= 1) return 0;
  return logCompressed(position.ratio - 1, ratioCap - 1);
}
