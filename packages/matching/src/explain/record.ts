import { probabilityOf } from '../model/compiled.ts';
import type { ResolverState } from '../resolve/incremental-state.ts';
import { judgePair } from '../resolve/judge-pair.ts';

export type MemberEvidence = {
  other: string;
  /** How this pair was judged: link, review or separate, and by what rule or guard. */
  kind: 'link' | 'review' | 'separate' | 'steward-together' | 'steward-apart';
  reason: string;
  weight: number;
  probability: number;
  /** The guard that held back a link between these two, if any. */
  refusedBy: string | undefined;
};

export type RecordExplanation = {
  recordId: string;
  clusterId: string | undefined;
  /** The cluster asked about (defaults to the record's own). */
  against: string;
  inCluster: boolean;
  /** One entry per member of `against`: why that pair pulls together or apart. */
  evidence: MemberEvidence[];
};

/**
 * Why a record is in a cluster, or not: the judged pair with every member of the cluster, with the
 * stored reason (and the clustering guard that refused a link, if one did).
 */
export function explainRecord(
  state: ResolverState,
  recordId: string,
  againstCluster?: string,
): RecordExplanation {
  const clusterId = state.clusterOf.get(recordId);
  const against = againstCluster ?? clusterId ?? '';
  const members = state.clusters.get(against) ?? [];
  const me = state.prepared.get(recordId);
  const evidence: MemberEvidence[] = [];
  for (const other of members) {
    if (other === recordId || me === undefined) continue;
    const them = state.prepared.get(other)!;
    const stored = state.edges.get(recordId)?.get(other);
    const [a, b] = me.id < them.id ? [me, them] : [them, me];
    const v = stored ?? judgePair(state.cm, state.cfg, a, b);
    let kind: MemberEvidence['kind'] = v.kind;
    let reason = v.reason;
    if (state.apart.get(recordId)?.has(other) === true) {
      kind = 'steward-apart';
      reason = 'steward:apart';
    } else if (state.together.get(recordId)?.has(other) === true) {
      kind = 'steward-together';
      reason = 'steward:together';
    } else if (stored === undefined && v.kind !== 'separate') {
      reason = `${v.reason} (not a candidate: no shared blocking key)`;
    }
    evidence.push({
      other,
      kind,
      reason,
      weight: v.weight,
      probability: probabilityOf(v.weight),
      refusedBy: stored?.refusedBy,
    });
  }
  return { recordId, clusterId, against, inCluster: clusterId === against, evidence };
}
