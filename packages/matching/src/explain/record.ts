import { probabilityOf } from '../model/compiled.ts';
import type { Engine } from '../resolve/engine.ts';
import { judgePair } from '../resolve/judge-pair.ts';
import type { Edge, ResolutionStore } from '../resolve/resolution-store.ts';
import { effectiveForm } from '../resolve/store-reader.ts';

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
 * stored reason (and the clustering guard that refused a link, if one did). Reads through the store.
 */
export async function explainRecord(
  engine: Engine,
  store: ResolutionStore,
  recordId: string,
  againstCluster?: string,
): Promise<RecordExplanation> {
  const self = (await store.records([recordId])).get(recordId);
  const clusterId = self?.cluster;
  const against = againstCluster ?? clusterId ?? '';
  const members = (await store.clusters([against])).get(against) ?? [];
  const evidence: MemberEvidence[] = [];
  if (self === undefined) return { recordId, clusterId, against, inCluster: false, evidence };
  const others = await store.records(members.filter((m) => m !== recordId));
  const stored = new Map<string, Edge>();
  for (const e of await store.edges([recordId])) stored.set(e.a === recordId ? e.b : e.a, e);
  const apart = new Set<string>();
  const together = new Set<string>();
  for (const d of await store.decisions([recordId])) {
    const other = d.a === recordId ? d.b : d.a;
    (d.kind === 'apart' ? apart : together).add(other);
  }
  const me = effectiveForm(self);
  for (const other of members) {
    const them = others.get(other);
    if (other === recordId || them === undefined) continue;
    const edge = stored.get(other);
    const [a, b] = me.id < them.id ? [me, effectiveForm(them)] : [effectiveForm(them), me];
    const v = edge ?? judgePair(engine.cm, engine.cfg, a, b);
    let kind: MemberEvidence['kind'] = v.kind;
    let reason = v.reason;
    if (apart.has(other)) {
      kind = 'steward-apart';
      reason = 'steward:apart';
    } else if (together.has(other)) {
      kind = 'steward-together';
      reason = 'steward:together';
    } else if (edge === undefined && v.kind !== 'separate') {
      reason = `${v.reason} (not a candidate: no shared blocking key)`;
    }
    evidence.push({
      other,
      kind,
      reason,
      weight: v.weight,
      probability: probabilityOf(v.weight),
      refusedBy: edge?.refusedBy,
    });
  }
  return { recordId, clusterId, against, inCluster: clusterId === against, evidence };
}
