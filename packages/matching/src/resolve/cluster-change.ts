/**
 * How one cluster (a customer) changed in a batch. The kinds follow identity.customer.v1: `merged` when it
 * absorbed a cluster that no longer exists, `split` when part of it became a new cluster, `created` and
 * `deleted` for ids that appear and disappear (a cluster absorbed by a merge is `deleted`, a part split
 * off is `created`), `updated` for any other change of members.
 */
export type ClusterChange = {
  kind: 'created' | 'merged' | 'split' | 'updated' | 'deleted';
  cluster: string;
  /** Members before and after, in id order ([] for created and deleted). */
  before: string[];
  after: string[];
  /** Other clusters, before the batch, that held any of its members after. */
  from: string[];
  /** Other clusters, after the batch, that hold any of its members before. */
  to: string[];
};

export type ChangeKind = ClusterChange['kind'];

/**
 * The changes between two assignments of the same region (whole components), one per cluster id whose
 * members differ, in id order. `before` and `after` map cluster ids to members.
 */
export function clusterChanges(
  before: ReadonlyMap<string, readonly string[]>,
  after: ReadonlyMap<string, readonly string[]>,
): ClusterChange[] {
  const wasIn = new Map<string, string>();
  for (const [c, members] of before) for (const m of members) wasIn.set(m, c);
  const isIn = new Map<string, string>();
  for (const [c, members] of after) for (const m of members) isIn.set(m, c);
  const sameMembers = (x: readonly string[], y: readonly string[]): boolean =>
    x.length === y.length && x.every((m, i) => m === y[i]);

  const out: ClusterChange[] = [];
  for (const cluster of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const was = [...(before.get(cluster) ?? [])].sort();
    const is = [...(after.get(cluster) ?? [])].sort();
    if (sameMembers(was, is)) continue;
    const from = others(is, wasIn, cluster);
    const to = others(was, isIn, cluster);
    let kind: ChangeKind;
    if (!before.has(cluster)) kind = 'created';
    else if (!after.has(cluster)) kind = 'deleted';
    else if (from.some((c) => !after.has(c))) kind = 'merged';
    else if (to.some((c) => !before.has(c))) kind = 'split';
    else kind = 'updated';
    out.push({ kind, cluster, before: before.has(cluster) ? was : [], after: is, from, to });
  }
  return out;
}

function others(members: readonly string[], clusterOf: ReadonlyMap<string, string>, self: string): string[] {
  const out = new Set<string>();
  for (const m of members) {
    const c = clusterOf.get(m);
    if (c !== undefined && c !== self) out.add(c);
  }
  return [...out].sort();
}
