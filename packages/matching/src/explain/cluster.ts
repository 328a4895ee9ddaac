import type { StewardDecision } from '../resolve/decisions.ts';
import type { Engine } from '../resolve/engine.ts';
import type { Edge, ResolutionStore } from '../resolve/resolution-store.ts';
import { effectiveForm } from '../resolve/store-reader.ts';
import { explainPrepared, type PairExplanation } from './pair.ts';

/** One pair inside a customer: a link that holds it together, or one a guard held back. */
export type ClusterPair = {
  a: string;
  b: string;
  /** The rule that linked them (`deterministic:same-card`, `threshold:link`...) or `steward:together`. */
  reason: string;
  refusedBy: string | undefined;
  /** Every comparison; undefined for a steward's "together" between records the engine did not link. */
  pair: PairExplanation | undefined;
};

export type ClusterExplanation = {
  clusterId: string;
  members: string[];
  /** The links and steward "together" decisions that join the members, strongest evidence first. */
  links: ClusterPair[];
  /** Links between members that a clustering guard refused (the members are joined by other links). */
  refused: ClusterPair[];
  /** Every steward decision naming a member. */
  decisions: StewardDecision[];
};

/**
 * Why a customer is what it is: every link between its members with every comparison, and the steward
 * decisions; undefined for an unknown cluster. Reads through the store.
 */
export async function explainCluster(
  engine: Engine,
  store: ResolutionStore,
  clusterId: string,
): Promise<ClusterExplanation | undefined> {
  const members = (await store.clusters([clusterId])).get(clusterId);
  if (members === undefined || members.length === 0) return undefined;
  const inside = new Set(members);
  const [records, edges, decisions] = await Promise.all([
    store.records(members),
    store.edges(members, true),
    store.decisions(members),
  ]);
  const explain = (e: Pick<Edge, 'a' | 'b'>): PairExplanation | undefined => {
    const ra = records.get(e.a);
    const rb = records.get(e.b);
    return ra && rb ? explainPrepared(engine, effectiveForm(ra), effectiveForm(rb)) : undefined;
  };
  const links: ClusterPair[] = [];
  const refused: ClusterPair[] = [];
  for (const e of edges) {
    if (!inside.has(e.a) || !inside.has(e.b)) continue;
    const item = { a: e.a, b: e.b, reason: e.reason, refusedBy: e.refusedBy, pair: explain(e) };
    (e.refusedBy === undefined ? links : refused).push(item);
  }
  for (const d of decisions) {
    if (d.kind !== 'together' || !inside.has(d.a) || !inside.has(d.b)) continue;
    const [a, b] = d.a < d.b ? [d.a, d.b] : [d.b, d.a];
    links.push({ a, b, reason: 'steward:together', refusedBy: undefined, pair: explain({ a, b }) });
  }
  const weight = (x: ClusterPair): number => x.pair?.totalWeight ?? -Infinity;
  const order = (x: ClusterPair, y: ClusterPair): number => {
    if (weight(x) !== weight(y)) return weight(x) > weight(y) ? -1 : 1;
    return x.a !== y.a ? (x.a < y.a ? -1 : 1) : x.b < y.b ? -1 : x.b > y.b ? 1 : 0;
  };
  return {
    clusterId,
    members,
    links: links.sort(order),
    refused: refused.sort(order),
    decisions,
  };
}
