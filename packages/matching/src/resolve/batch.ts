import type { PersonRecord } from '@rapport/contracts';
import { generateCandidatePairs, type BlockingStats } from '../block/candidate-pairs.ts';
import { pairCompleteness } from '../block/completeness.ts';
import { clusterEdges, type LinkEdge } from '../cluster/greedy.ts';
import { clusterIdOf } from '../cluster/cluster-id.ts';
import { findOverloaded } from '../guard/identifier-limit.ts';
import { TIER_STEWARD } from '../cluster/tiers.ts';
import type { MatchModel } from '../model/model.ts';
import { prepareRecord, withoutOverloaded, type PreparedRecord } from '../normalise/prepare.ts';
import type { EngineConfig } from './config.ts';
import { apartIndex, togetherPairs, type StewardDecision } from './decisions.ts';
import { createEngine } from './engine.ts';
import { contradicts, judgePair } from './judge-pair.ts';
import {
  relationshipsBetween,
  ReviewNotes,
  type RelatedNodes,
  type Relationship,
  type ReviewPair,
} from './outcome.ts';

export type ResolveStats = BlockingStats & {
  records: number;
  clusters: number;
  /** Pairs linked (edges accepted by clustering). */
  links: number;
  linkEdges: number;
  reviewPairs: number;
  refusedByGuard: Record<string, number>;
  overloadedIdentifiers: number;
  /** Share of true matching pairs that blocking generated, when labels were given. */
  pairCompleteness?: number;
  /** Pairs that scored as links (before clustering guards), by the first rule that generated them. */
  linksByRule: Record<string, number>;
  /** True matching pairs generated, by the first rule that generated them, when labels were given. */
  truePairsByRule?: Record<string, number>;
  /** True matching pairs that scored as links, by first rule, when labels were given. */
  trueLinksByRule?: Record<string, number>;
};

export type BatchResult = {
  assignments: Map<string, string>;
  reviewPairs: ReviewPair[];
  related: Relationship[];
  stats: ResolveStats;
};

export type BatchOptions = {
  model: MatchModel;
  config?: Partial<EngineConfig>;
  decisions?: StewardDecision[];
  onProgress?: (done: number, total: number) => void;
  /** Optional truth (record id -> entity id) to measure blocking pair completeness. */
  labels?: ReadonlyMap<string, string>;
};

/**
 * The nodes in record-id order (ties, a repeated id, by arrival) and each node's position in it. Nodes stay
 * in arrival order, which is also their order in memory: the blocking passes walk them one after another,
 * and at a million records walking them in id order instead (all over a gigabyte of heap) took twice as
 * long. Wherever the outcome could depend on order (which record of a pair comes first, a cluster's name,
 * the order of assignments and review pairs), it uses these, so the result is still a function of the set.
 */
function idOrder(nodes: readonly PreparedRecord[]): { ids: string[]; order: Int32Array; rank: Int32Array } {
  // Ids copied out once: the sort and the outputs then read one array, not a million records spread over the heap.
  const ids = nodes.map((n) => n.id);
  const sorted = ids.map((_, i) => i);
  sorted.sort((x, y) => {
    const a = ids[x]!;
    const b = ids[y]!;
    return a < b ? -1 : a > b ? 1 : x - y;
  });
  const order = Int32Array.from(sorted);
  const rank = new Int32Array(nodes.length);
  for (let k = 0; k < order.length; k++) rank[order[k]!] = k;
  return { ids, order, rank };
}

/**
 * Resolve a whole set of records at once; the result depends only on the set, the model, config and decisions.
 * `records` may be any iterable (a generator reading a file): each record is prepared once and dropped.
 */
