export type Cluster = { id: string; members: string[] };

export type ChangeKind =
  /** A new record forms a cluster of its own. */
  | 'created'
  /** A record (new or changed) joined one existing cluster. */
  | 'joined'
  /** Two or more existing clusters became one. */
  | 'merged'
  /** A cluster fell apart into several. */
  | 'split'
  /** Clusters both merged and split (e.g. a bridge record changed sides). */
  | 'reshaped'
  /** A record left its cluster (deleted or moved out) without other changes. */
  | 'removed'
  /** A record moved or changed in a way that changed membership otherwise. */
  | 'updated'
  | 'unchanged';

export type ClusterChange = {
  kind: ChangeKind;
  record: string;
  /** Clusters that no longer exist in this form... */
  before: Cluster[];
  /** ...and the clusters that replace them. Clusters that came out identical are left out of both. */
  after: Cluster[];
};

const key = (c: Cluster): string => `${c.id}\u001e${[...c.members].sort().join('\u001f')}`;

export function describeChange(
  changeKind: 'upsert' | 'delete' | 'decision',
  record: string,
  removed: string | undefined,
  beforeAll: Cluster[],
  afterAll: Cluster[],
): ClusterChange {
  const afterKeys = new Set(afterAll.map(key));
  const beforeKeys = new Set(beforeAll.map(key));
  const before = beforeAll.filter((c) => !afterKeys.has(key(c))).sort((a, b) => (a.id < b.id ? -1 : 1));
  const after = afterAll.filter((c) => !beforeKeys.has(key(c))).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (before.length === 0 && after.length === 0) return { kind: 'unchanged', record, before, after };

  const clusterBefore = new Map<string, string>();
  for (const c of before) for (const m of c.members) clusterBefore.set(m, c.id);
  // A merge: an after-cluster drawing on two or more earlier clusters (a brand-new record counts as its own).
  let merged = 0;
  let joined = 0;
  for (const c of after) {
    const sources = new Set(c.members.map((m) => clusterBefore.get(m) ?? `new:${m}`));
    if (sources.size > 1) {
      const fromOld = [...sources].filter((s) => !s.startsWith('new:')).length;
      if (fromOld > 1) merged++;
      else joined++;
    }
  }
  const clusterAfter = new Map<string, string>();
  for (const c of after) for (const m of c.members) clusterAfter.set(m, c.id);
  let split = 0;
  for (const c of before) {
    const targets = new Set(
      c.members.filter((m) => m !== removed && clusterAfter.has(m)).map((m) => clusterAfter.get(m)),
    );
    if (targets.size > 1) split++;
  }
  let kind: ChangeKind;
  if (merged > 0 && split > 0) kind = 'reshaped';
  else if (merged > 0) kind = 'merged';
  else if (split > 0) kind = 'split';
  else if (joined > 0) kind = 'joined';
  else if (
    changeKind === 'upsert' &&
    before.length === 0 &&
    after.length === 1 &&
    after[0]!.members.length === 1
  )
    kind = 'created';
  else if (removed !== undefined || after.some((c) => c.members.includes(record)) === false) kind = 'removed';
  else kind = 'updated';
  return { kind, record, before, after };
}