export function resolveBatch(records: Iterable<PersonRecord>, opts: BatchOptions): BatchResult {
  const { cfg, cm, normalise, rules } = createEngine(opts);
  const steps = rules.length + 2;
  const progress = opts.onProgress ?? (() => {});

  // Records are prepared as they arrive and not kept: a caller streaming a file never holds it whole.
  const nodes: PreparedRecord[] = [];
  for (const r of records) nodes.push(prepareRecord(r, normalise));
  const { ids, order, rank } = idOrder(nodes);
  const overloaded = findOverloaded(nodes, cfg.maxPeoplePerIdentifier);
  for (let i = 0; i < nodes.length; i++) nodes[i] = withoutOverloaded(nodes[i]!, overloaded);
  progress(1, steps);

  const links: LinkEdge[] = [];
  // Review notes kept compact (a million records give millions): node indices, weight, reason number.
  const reviews = new ReviewNotes();
  const related: RelatedNodes[] = [];
  let lastStep = 1;
  const labels = opts.labels;
  let truePairsFound = 0;
  const linkCounts = new Float64Array(rules.length);
  const trueCounts = new Float64Array(rules.length);
  const trueLinkCounts = new Float64Array(rules.length);
  const blocking = generateCandidatePairs(nodes, rules, cfg.maxBlockSize, (p, q, r) => {
    // Pairs come record by record (p ascending): progress is how far through the records the loop is.
    const step = 1 + Math.floor((p * rules.length) / nodes.length);
    if (step !== lastStep) {
      progress(step, steps);
      lastStep = step;
    }
    // The record with the smaller id first, as judgePair requires.
    const i = rank[p]! < rank[q]! ? p : q;
    const j = i === p ? q : p;
    let isTrue = false;
    if (labels !== undefined) {
      const la = labels.get(ids[i]!);
      if (la !== undefined && la === labels.get(ids[j]!)) {
        isTrue = true;
        truePairsFound++;
        trueCounts[r]!++;
      }
    }
    const v = judgePair(cm, cfg, nodes[i]!, nodes[j]!);
    if (v.kind === 'link') {
      linkCounts[r]!++;
      if (isTrue) trueLinkCounts[r]!++;
      links.push({ x: i, y: j, tier: v.tier, weight: v.weight, reason: v.reason });
    } else if (v.kind === 'review') reviews.add(i, j, v.weight, v.reason);
    if (v.related !== undefined) related.push({ x: i, y: j, kinds: v.related });
  });
  progress(rules.length + 1, steps);

  const indexOf = new Map<string, number>();
  const decisions = opts.decisions ?? [];
  if (decisions.length > 0) nodes.forEach((n, i) => indexOf.set(n.id, i));
  for (const [a, b] of togetherPairs(decisions)) {
    const x = indexOf.get(a);
    const y = indexOf.get(b);
    if (x !== undefined && y !== undefined)
      links.push({ x, y, tier: TIER_STEWARD, weight: Infinity, reason: 'steward:together' });
  }
  const linkEdges = links.length;
  const { root, refused } = clusterEdges(
    nodes,
    links,
    {
      apart: apartIndex(decisions),
      maxClusterSize: cfg.maxClusterSize,
      contradicts: (a, b) => contradicts(cm, cfg, a, b),
    },
    rank,
  );

  // A cluster is named after its smallest record id; assignments are listed in record-id order.
  const first = new Int32Array(nodes.length).fill(-1);
  for (let i = 0; i < nodes.length; i++) {
    const r = root[i]!;
    if (first[r]! < 0 || rank[i]! < rank[first[r]!]!) first[r] = i;
  }
  // One name per cluster, shared by its members.
  const names: (string | undefined)[] = new Array(nodes.length);
  let clusters = 0;
  const assignments = new Map<string, string>();
  for (const i of order) {
    const r = root[i]!;
    let name = names[r];
    if (name === undefined) {
      names[r] = name = clusterIdOf(ids[first[r]!]!);
      clusters++;
    }
    assignments.set(ids[i]!, name);
  }
  const refusedByGuard: Record<string, number> = {};
  for (const r of refused) {
    // A steward's "together" held back by their own "apart" is their conflict to see, not a match to review.
    if (r.edge.tier === TIER_STEWARD) continue;
    refusedByGuard[r.guard] = (refusedByGuard[r.guard] ?? 0) + 1;
    const [x, y] = rank[r.edge.x]! < rank[r.edge.y]! ? [r.edge.x, r.edge.y] : [r.edge.y, r.edge.x];
    reviews.add(x, y, r.edge.weight, `${r.edge.reason}+guard:${r.guard}`);
  }
  const reviewPairs = reviews.toReviewPairs(ids, root, rank, order);
  progress(steps, steps);

  const stats: ResolveStats = {
    ...blocking,
    records: nodes.length,
    clusters,
    links: linkEdges - refused.length,
    linkEdges,
    reviewPairs: reviewPairs.length,
    refusedByGuard,
    overloadedIdentifiers: overloaded.size,
    linksByRule: Object.fromEntries(rules.map((rule, r) => [rule.name, linkCounts[r]!])),
  };
  if (labels !== undefined) {
    stats.pairCompleteness = pairCompleteness(truePairsFound, labels, nodes);
    stats.truePairsByRule = Object.fromEntries(rules.map((rule, r) => [rule.name, trueCounts[r]!]));
    stats.trueLinksByRule = Object.fromEntries(rules.map((rule, r) => [rule.name, trueLinkCounts[r]!]));
  }
  return {
    assignments,
    reviewPairs,
    related: relationshipsBetween(related, ids, { root, first, rank, names }),
    stats,
  };
}
